/**
 * `DeferredSemaphore`: at most `limit` holders at a time; the others wait
 * in line as Deferreds.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { runHolding, TokenQueue } from "./_token_queue.ts";
import type { Deferred } from "./deferred.ts";

/**
 * A semaphore for event-driven code: `limit` tokens; `acquire()` returns a
 * Deferred that fires with the semaphore itself once a token is yours (at
 * once if one is free), the others wait first-in-first-out; `release()`
 * gives a token back (to the oldest waiter, if any). `run(fn, ...args)`
 * acquires, calls `fn` (waiting for a Deferred or promise it returns) and
 * releases on success or failure — the usual way to bound concurrency.
 *
 * Cancelling a waiting `acquire()` removes just that waiter (it fails with
 * `CancelledError`); cancelling one that already fired does nothing.
 *
 * Disposable like `DeferredLock`: `using held = await sem.acquire();`
 * releases the token when the scope ends.
 *
 * Differences from Twisted: `tokens` must be an integer (`RangeError`
 * otherwise, where Twisted raises `ValueError` only for `tokens < 1`);
 * releasing more than was acquired throws a `RangeError` (Twisted asserts);
 * a release made from inside the callbacks of the acquisition it hands over
 * to fires the next waiter after those callbacks return, so any number of
 * queued `run` calls uses constant stack.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, DeferredSemaphore } from "@twisted-ts/core/defer";
 * const sem = new DeferredSemaphore(2);
 * const jobs = [0, 1, 2].map(() => new Deferred<void>());
 * const started: number[] = [];
 * jobs.forEach((job, i) => sem.run(() => { started.push(i); return job; }));
 * assert.equal(started.join(), "0,1", "two at a time");
 * assert.equal(sem.waiting.length, 1, "two at a time");
 * jobs[0]!.callback(undefined);
 * assert.equal(started.join(), "0,1,2", "third started");
 * assert.equal(sem.tokens, 0, "third started");
 * ```
 */
export class DeferredSemaphore implements Disposable {
  /** The most holders at once: the `tokens` given at construction. */
  readonly limit: number;
  readonly #queue: TokenQueue<this>;

  /** A semaphore of `tokens` tokens: an integer >= 1. */
  constructor(tokens: number) {
    if (typeof tokens !== "number") {
      throw new TypeError(
        `DeferredSemaphore: tokens must be an integer >= 1, got ${
          describeValue(tokens)
        }`,
      );
    }
    if (!Number.isInteger(tokens) || tokens < 1) {
      throw new RangeError(
        `DeferredSemaphore: tokens must be an integer >= 1, got ${
          describeValue(tokens)
        }`,
      );
    }
    this.limit = tokens;
    this.#queue = new TokenQueue<this>(this, tokens);
  }

  /**
   * Tokens free right now: `limit` minus the current holders.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredSemaphore } from "@twisted-ts/core/defer";
   * const sem = new DeferredSemaphore(3);
   * sem.acquire();
   * assert.equal(sem.tokens, 2);
   * assert.equal(sem.limit, 3);
   * ```
   */
  get tokens(): number {
    return this.#queue.free;
  }

  /**
   * The acquisitions waiting for a token, oldest first (a copy: changing
   * it changes nothing).
   */
  get waiting(): Deferred<this>[] {
    return this.#queue.waiting();
  }

  /**
   * Asks for a token: a Deferred that fires with this semaphore once one is
   * yours — at once if one is free, else after everyone who asked before.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredSemaphore } from "@twisted-ts/core/defer";
   * const sem = new DeferredSemaphore(1);
   * sem.acquire();
   * const second = sem.acquire();
   * assert.ok(!second.called, "no token left");
   * sem.release();
   * assert.ok(second.called, "handed over");
   * ```
   */
  acquire(): Deferred<this> {
    return this.#queue.acquire();
  }

  /**
   * Gives a token back: to the oldest waiter (its Deferred fires) or to the
   * pool. Throws `RangeError` if every token is already free.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredSemaphore } from "@twisted-ts/core/defer";
   * const sem = new DeferredSemaphore(1);
   * sem.acquire();
   * sem.release();
   * assert.equal(sem.tokens, 1);
   * ```
   */
  release(): void {
    if (this.#queue.free >= this.limit) {
      throw new RangeError(
        `DeferredSemaphore.release: released more times than acquired (all ${this.limit} tokens are already free)`,
      );
    }
    this.#queue.release();
  }

  /**
   * Acquires a token, calls `fn(...args)`, and releases the token once its
   * outcome is known (waiting for a returned Deferred or promise); the
   * Deferred fires with that outcome. Throws `TypeError` at once if `fn` is
   * not a function.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredSemaphore } from "@twisted-ts/core/defer";
   * const sem = new DeferredSemaphore(4);
   * const d = sem.run(async (url: string) => url.length, "https://example.com");
   * assert.equal(await d, 19);
   * assert.equal(sem.tokens, 4);
   * ```
   */
  run<R, A extends unknown[]>(
    fn: (...args: A) => R,
    ...args: A
  ): Deferred<Awaited<R>> {
    return runHolding(
      "DeferredSemaphore.run",
      () => this.acquire(),
      () => this.release(),
      fn,
      args,
    );
  }

  /**
   * Releases one token: what `using` calls at the end of the scope.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredSemaphore } from "@twisted-ts/core/defer";
   * const sem = new DeferredSemaphore(2);
   * { using _held = await sem.acquire(); }
   * assert.equal(sem.tokens, 2);
   * ```
   */
  [Symbol.dispose](): void {
    this.release();
  }
}
