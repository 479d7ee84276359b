/** Calls due at the same time on a Clock run in the order they were scheduled. */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  for (let n = 0; n < 12; n++) clock.callLater(5, emit, "call", n);
  clock.callLater(4, emit, "earlier");
  const c = clock.callLater(6, emit, "moved to 5 by reset");
  clock.advance(1);
  c.reset(4);
  clock.advance(4);
}
