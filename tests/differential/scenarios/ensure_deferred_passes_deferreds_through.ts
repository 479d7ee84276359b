/** ensureDeferred returns a Deferred unchanged and rejects what is neither a coroutine nor a Deferred. */
import { Deferred, ensureDeferred, NotACoroutineError } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  emit("same object", ensureDeferred(d) === d);
  try {
    ensureDeferred(42 as unknown as Deferred<unknown>);
  } catch (e) {
    if (!(e instanceof NotACoroutineError)) throw e;
    emit("rejected", kind(e), e instanceof TypeError);
  }
}
