/** Cancelling a waiting get removes it: the next put goes to the following waiter. */
import { DeferredQueue } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const q = new DeferredQueue<string>();
  const first = q.get();
  const second = q.get();
  first.addErrback((f) => emit("first", f));
  second.addCallback((v) => emit("second got", v));
  first.cancel();
  emit("waiting", q.waiting.length);
  q.put("value");
  emit("pending", q.pending);
}
