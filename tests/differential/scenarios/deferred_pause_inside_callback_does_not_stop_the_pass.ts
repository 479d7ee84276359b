/** pause() called by a callback on its own Deferred does not stop the rest of the current pass. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<number>();
  d.addCallback((r) => {
    d.pause();
    emit("paused itself", d.paused);
    return r;
  });
  d.addCallback((r) => {
    emit("still runs", r);
    return r;
  });
  d.callback(1);
  d.addCallback((r) => {
    emit("added after", r);
    return r;
  });
  emit("before unpause");
  d.unpause();
  emit("paused", d.paused);
}
