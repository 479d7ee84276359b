/** A timed call scheduled by a timed call runs on the next runUntilCurrent pass, even if already due. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  r.callLater(1, () => {
    emit("first");
    r.callLater(0, emit, "scheduled by first");
  });
  r.callLater(1, emit, "second");
  r.now = 1;
  r.runUntilCurrent();
  emit("pass over", r.getDelayedCalls().length);
  r.runUntilCurrent();
  emit("pending", r.getDelayedCalls().length);
}
