/** Clock.callLater with a negative delay: we refuse it with a RangeError (declared difference). */
import { Clock } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  clock.advance(5);
  try {
    const call = clock.callLater(-1, emit, "negative delay ran");
    emit("scheduled at", call.getTime());
  } catch (e) {
    emit("rejected", kind(e));
  }
  clock.advance(0);
}
