/**
 * `DeferredQueue`: a first-in-first-out queue whose `get()` returns a
 * Deferred, so a consumer can wait for the next item.
 *
 * How: items sit in an array read from a moving head index (O(1) `put` and
 * `get`; the consumed prefix is dropped once it is more than half the
 * array), and waiting gets in a `WaitLine` (O(1) to join, to leave when
 * cancelled, and amortised to take the oldest).
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { Deferred, isDeferred } from "./deferred.ts";
import { QueueOverflow, QueueUnderflow } from "./errors.ts";
import { succeed } from "./succeed.ts";
import { WaitLine } from "./_wait_line.ts";

function requireLimit(what: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") {
    throw new TypeError(
      `${what} must be an integer >= 0, Infinity, null or undefined, got ${
        describeValue(value)
      }`,
    );
  }
  if (value === Infinity) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${what} must be an integer >= 0, Infinity, null or undefined, got ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/**
 * An event-driven queue. `put(item)` hands the item to the oldest waiting
 * `get()` or stores it; `get()` returns a Deferred of the next item —
 * already fired if one is stored, else fired by a later `put`.
 *
 * `size` bounds the stored items (`put` beyond it throws `QueueOverflow`;
 * a `put` that goes straight to a waiting get is never refused); `backlog`
 * bounds the waiting gets (`get` beyond it throws `QueueUnderflow`).
 * `undefined` (the default), `null` or `Infinity` means no bound; `0` refuses
 * every store (or every wait). Cancelling a waiting `get()` removes just
 * that one (it fails with `CancelledError`); a later `put` skips it.
 *
 * Differences from Twisted: `size` and `backlog` are checked (integers
 * >= 0, else `RangeError`) and fixed at construction; putting a Deferred
 * throws `TypeError` (a Deferred never fires with a Deferred; Twisted fails
 * the assertion later, in `get`).
 *
 * @typeParam T the items' type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeferredQueue } from "@twisted-ts/core/defer";
 * const queue = new DeferredQueue<string>();
 * const got: string[] = [];
 * queue.get().addCallback((item) => { got.push(item); }); // waits
 * queue.put("a");                                           // fires it
 * queue.put("b");                                           // stored
 * queue.get().addCallback((item) => { got.push(item); }); // fires at once
 * assert.equal(got.join(), "a,b");
 * ```
 */
export class DeferredQueue<T> {
  /** The most items stored at once (`undefined`: no bound). */
  readonly size: number | undefined;
  /** The most gets waiting at once (`undefined`: no bound). */
  readonly backlog: number | undefined;
  readonly #items: T[] = [];
  #head = 0;
  readonly #waiting = new WaitLine<Deferred<T>>();

  /**
   * A queue storing at most `size` items, with at most `backlog` waiting
   * gets; each an integer >= 0, or `undefined`/`null`/`Infinity` for no
   * bound.
   */
  constructor(size?: number | null, backlog?: number | null) {
    this.size = requireLimit("DeferredQueue: size", size);
    this.backlog = requireLimit("DeferredQueue: backlog", backlog);
    // Bound, for Twisted's idiom `d.addCallback(queue.put)`.
    this.put = this.put.bind(this);
  }

  /**
   * The stored items, oldest first (a copy: changing it changes nothing).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredQueue } from "@twisted-ts/core/defer";
   * const queue = new DeferredQueue<number>();
   * queue.put(1);
   * queue.put(2);
   * assert.equal(queue.pending.join(), "1,2");
   * ```
   */
  get pending(): T[] {
    return this.#items.slice(this.#head);
  }

  /**
   * The gets waiting for an item, oldest first (a copy: changing it
   * changes nothing).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredQueue } from "@twisted-ts/core/defer";
   * const queue = new DeferredQueue<number>();
   * const d = queue.get();
   * assert.equal(queue.waiting[0], d);
   * ```
   */
  get waiting(): Deferred<T>[] {
    return this.#waiting.toArray();
  }

  /**
   * Adds `item`: fires the oldest waiting get with it, or stores it. Throws
   * `QueueOverflow` if it would have to be stored and `size` items already
   * are, and `TypeError` for a Deferred.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DeferredQueue, QueueOverflow } from "@twisted-ts/core/defer";
   * const queue = new DeferredQueue<number>(1);
   * queue.put(1);
   * assert.throws(() => queue.put(2), QueueOverflow);
   * ```
   */
  put(item: T): void {
    if (isDeferred(item)) {
      throw new TypeError(
        "DeferredQueue.put: item must not be a Deferred (a get would have to fire with it); put its result instead",
      );
    }
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) {
      waiter.callback(item);
      return;
    }
    const stored = this.#items.length - this.#head;
    if (this.size !== undefined && stored >= this.size) {
      throw new QueueOverflow(
        `DeferredQueue.put: the queue is full (size ${this.size})`,
      );
    }
    this.#items.push(item);
  }

  /**
   * A Deferred of the next item: fired now with the oldest stored item, or
   * waiting for a `put`. Throws `QueueUnderflow` if the queue is empty and
   * `backlog` gets already wait.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CancelledError, DeferredQueue } from "@twisted-ts/core/defer";
   * const queue = new DeferredQueue<string>();
   * const d = queue.get();
   * d.addErrback((f) => f.trap(CancelledError));
   * d.cancel(); // no longer waiting
   * assert.equal(queue.waiting.length, 0);
   * ```
   */
  get(): Deferred<T> {
    const items = this.#items;
    if (this.#head < items.length) {
      const item = items[this.#head] as T;
      items[this.#head++] = undefined as T; // let it be collected
      if (this.#head === items.length) {
        items.length = 0;
        this.#head = 0;
      } else if (this.#head > 32 && this.#head * 2 > items.length) {
        items.splice(0, this.#head);
        this.#head = 0;
      }
      // `put` refuses Deferreds, so no item is one
      return succeed<T>(item as T extends Deferred<unknown> ? never : T);
    }
    if (this.backlog !== undefined && this.#waiting.size >= this.backlog) {
      throw new QueueUnderflow(
        `DeferredQueue.get: the queue is empty and ${this.#waiting.size} gets already wait (backlog ${this.backlog})`,
      );
    }
    const d = new Deferred<T>(this.#cancelGet);
    this.#waiting.push(d);
    return d;
  }

  readonly #cancelGet = (d: Deferred<T>): void => {
    this.#waiting.delete(d);
  };
}
