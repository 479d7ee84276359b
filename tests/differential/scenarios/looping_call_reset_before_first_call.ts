/** LoopingCall started with now=False and reset before its first call: the first call moves to one interval after the reset. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = new LoopingCall(() => emit("tick", clock.seconds()));
  lc.clock = clock;
  lc.start(4, false);
  clock.advance(3);
  lc.reset();
  clock.advance(3);
  emit("not yet");
  clock.advance(1);
  clock.advance(4);
  lc.stop();
}
