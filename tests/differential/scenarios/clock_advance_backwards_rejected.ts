/** Clock.advance with a negative amount: we refuse it with a RangeError, time does not go backwards (declared difference). */
import { Clock } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  clock.advance(5);
  try {
    clock.advance(-2);
  } catch (e) {
    emit("rejected", kind(e));
  }
  emit("now", clock.seconds());
}
