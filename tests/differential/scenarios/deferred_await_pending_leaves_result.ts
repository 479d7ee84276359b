/** Awaiting a Deferred that has no result yet: once it fires, the coroutine gets the result; afterwards the Deferred's own result is None in Twisted (the coroutine driver's callback takes it), while twisted-ts leaves it in place (declared difference). */
import { Deferred, ensureDeferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

function awaitOnce(d: Deferred<unknown>, name: string): Deferred<void> {
  return ensureDeferred((async () => {
    try {
      emit(name, "await returned", await d);
    } catch (e) {
      emit(name, "await raised", e);
    }
  })());
}

export async function main(): Promise<void> {
  const ok = new Deferred<unknown>();
  let done = awaitOnce(ok, "value");
  ok.callback(5);
  await done; // Twisted resumes the coroutine inside callback()
  emit("value", "result afterwards", ok.result);
  ok.addCallback((r) => emit("value", "a later callback sees", r));

  const bad = new Deferred<unknown>();
  done = awaitOnce(bad, "failure");
  bad.errback(new RangeError("later"));
  await done;
  emit("failure", "result afterwards", bad.result);
  bad.addBoth((r) => {
    emit("failure", "a later callback sees", r);
    return null;
  });
}
