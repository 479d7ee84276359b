/** On the reactor, reset() to sooner moves a call at once, delay() pushes it back, and cancel() removes it from getDelayedCalls. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const a = r.callLater(10, emit, "a", 10);
  const b = r.callLater(5, emit, "b", 5);
  const c = r.callLater(7, emit, "c", 7);
  r.runUntilCurrent();
  a.reset(1);
  b.delay(4);
  c.cancel();
  emit("times", a.getTime(), b.getTime(), r.getDelayedCalls().length);
  for (const t of [1, 5, 9]) {
    r.now = t;
    emit("now", t);
    r.runUntilCurrent();
  }
}
