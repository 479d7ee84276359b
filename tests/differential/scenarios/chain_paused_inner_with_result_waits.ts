/** A paused inner Deferred that already has a result is chained, not taken: the outer waits for unpause(). */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = new Deferred<string>();
  inner.callback("ready");
  inner.pause();
  const outer = new Deferred<unknown>();
  outer.addCallback(() => inner);
  outer.addCallback((r) => emit("outer got", r));
  outer.callback(null);
  emit("outer waits", outer.paused, outer.result);
  inner.unpause();
  emit("after unpause", outer.paused, inner.result);
}
