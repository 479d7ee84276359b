/** Each callback receives the previous one's return value, plus its extra arguments. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<number>();
  d.addCallback((r) => (emit("first", r), r + 1))
    .addCallback((r, a, b) => (emit("second", r, a, b), r * 10), "x", 2.0)
    .addCallbacks((r) => emit("third", r), (f) => emit("never", f))
    .addCallback((r) => (emit("fourth", r), [r, [1.5, null, true]]));
  emit("called before firing", d.called);
  d.callback(1);
  emit("called after firing", d.called);
  d.addCallback((r) => emit("added late", r));
}
