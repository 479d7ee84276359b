/** A call scheduled while Clock.advance runs, and already due, runs in the same advance, after calls already due at that time. */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  clock.callLater(2, () => {
    emit("first", clock.seconds());
    clock.callLater(0, emit, "scheduled by first for now");
    clock.callLater(1, emit, "scheduled by first for later");
  });
  clock.callLater(2, emit, "second, same time");
  clock.callLater(3, emit, "at three");
  clock.advance(5);
  emit("pending", clock.getDelayedCalls().length);
}
