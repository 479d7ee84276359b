/** An errback that returns a value puts the chain back on the callback path. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.addCallback((r) => emit("skipped callback", r));
  d.addErrback((f) => {
    emit("errback", f, f.getErrorMessage());
    return "fallback";
  });
  d.addErrback((f) => emit("skipped errback", f));
  d.addCallback((r) => {
    emit("callback", r);
    return "done";
  });
  d.addBoth((r) => emit("both", r));
  d.errback(new RangeError("broken"));
}
