/** A LoopingCall whose function returns a Deferred waits for it before scheduling the next boundary; stop() meanwhile fires when it completes. */
import { Clock, Deferred, LoopingCall } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const pending: Deferred<null>[] = [];
  const lc = new LoopingCall(() => {
    emit("call", clock.seconds());
    const d = new Deferred<null>();
    pending.push(d);
    return d;
  });
  lc.clock = clock;
  lc.start(2).addCallback(() => emit("start Deferred fired", clock.seconds()));
  clock.advance(5);
  emit("nothing scheduled while waiting", clock.getDelayedCalls().length);
  pending[0]!.callback(null);
  emit("next at", clock.getDelayedCalls().map((c) => c.getTime()));
  clock.advance(1);
  lc.stop();
  emit("stop while waiting", lc.running);
  clock.advance(3);
  pending[1]!.callback(null);
}
