/** A LoopingCall with interval 0 on a Clock runs again within the same advance until it is stopped. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  let n = 0;
  const lc: LoopingCall = new LoopingCall(() => {
    n++;
    emit("step", n, clock.seconds());
    if (n === 3) lc.stop();
  });
  lc.clock = clock;
  const d = lc.start(0, false);
  d.addCallback((r) => emit("stopped", r === lc));
  clock.advance(0);
  emit("pending", clock.getDelayedCalls().length);

  const counted: LoopingCall = LoopingCall.withCount((c) => {
    emit("withCount at interval 0", c);
    counted.stop();
  });
  counted.clock = clock;
  counted.start(0);
}
