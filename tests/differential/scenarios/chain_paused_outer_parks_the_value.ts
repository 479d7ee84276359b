/** If the outer is paused when the inner fires, the value parks in the outer; inner callbacks queued behind it stall until the inner runs again. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = new Deferred<string>();
  const outer = new Deferred<unknown>();
  outer.addCallback(() => inner);
  outer.addCallback((r) => {
    emit("outer got", r);
    return r;
  });
  outer.callback(null);
  inner.addCallback((r) => {
    emit("inner after chaining", r);
    return "x";
  });
  outer.pause();
  inner.callback("value");
  emit("parked", outer.paused, outer.result);
  outer.unpause();
  emit("outer unpaused", outer.paused, outer.result);
  emit("inner stalled?", inner.result);
  inner.addCallback((r) => emit("inner kicked", r));
}
