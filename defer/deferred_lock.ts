/**
 * `DeferredLock`: a mutex for callback code — at most one holder at a time,
 * the others wait in line as Deferreds.
 *
 * @module
 */
import { runHolding, TokenQueue } from "./_token_queue.ts";
import type { Deferred } from "./deferred.ts";

/**
 * A lock for event-driven code. `acquire()` returns a Deferred that fires
 * with the lock itself once it is yours (at once if the lock is free); the
 * others wait first-in-first-out. `release()` hands the lock to the next
 * waiter. `run(fn, ...args)` does all three: acquire, call `fn` (waiting
 * for a Deferred or promise it returns), release on success or failure.
 *
 * Cancelling a waiting `acquire()` removes just that waiter (it fails with
 * `CancelledError`); cancelling one that already fired does nothing.
 *
 * The lock is `Disposable`: since `acquire()` fires with the lock,
 * `using held = await lock.acquire();` releases it when the scope ends —
 * the counterpart of Python's `async with lock:`.
 *
 * Differences from Twisted: releasing an unlocked lock throws a
 * `RangeError` (Twisted asserts); a release made from inside the callbacks
 * of the acquisition it hands over to (a `run` of a synchronous function)
 * fires the next waiter after those callbacks return instead of recursing,
 * so any number of queued `run` calls is safe (Twisted overflows its stack
 * at a few hundred and leaves the lock held).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, DeferredLock } from "@twisted-ts/core/defer";
 * const lock = new DeferredLock();
 * const order: string[] = [];
 * const slow = new Deferred<void>();
 * lock.run(() => { order.push("first starts"); return slow; });
 * lock.run(() => { order.push("second starts"); });
 * assert.equal(order.length, 1, "second must wait");
 * slow.callback(undefined);
 * assert.equal(order[1], "second starts");
 * assert.ok(!lock.locked, "released at the end of the block");
 * ```
 *
 * @example With `using`
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeferredLock } from "@twisted-ts/core/defer";
 * const lock = new DeferredLock();
 * {
 *   using held = await lock.acquire();
 *   assert.ok(held.locked, "we hold it");
 * }
 * assert.ok(!lock.locked);
 * ```
 */
export class DeferredLock implements Disposable {
  readonly #queue: TokenQueue<this> = new TokenQueue<this>(this, 1);

  /** Whether someone holds the lock (a snapshot: useful to peek). */
  get locked(): boolean {
    return this.#queue.free === 0;
  }

  /**
   * The acquisitions waiting for the lock, oldest first (a copy: changing
   * it changes nothing).
   */
  get waiting(): Deferred<this>[] {
    return this.#queue.waiting();
  }

  /**
   * Asks for the lock: a Deferred that fires with this lock once it is
   * yours — at once if it is free, else after everyone who asked before.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredLock } from "@twisted-ts/core/defer";
   * const lock = new DeferredLock();
   * let mine = false;
   * lock.acquire().addCallback(() => { mine = true; });
   * assert.ok(mine, "a free lock is taken at once");
   * assert.ok(lock.locked, "a free lock is taken at once");
   * lock.release();
   * ```
   */
  acquire(): Deferred<this> {
    return this.#queue.acquire();
  }

  /**
   * Releases the lock: the oldest waiter gets it (and its Deferred fires),
   * or the lock becomes free. Throws `RangeError` if it is not locked.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredLock } from "@twisted-ts/core/defer";
   * const lock = new DeferredLock();
   * lock.acquire();
   * const next = lock.acquire();
   * lock.release();
   * assert.ok(next.called, "handed over");
   * assert.ok(lock.locked, "handed over");
   * ```
   */
  release(): void {
    if (this.#queue.free !== 0) {
      throw new RangeError(
        "DeferredLock.release: tried to release an unlocked lock",
      );
    }
    this.#queue.release();
  }

  /**
   * Acquires the lock, calls `fn(...args)`, and releases the lock once its
   * outcome is known (waiting for a returned Deferred or promise); the
   * Deferred fires with that outcome. Throws `TypeError` at once if `fn` is
   * not a function.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredLock } from "@twisted-ts/core/defer";
   * const lock = new DeferredLock();
   * const d = lock.run((a: number, b: number) => a + b, 2, 3);
   * assert.equal(d.result, 5);
   * assert.ok(!lock.locked);
   * ```
   */
  run<R, A extends unknown[]>(
    fn: (...args: A) => R,
    ...args: A
  ): Deferred<Awaited<R>> {
    return runHolding(
      "DeferredLock.run",
      () => this.acquire(),
      () => this.release(),
      fn,
      args,
    );
  }

  /**
   * Releases the lock: what `using` calls at the end of the scope.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredLock } from "@twisted-ts/core/defer";
   * const lock = new DeferredLock();
   * { using _held = await lock.acquire(); }
   * assert.ok(!lock.locked);
   * ```
   */
  [Symbol.dispose](): void {
    this.release();
  }
}
