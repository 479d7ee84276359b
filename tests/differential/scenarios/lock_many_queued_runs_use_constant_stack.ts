/** 2,000 synchronous DeferredLock.run calls queued behind a held lock all run, in order, at constant stack (declared difference). */
import { DeferredLock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const lock = new DeferredLock();
  lock.acquire();
  const ran: number[] = [];
  const ds = Array.from(
    { length: 2000 },
    (_, i) => lock.run(() => ran.push(i)),
  );
  lock.release();
  emit(
    "ran all",
    ran.length === 2000,
    "in order",
    ran.every((v, i) => v === i),
  );
  emit(
    "lock",
    lock.locked,
    lock.waiting.length === 0,
    ds.every((d) => d.called),
  );
}
