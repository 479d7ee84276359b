/** onTimeoutCancel(result, timeout) replaces the TimeoutError translation; its value or exception becomes the result. */
import { Clock, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = new Deferred<unknown>();
  d.addTimeout(2.5, clock, (result, timeout) => {
    emit("onTimeoutCancel", result, timeout);
    return `default after ${timeout}`;
  });
  d.addBoth((r) => emit("result", r));

  const e = new Deferred<unknown>();
  e.addTimeout(3, clock, (_result, timeout) => {
    throw new RangeError(`gave up after ${timeout}`);
  });
  e.addBoth((r) => emit("result", r));

  const f = new Deferred<unknown>();
  f.addTimeout(3, clock, () => emit("never called on manual cancel"));
  f.addBoth((r) => emit("manual cancel", r));
  f.cancel();
  clock.advance(3);
}
