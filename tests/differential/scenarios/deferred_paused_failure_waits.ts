/** A paused Deferred that fails keeps the Failure until it is unpaused. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.pause();
  d.errback(new RangeError("held"));
  d.addErrback((f) => {
    emit("errback", f);
    return "handled";
  });
  emit("still paused", d.paused);
  d.unpause();
  d.addCallback((r) => emit("after", r));
}
