/** A callback returning an already-fired Deferred: the outer goes on at once with its result, and the inner is left holding None. */
import { Deferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = succeed("inner value");
  const outer = new Deferred<string>();
  outer.addCallback(() => inner);
  outer.addCallback((r) => {
    emit("outer got", r);
    return "outer done";
  });
  outer.callback("start");
  emit("outer", outer.paused, outer.result);
  emit("inner result now", inner.result);
  inner.addCallback((r) => emit("late inner callback", r));
}
