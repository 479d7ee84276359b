/** Releasing an unlocked DeferredLock, or a DeferredSemaphore more times than acquired, is refused (ours: RangeError; declared difference). */
import { DeferredLock, DeferredSemaphore } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const lock = new DeferredLock();
  try {
    lock.release();
  } catch (e) {
    emit("lock", kind(e), lock.locked);
  }
  const sem = new DeferredSemaphore(1);
  try {
    sem.release();
  } catch (e) {
    emit("semaphore", kind(e), sem.tokens);
  }
}
