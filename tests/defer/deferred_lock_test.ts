/**
 * `DeferredLock`: Twisted's OtherPrimitivesTests (`testLock`,
 * `test_cancelLockAfterAcquired`, `test_cancelLockBeforeAcquired`) in
 * behaviour, plus `using`, the iterative hand-over and a seeded model check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalledError,
  CancelledError,
  Deferred,
  DeferredLock,
} from "../../defer/mod.ts";
import { randomInt, seededRandom } from "../_random.ts";
import { failureOf } from "./_results.ts";

describe("DeferredLock", () => {
  describe("acquire and release", () => {
    it("throws AlreadyCalledError from release when the next waiter was fired by hand, which keeps the lock (as Twisted)", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const waiter = lock.acquire();
      waiter.callback(lock);
      assert.throws(() => lock.release(), AlreadyCalledError);
      assert.equal(lock.locked, true);
      assert.equal(lock.acquire().called, false);
    });

    it("fires an acquire of a free lock at once, with the lock, and locks it", () => {
      const lock = new DeferredLock();
      assert.equal(lock.locked, false);
      const d = lock.acquire();
      assert.equal(d.result, lock);
      assert.equal(lock.locked, true);
    });

    it("makes a second acquire wait until the first holder releases", () => {
      const lock = new DeferredLock();
      let counter = 0;
      lock.acquire().addCallback(() => counter++);
      const second = lock.acquire().addCallback(() => counter++);
      assert.equal(counter, 1);
      assert.equal(second.called, false);
      lock.release();
      assert.equal(counter, 2);
      assert.equal(lock.locked, true, "handed over, still locked");
      lock.release();
      assert.equal(lock.locked, false);
    });

    it("hands the lock to waiters in the order they asked", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const order: number[] = [];
      for (let i = 0; i < 5; i++) {
        lock.acquire().addCallback(() => order.push(i));
      }
      for (let i = 0; i < 5; i++) lock.release();
      assert.deepEqual(order, [0, 1, 2, 3, 4]);
      assert.equal(lock.locked, true);
    });

    it("lists the waiting acquisitions, oldest first, in a copy", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const a = lock.acquire();
      const b = lock.acquire();
      const waiting = lock.waiting;
      assert.deepEqual(waiting, [a, b]);
      waiting.pop();
      assert.deepEqual(lock.waiting, [a, b]);
    });

    it("throws a RangeError when an unlocked lock is released", () => {
      const lock = new DeferredLock();
      assert.throws(() => lock.release(), {
        name: "RangeError",
        message: "DeferredLock.release: tried to release an unlocked lock",
      });
    });
  });

  describe("cancellation", () => {
    it("fails a waiting acquire with CancelledError and removes only it", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const a = lock.acquire();
      const b = lock.acquire();
      const c = lock.acquire();
      b.cancel();
      assert.ok(failureOf(b).value instanceof CancelledError);
      assert.deepEqual(lock.waiting, [a, c]);
      lock.release();
      assert.equal(a.result, lock);
      lock.release();
      assert.equal(c.result, lock);
    });

    it("does nothing when an acquire that already has the lock is cancelled", () => {
      const lock = new DeferredLock();
      const d = lock.acquire();
      let errbacks = 0;
      d.addErrback(() => errbacks++);
      d.cancel();
      assert.equal(errbacks, 0);
      assert.equal(d.result, lock);
      assert.equal(lock.locked, true);
    });
  });

  describe("run", () => {
    it("throws a TypeError, without taking the lock, when given no function", () => {
      const lock = new DeferredLock();
      assert.throws(() => lock.run(undefined as never), {
        name: "TypeError",
        message: "DeferredLock.run: fn must be a function, got undefined",
      });
      assert.equal(lock.locked, false);
    });

    it("calls the function with the arguments and holds the lock until its Deferred fires", () => {
      const lock = new DeferredLock();
      const control = new Deferred<string>();
      let seenArg: unknown;
      const result = lock.run((arg: string) => {
        seenArg = arg;
        return control;
      }, "first");
      assert.equal(seenArg, "first");
      assert.equal(lock.locked, true);
      let counter = 0;
      lock.acquire().addCallback(() => counter++);
      assert.equal(counter, 0);
      control.callback("second");
      assert.equal(result.result, "second");
      assert.equal(counter, 1, "the next waiter got the lock");
      assert.equal(lock.locked, true);
    });

    it("releases the lock and passes the failure on when the function throws", () => {
      const lock = new DeferredLock();
      const error = new Error("in the critical section");
      const d = lock.run(() => {
        throw error;
      });
      assert.equal(lock.locked, false);
      assert.equal(failureOf(d).value, error);
    });

    it("releases the lock and passes the failure on when the returned Deferred fails", () => {
      const lock = new DeferredLock();
      const control = new Deferred<never>();
      const d = lock.run(() => control);
      const error = new RangeError("later");
      control.errback(error);
      assert.equal(lock.locked, false);
      assert.equal(failureOf(d).value, error);
    });

    it("holds the lock until a returned promise settles", async () => {
      const lock = new DeferredLock();
      const d = lock.run(async () => {
        await null;
        return 7;
      });
      assert.equal(lock.locked, true);
      assert.equal(await d, 7);
      assert.equal(lock.locked, false);
    });

    it("fails with CancelledError and never calls the function when cancelled while waiting", () => {
      const lock = new DeferredLock();
      lock.acquire();
      let called = false;
      const d = lock.run(() => {
        called = true;
      });
      d.cancel();
      assert.ok(failureOf(d).value instanceof CancelledError);
      lock.release();
      assert.equal(called, false);
      assert.equal(lock.locked, false);
    });

    it("runs 100,000 queued synchronous functions in order without growing the stack", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const n = 100_000;
      const order: number[] = [];
      const ds = Array.from(
        { length: n },
        (_, i) => lock.run(() => order.push(i)),
      );
      lock.release();
      assert.equal(order.length, n);
      assert.ok(order.every((v, i) => v === i), "out of order");
      assert.ok(ds.every((d) => d.hasResult));
      assert.equal(lock.locked, false);
    });
  });

  describe("hand-over inside callbacks", () => {
    it("keeps the lock for the next waiter when released inside a waiter's callback", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const order: string[] = [];
      let late: Deferred<DeferredLock> | undefined;
      lock.acquire().addCallback(() => {
        order.push("a");
        lock.release();
        assert.equal(lock.locked, true, "already handed to b");
        late = lock.acquire();
        assert.equal(late.called, false, "a newcomer cannot jump the line");
      });
      lock.acquire().addCallback(() => {
        order.push("b");
      });
      lock.release();
      assert.deepEqual(order, ["a", "b"]);
      assert.equal(late!.called, false);
      lock.release();
      assert.equal(late!.result, lock);
    });

    it("passes the lock on when a waiter is cancelled after it was handed the lock but before it fired", () => {
      const lock = new DeferredLock();
      lock.acquire();
      const order: string[] = [];
      const later: Deferred<DeferredLock>[] = [];
      lock.acquire().addCallback(() => {
        order.push("a");
        lock.release(); // handed to b, which fires after this callback
        later[0]!.cancel();
      });
      const b = lock.acquire();
      later.push(b);
      b.addCallbacks(() => order.push("b"), () => order.push("b cancelled"));
      lock.acquire().addCallback(() => {
        order.push("c");
      });
      lock.release();
      assert.deepEqual(order, ["a", "b cancelled", "c"]);
      assert.equal(lock.locked, true);
      lock.release();
      assert.equal(lock.locked, false);
    });
  });

  describe("using", () => {
    it("releases the lock at the end of a using block", async () => {
      const lock = new DeferredLock();
      {
        using held = await lock.acquire();
        assert.equal(held, lock);
        assert.equal(lock.locked, true);
      }
      assert.equal(lock.locked, false);
    });

    it("releases the lock when a using block throws", async () => {
      const lock = new DeferredLock();
      await assert.rejects(async () => {
        using _held = await lock.acquire();
        throw new Error("inside");
      }, { message: "inside" });
      assert.equal(lock.locked, false);
    });

    it("hands the lock to the next waiter at the end of a using block", async () => {
      const lock = new DeferredLock();
      const next = lock.acquire();
      const waiter = lock.acquire();
      {
        using _held = await next;
        assert.equal(waiter.called, false);
      }
      assert.equal(waiter.result, lock);
      assert.equal(lock.locked, true);
    });
  });

  it("matches a simple model over seeded random acquire, release and cancel sequences", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const lock = new DeferredLock();
      // the model: who holds the lock and who waits, by id
      let holder: number | undefined;
      const queue: number[] = [];
      const ds: Deferred<DeferredLock>[] = [];
      const fired: number[] = [];
      const expected: number[] = [];
      for (let step = 0; step < 200; step++) {
        const op = randomInt(random, 3);
        if (op === 0) {
          const id = ds.length;
          const d = lock.acquire();
          d.addCallbacks(() => fired.push(id), () => undefined);
          ds.push(d);
          if (holder === undefined) {
            holder = id;
            expected.push(id);
          } else queue.push(id);
        } else if (op === 1 && holder !== undefined) {
          lock.release();
          holder = queue.shift();
          if (holder !== undefined) expected.push(holder);
        } else if (op === 2 && queue.length > 0) {
          const id = queue.splice(randomInt(random, queue.length), 1)[0]!;
          ds[id]!.cancel();
        }
        const context = `seed ${seed}, step ${step}`;
        assert.deepEqual(fired, expected, context);
        assert.equal(lock.locked, holder !== undefined, context);
        assert.deepEqual(lock.waiting, queue.map((id) => ds[id]), context);
      }
    }
  });
});
