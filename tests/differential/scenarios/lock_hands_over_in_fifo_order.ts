/** DeferredLock: the first acquire fires at once, later ones queue, and each release hands the lock to the oldest waiter. */
import { DeferredLock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const lock = new DeferredLock();
  for (const n of [1, 2, 3]) {
    lock.acquire().addCallback((l) =>
      emit("acquired", n, l === lock, lock.locked)
    );
  }
  emit("waiting", lock.waiting.length);
  lock.release();
  emit("after release", lock.locked, lock.waiting.length);
  lock.release();
  lock.release();
  emit("free", lock.locked);
}
