/** An extra unpause() makes paused -1, which still blocks; pause() back to 0 runs nothing until a callback is added. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>();
  d.unpause();
  emit("paused", d.paused);
  d.addCallback((r) => {
    emit("first", r);
    return r;
  });
  d.callback("v");
  emit("ran while -1?", "no");
  d.pause();
  emit("paused back to", d.paused);
  d.addCallback((r) => emit("second", r));
}
