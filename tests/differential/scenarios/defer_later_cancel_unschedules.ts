/** Cancelling deferLater's Deferred unschedules the call: it errbacks CancelledError and the function never runs. */
import { Clock, deferLater } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = deferLater(clock, 5, () => emit("must not run"));
  d.addErrback((f) => emit("cancelled", f));
  clock.advance(1);
  d.cancel();
  emit("pending", clock.getDelayedCalls().length);
  clock.advance(10);
}
