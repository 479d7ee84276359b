/** A Clock call moved by reset() later, to a time another call already has: ours goes behind the calls already due then (declared difference). */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const moved = clock.callLater(1, emit, "scheduled first for 1, moved to 5");
  clock.callLater(5, emit, "scheduled second for 5");
  moved.reset(5);
  clock.advance(5);
}
