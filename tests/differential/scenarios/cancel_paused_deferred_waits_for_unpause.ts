/** Cancelling a paused unfired Deferred fires it, but its callbacks wait for unpause(). */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.addErrback((f) => emit("errback", f));
  d.pause();
  d.cancel();
  emit("called while paused", d.called);
  d.unpause();
  emit("unpaused");
}
