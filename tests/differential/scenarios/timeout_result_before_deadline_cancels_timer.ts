/** A result (or failure) before the deadline passes through addTimeout and cancels its timer. */
import { Clock, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = new Deferred<string>(() => emit("canceller must not run"));
  d.addTimeout(5, clock);
  d.addBoth((r) => emit("result", r));
  emit("timer pending", clock.getDelayedCalls().length);
  clock.advance(4);
  d.callback("in time");
  emit("timer pending", clock.getDelayedCalls().length);
  clock.advance(10);

  const e = new Deferred<string>();
  e.addTimeout(5, clock);
  e.addBoth((r) => emit("failure", r));
  e.errback(new RangeError("failed in time"));
  emit("timer pending", clock.getDelayedCalls().length);
}
