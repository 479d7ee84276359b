/** LoopingCall runs on interval boundaries from its start time; when time jumps past several, it runs once and skips the missed ones. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = new LoopingCall(() => emit("tick", clock.seconds()));
  lc.clock = clock;
  lc.start(2);
  clock.advance(1);
  clock.advance(1);
  clock.advance(2);
  clock.advance(7);
  emit("next call at", clock.getDelayedCalls().map((c) => c.getTime()));
  clock.advance(1);
  lc.stop();
  emit("running", lc.running, clock.getDelayedCalls().length);

  const late = new LoopingCall(() => emit("late start tick", clock.seconds()));
  late.clock = clock;
  late.start(3, false);
  clock.advance(3);
  late.stop();
}
