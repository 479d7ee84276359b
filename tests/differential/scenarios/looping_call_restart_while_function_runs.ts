/** LoopingCall stopped while its function's Deferred is pending, then started again: the first run ends when that Deferred fires and only the new run loops (declared difference). */
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
  lc.start(1).addBoth((r) => emit("first run ended", r === lc));
  lc.stop();
  lc.start(1).addBoth((r) => emit("second run ended", r === lc));
  emit("outstanding", pending.length);
  pending[0]!.callback(null);
  pending[1]!.callback(null);
  clock.advance(1);
  emit("scheduled calls", clock.getDelayedCalls().length);
  for (const d of pending.slice(2)) d.callback(null);
  lc.stop();
}
