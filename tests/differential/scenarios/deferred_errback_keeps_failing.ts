/** An errback that raises, or returns the Failure, keeps the chain failing. */
import { Deferred, type Failure } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.addErrback((f: Failure) => {
    emit("give back", f);
    return f;
  });
  d.addErrback((f: Failure) => {
    emit("raiseException", f);
    f.raiseException();
  });
  d.addErrback((f: Failure) => {
    emit("reraise", f);
    throw new TypeError("second problem");
  });
  d.addErrback((f) => emit("last", f));
  d.errback(new RangeError("first problem"));
}
