/** A callback returning an unfired Deferred pauses the outer; inner callbacks added before run first, those added after see None. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = new Deferred<string>();
  inner.addCallback((r) => {
    emit("inner before", r);
    return r + "!";
  });
  const outer = new Deferred<string>();
  outer.addCallback(() => inner);
  outer.addCallback((r) => {
    emit("outer resumed", r);
    return "outer done";
  });
  outer.callback("start");
  emit("outer waiting", outer.called, outer.paused, outer.result);
  inner.addCallback((r) => {
    emit("inner after", r);
    return "ignored";
  });
  outer.addCallback((r) => {
    emit("outer added while waiting", r);
    return r;
  });
  inner.callback("inner");
  emit("outer finally", outer.paused, outer.result);
  emit("inner finally", inner.result);
}
