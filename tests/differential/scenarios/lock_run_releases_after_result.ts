/** DeferredLock.run calls the function under the lock and releases it when its Deferred fires, on success and on failure. */
import { Deferred, DeferredLock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const lock = new DeferredLock();
  const gate = new Deferred<string>();
  lock.run(() => {
    emit("first runs", lock.locked);
    return gate;
  }).addCallback((r) => emit("first result", r));
  lock.run(() => {
    emit("second runs");
    throw new RangeError("second failed");
  }).addErrback((f) => emit("second failure", f));
  emit("second waits", lock.waiting.length);
  gate.callback("gate value");
  emit("released", lock.locked);
}
