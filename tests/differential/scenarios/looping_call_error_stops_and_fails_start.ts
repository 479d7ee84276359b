/** An exception from a LoopingCall's function stops it and fails the Deferred from start(); stop() fires it with the LoopingCall. */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const calls: number[] = [];
  const lc = new LoopingCall(() => {
    calls.push(clock.seconds());
    if (calls.length === 3) throw new RangeError("third call failed");
  });
  lc.clock = clock;
  lc.start(1).addErrback((e) => emit("start Deferred", e, lc.running));
  clock.pump([1, 1, 1, 1]);
  emit("calls", calls, clock.getDelayedCalls().length);

  const ok = new LoopingCall(() => {});
  ok.clock = clock;
  ok.start(1).addCallback((r) => emit("stopped with itself", r === ok));
  ok.stop();
}
