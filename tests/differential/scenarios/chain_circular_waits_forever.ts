/** Two Deferreds whose callbacks return each other end up waiting on each other, both paused. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<unknown>();
  const b = new Deferred<unknown>();
  a.addCallback((r) => {
    emit("a callback", r);
    return b;
  });
  b.addCallback((r) => {
    emit("b callback", r);
    return a;
  });
  a.addCallback((r) => emit("a rest", r));
  b.addCallback((r) => emit("b rest", r));
  a.callback("a");
  emit("after a fired", a.paused, b.paused);
  b.callback("b");
  emit("after b fired", a.paused, b.paused, a.result === b, b.result === a);
}
