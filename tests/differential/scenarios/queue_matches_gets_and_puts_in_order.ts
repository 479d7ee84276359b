/** DeferredQueue: gets wait in order for puts, puts wait in order for gets. */
import { DeferredQueue } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const q = new DeferredQueue<string>();
  for (const n of [1, 2]) {
    q.get().addCallback((v) => emit("get", n, "received", v));
  }
  emit("waiting gets", q.waiting.length);
  for (const v of ["a", "b", "c", "d"]) q.put(v);
  emit("pending", q.pending);
  q.get().addCallback((v) => emit("get 3 received", v));
  emit("pending", q.pending);
}
