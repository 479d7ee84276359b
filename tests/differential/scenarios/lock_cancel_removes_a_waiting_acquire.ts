/** Cancelling a waiting acquire removes it from the queue with CancelledError; cancelling one that already has the lock does nothing. */
import { DeferredLock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const lock = new DeferredLock();
  const held = lock.acquire();
  const waiting = lock.acquire();
  const after = lock.acquire();
  waiting.addErrback((f) => emit("waiting acquire", f));
  after.addCallback(() => emit("third acquire got the lock"));
  waiting.cancel();
  emit("queue", lock.waiting.length);
  held.cancel();
  emit("still locked", lock.locked);
  lock.release();
  emit("after release", lock.locked, lock.waiting.length);
}
