/** withCount after stop() and start(): we count from the new start only (declared difference). */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = LoopingCall.withCount((n) => emit("count", n, clock.seconds()));
  lc.clock = clock;
  lc.start(1);
  clock.advance(1);
  lc.stop();
  clock.advance(5);
  lc.start(1, false);
  clock.advance(1);
  lc.stop();
}
