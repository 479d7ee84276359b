/** errback(exception) wraps it in a Failure; errback(aFailure) passes that very Failure. */
import { Deferred, fail, Failure } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const exc = new RangeError("wrapped");
  const d = new Deferred<unknown>();
  d.addErrback((f) =>
    emit(
      "wrapped",
      f,
      f instanceof Failure,
      f.value === exc,
      f.type === RangeError,
    )
  );
  d.errback(exc);

  const given = new Failure(new TypeError("given"));
  const d2 = new Deferred<unknown>();
  d2.addErrback((f) => emit("same object", f === given));
  d2.errback(given);

  const copy = new Failure(given);
  emit("copy shares value", copy.value === given.value, copy.getErrorMessage());

  fail(exc).addErrback((f) => emit("fail()", f, f.value === exc));
}
