/** LoopingCall.reset() restarts the interval from now: the next call is a full interval later. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = new LoopingCall(() => emit("tick", clock.seconds()));
  lc.clock = clock;
  lc.start(3);
  clock.advance(2);
  lc.reset();
  emit("next at", clock.getDelayedCalls().map((c) => c.getTime()));
  clock.advance(3);
  lc.stop();
}
