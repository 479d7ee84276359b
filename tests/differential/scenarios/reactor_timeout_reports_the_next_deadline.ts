/** timeout() is None with nothing scheduled, else the time to the earliest call (0 if overdue), with delay() folded in. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  emit("empty", r.timeout());
  r.callLater(1000, () => {});
  emit("far", r.timeout());
  r.callLater(2.5, () => {});
  emit("next", r.timeout());
  r.now = 1;
  emit("later", r.timeout());
  r.now = 4;
  emit("overdue", r.timeout());
  r.runUntilCurrent();
  emit("after the pass", r.timeout());
  r.callLater(1, () => {}).delay(2);
  emit("delayed call", r.timeout());
}
