/** Awaiting a failed Deferred raises its error at every await and leaves the Failure as its result: later callbacks see it, and an awaited failure is not reported as unhandled. */
import { type Deferred, ensureDeferred, fail } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

async function awaitTwice(d: Deferred<unknown>): Promise<void> {
  async function twice(): Promise<void> {
    for (const attempt of [1, 2]) {
      try {
        await d;
        emit("await returned", attempt);
      } catch (e) {
        emit("await raised", attempt, e);
      }
    }
  }
  const done = ensureDeferred(twice());
  done.addCallback(() => emit("both awaits done"));
  await done; // Twisted's coroutine ran to its end inside ensureDeferred
}

async function awaitedThenDropped(): Promise<void> {
  const d = fail(new RangeError("awaited, then dropped"));
  await awaitTwice(d);
  emit("result after the awaits", d.result);
}

export async function main(): Promise<void> {
  const capture = captureLog();
  try {
    const d = fail(new RangeError("boom"));
    await awaitTwice(d);
    emit("result after the awaits", d.result);
    d.addErrback((f) => emit("a later errback sees", f));
    emit("result after that errback", d.result);
    await awaitedThenDropped();
    await collect();
    emit("collected");
  } finally {
    capture.stop();
  }
}
