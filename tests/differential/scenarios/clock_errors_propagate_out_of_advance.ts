/** An exception from a call escapes Clock.advance; the failing call is gone and later calls stay pending. */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  clock.callLater(1, emit, "before");
  clock.callLater(2, () => {
    throw new RangeError("timed call failed");
  });
  clock.callLater(3, emit, "after");
  try {
    clock.advance(5);
  } catch (e) {
    emit("advance raised", e);
  }
  emit("now", clock.seconds(), clock.getDelayedCalls().length);
  clock.advance(0);
  emit("pending", clock.getDelayedCalls().length);
}
