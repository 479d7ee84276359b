/** pause() counts: callbacks wait until as many unpause() calls have been made. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>();
  d.addCallback((r) => {
    emit("callback", r);
    return r;
  });
  d.pause();
  d.pause();
  d.callback("value");
  emit("paused after fire", d.paused);
  d.addCallback((r) => emit("added while paused", r));
  d.unpause();
  emit("after first unpause", d.paused);
  d.unpause();
  emit("after second unpause", d.paused);
}
