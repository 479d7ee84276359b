/** timeout() with a cancelled call at the top of the heap still counts it (until a pass removes it), even when it is the only call left. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const soon = r.callLater(1, () => {});
  r.callLater(10, () => {});
  r.runUntilCurrent();
  soon.cancel();
  emit("cancelled top", r.timeout(), r.getDelayedCalls().length);
  r.runUntilCurrent();
  emit("after a pass", r.timeout());
  const only = r.callLater(3, () => {});
  r.runUntilCurrent();
  r.now = 0;
  for (const c of r.getDelayedCalls()) c.cancel();
  emit(
    "all cancelled",
    r.timeout(),
    r.getDelayedCalls().length,
    only.cancelled,
  );
}
