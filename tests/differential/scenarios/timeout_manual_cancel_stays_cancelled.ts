/** Cancelling by hand before the deadline leaves CancelledError (not TimeoutError) and stops the timer. */
import { Clock, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = new Deferred<unknown>();
  d.addTimeout(5, clock);
  d.addBoth((r) => emit("result", r));
  clock.advance(1);
  d.cancel();
  emit("timer pending", clock.getDelayedCalls().length);
  clock.advance(10);
  emit("done");
}
