/** Firing another Deferred from inside a callback runs that one's callbacks right there, nested. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<string>();
  b.addCallback((r) => emit("b callback", r));
  a.addCallback((r) => {
    emit("a callback before firing b", r);
    b.callback("from a");
    emit("a callback after firing b");
    return r;
  });
  a.addCallback((r) => emit("a second", r));
  a.callback("go");
}
