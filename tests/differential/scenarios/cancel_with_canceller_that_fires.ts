/** A canceller that fires the Deferred itself decides the outcome; no CancelledError is added. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>((d) => {
    emit("canceller called", d.called);
    d.callback("partial result");
  });
  d.addBoth((r) => emit("outcome", r));
  d.cancel();
  d.cancel();
  emit("after second cancel", d.called);

  const e = new Deferred<string>((d) => d.errback(new TypeError("aborted")));
  e.addBoth((r) => emit("errbacking canceller", r));
  e.cancel();
}
