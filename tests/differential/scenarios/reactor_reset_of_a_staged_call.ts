/** reset() and delay() on a reactor call not yet moved into the heap take effect when the next pass inserts it. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const a = r.callLater(5, emit, "a");
  const b = r.callLater(5, emit, "b");
  a.reset(1);
  b.delay(-4);
  emit("times", a.getTime(), b.getTime());
  r.now = 1;
  r.runUntilCurrent();
  emit("pending", r.getDelayedCalls().length);
}
