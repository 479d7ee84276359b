/**
 * Waiters that give up: a `get()` on an idle `DeferredQueue`, an
 * `acquire()` on a held `DeferredLock` or an exhausted
 * `DeferredSemaphore`, cancelled (by hand or by `addTimeout`). Twisted
 * removes each from its waiting list; here too, nothing keeps them alive
 * once they are gone, however long nobody takes from the line.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  type Deferred,
  DeferredLock,
  DeferredQueue,
  DeferredSemaphore,
  type Failure,
} from "../../defer/mod.ts";
import { collectGarbage } from "../_gc.ts";

/** How many of `refs` are still alive after a few collections. */
async function survivors(refs: WeakRef<object>[]): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return refs.filter((r) => r.deref() !== undefined).length;
}

/** Makes 1000 waiters with `wait()`, cancels each, and keeps weak refs. */
function cancelMany(wait: () => Deferred<unknown>): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < 1000; i++) {
    const d = wait();
    d.addErrback((f: Failure) => {
      f.trap(CancelledError);
    });
    d.cancel();
    refs.push(new WeakRef(d));
  }
  return refs;
}

describe("cancelled waiters", () => {
  it("are let go by an idle DeferredQueue", async () => {
    const queue = new DeferredQueue<number>();
    const refs = cancelMany(() => queue.get());
    assert.equal(queue.waiting.length, 0);
    assert.ok(await survivors(refs) <= 40, "cancelled gets are still held");
    queue.put(1); // the queue still works
    assert.equal(queue.pending.length, 1);
  });

  it("are let go by a DeferredLock that stays held", async () => {
    const lock = new DeferredLock();
    await lock.acquire();
    const refs = cancelMany(() => lock.acquire());
    assert.ok(await survivors(refs) <= 40, "cancelled acquires are still held");
    let next = false;
    lock.acquire().addCallback(() => {
      next = true;
    });
    lock.release();
    assert.ok(next, "a waiter behind the cancelled ones was not served");
  });

  it("are let go by a DeferredSemaphore that stays exhausted", async () => {
    const semaphore = new DeferredSemaphore(1);
    await semaphore.acquire();
    const refs = cancelMany(() => semaphore.acquire());
    assert.ok(await survivors(refs) <= 40, "cancelled acquires are still held");
    assert.equal(semaphore.tokens, 0);
  });
});
