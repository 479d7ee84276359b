/** LoopingCall.withCount passes the number of intervals elapsed since the last call, counting skipped ones. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = LoopingCall.withCount((n) => emit("count", n, clock.seconds()));
  lc.clock = clock;
  lc.start(1);
  clock.advance(1);
  clock.advance(3);
  clock.advance(0.5);
  clock.advance(0.5);
  lc.stop();

  const counts: number[] = [];
  const tenth = LoopingCall.withCount((n) => counts.push(n));
  tenth.clock = clock;
  tenth.start(0.1, false);
  for (let i = 0; i < 20; i++) clock.advance(0.1);
  clock.advance(1);
  tenth.stop();
  emit("0.1 intervals", counts.reduce((a, b) => a + b, 0), counts.length);
}
