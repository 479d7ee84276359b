/** Putting a Deferred into a DeferredQueue: we refuse it at put() with a TypeError (declared difference). */
import { Deferred, DeferredQueue } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const q = new DeferredQueue<unknown>();
  try {
    q.put(new Deferred());
    emit("put accepted", q.pending.length);
  } catch (e) {
    emit("put refused", kind(e));
  }
  try {
    q.get().addBoth((r) => emit("get", r));
  } catch (e) {
    emit("get raised", kind(e));
  }
}
