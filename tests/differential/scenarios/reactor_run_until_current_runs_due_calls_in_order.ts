/** runUntilCurrent runs every timed call that is due, earliest first; seconds() is read once per pass. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  r.callLater(3, emit, "three");
  r.callLater(1, () => emit("one", r.seconds()));
  r.callLater(2, emit, "two");
  r.callLater(7, emit, "seven");
  r.now = 3;
  r.runUntilCurrent();
  emit(
    "pending",
    r.getDelayedCalls().map((c) => c.getTime()).sort((a, b) => a - b),
  );
  r.now = 6.5;
  r.runUntilCurrent();
  r.now = 7;
  r.runUntilCurrent();
  emit("pending", r.getDelayedCalls().length);
}
