/** maybeDeferred: a value is wrapped, a raise becomes a failed Deferred, a Deferred is returned as is, a Failure is failed with. */
import { Deferred, Failure, maybeDeferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  maybeDeferred((a: number, b: number) => a + b, 2, 3).addCallback((r) =>
    emit("value", r)
  );
  maybeDeferred(() => {
    throw new RangeError("raised");
  }).addErrback((f) => emit("raise", f));

  const d = new Deferred<unknown>();
  emit("same Deferred", maybeDeferred(() => d) === d);

  const failure = new Failure(new TypeError("returned failure"));
  maybeDeferred(() => failure).addErrback((f) =>
    emit("failure", f, f === failure)
  );
  maybeDeferred(() => null).addCallback((r) => emit("None", r));
}
