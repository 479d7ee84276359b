/** C waits on B waits on A: firing A runs B's remaining callbacks, then C's; a callback added to B later sees None. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<unknown>();
  const c = new Deferred<unknown>();
  b.addCallback(() => a);
  b.addCallback((r) => {
    emit("b rest", r);
    return "from b";
  });
  c.addCallback(() => b);
  c.addCallback((r) => {
    emit("c rest", r);
    return "from c";
  });
  b.callback(null);
  c.callback(null);
  emit("paused", a.paused, b.paused, c.paused);
  a.callback("from a");
  emit("paused", a.paused, b.paused, c.paused);
  b.addCallback((r) => emit("b later", r));
  c.addCallback((r) => emit("c later", r));
}
