/** Cancelling an inlineCallbacks Deferred whose awaited Deferred's errback chain is itself waiting: called at once, fired only when that chain finishes. */
import { CancelledError, Deferred, inlineCallbacks } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const slow = new Deferred<unknown>();
  const awaited = new Deferred<unknown>();
  awaited.addErrback((f) => {
    emit("awaited's errback waits on slow", f);
    return slow;
  });
  const work = inlineCallbacks(function* () {
    try {
      yield awaited;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      emit("generator got", e);
      return "after cancel";
    }
  });
  const d = work();
  d.addBoth((r) => emit("outcome", r));
  d.cancel();
  emit("called but waiting", d.called, d.paused);
  slow.errback(new CancelledError());
  emit("done", d.paused);
}
