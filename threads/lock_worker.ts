/**
 * `LockWorker`: an exclusive worker that runs work immediately, on the
 * caller's stack, never two items at once. Twisted's
 * `twisted._threads.LockWorker`; the `Team` uses one as its coordinator.
 *
 * How and why: JavaScript runs one thread per realm, so there is no lock to
 * take and no thread-local to keep — Twisted's `(lock, local)` constructor
 * arguments have nothing to hold and are dropped (`new LockWorker()`). What
 * is left is re-entrancy protection: `do` called while an item is running
 * (from inside it, or from something it calls) appends to a FIFO queue that
 * the outermost `do` drains before returning. So items never nest, and run
 * in submission order. Each step is O(1) amortised (a queue with a moving
 * head, compacted when drained); an item given to an idle worker runs
 * without touching the queue, so the common case allocates nothing.
 *
 * Thenables (the `IWorker` extension): an item that returns an unsettled
 * thenable keeps the worker busy; items submitted meanwhile wait, and run in
 * order when it settles — synchronously inside the `callback()` of a
 * `Deferred`, in a microtask for a Promise.
 *
 * Errors: an exception from an item is rethrown from the `do` call that
 * drained it (Twisted's behaviour for the caller's own item), but only
 * after every item queued behind it has run — Twisted drops those; here
 * nothing queued is lost. When several items throw during one drain, the
 * first is rethrown and the others go to `log.err`; so do exceptions in a
 * drain resumed after a thenable settled (no caller is left to receive them)
 * and rejected thenables.
 *
 * @module
 */
import { log } from "../defer/log.ts";
import { requireFunction } from "../_util/describe.ts";
import { Quit } from "./_quit.ts";
import { settle } from "./_settle.ts";
import type { IWorker, Work } from "./interfaces.ts";

/** Placeholder for a queue slot whose item has run (drops the reference). */
const DONE: Work = () => {};

/**
 * A worker that performs work at once, in the calling code, and never
 * re-entrantly: work submitted while an item runs waits until it returns,
 * then runs in submission order (Twisted's `IExclusiveWorker`).
 *
 * Unlike Twisted's `LockWorker(lock, local)`, the constructor takes no
 * arguments: one JavaScript realm is one thread, so the lock would never be
 * contended and the thread-local is the worker itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LockWorker } from "@twisted-ts/core/threads";
 * const worker = new LockWorker();
 * const order: string[] = [];
 * worker.do(() => {
 *   order.push("outer starts");
 *   worker.do(() => order.push("inner"));
 *   order.push("outer ends");
 * });
 * assert.deepEqual(order, ["outer starts", "outer ends", "inner"]);
 * ```
 */
export class LockWorker implements IWorker {
  readonly #quit = new Quit("LockWorker");
  #queue: Work[] = [];
  #head = 0;
  #running = false;

  /** Whether an item is running or the worker waits on a returned thenable. */
  get busy(): boolean {
    return this.#running;
  }

  /**
   * Runs `work` now, or — if an item is running — after it and everything
   * queued before, in order. Throws `AlreadyQuit` after {@linkcode quit}.
   */
  do(work: Work): void {
    this.#quit.check("LockWorker.do");
    requireFunction("LockWorker.do: work", work);
    if (this.#running) this.#queue.push(work);
    else {this.#first(
        work as (a?: unknown) => unknown,
        undefined,
        undefined,
        false,
      );}
  }

  /**
   * @internal the Team's: runs `fn(a, b)` now if the worker is idle (as
   * `do` would, without a closure) and returns `true`; returns `false`,
   * doing nothing, when it is busy
   */
  _runNow<A, B>(fn: (a: A, b: B) => unknown, a: A, b: B): boolean {
    this.#quit.check("LockWorker.do");
    if (this.#running) return false;
    this.#first(fn as (a: unknown, b: unknown) => unknown, a, b, true);
    return true;
  }

  /**
   * Refuses further work (`do` and `quit` then throw `AlreadyQuit`). Work
   * already queued still runs.
   */
  quit(): void {
    this.#quit.set("LockWorker.quit");
  }

  /**
   * The idle worker's item: runs it (as `fn(a, b)` when `withArgs`, else
   * `fn()`), then whatever it queued, as `#drain` would with it queued
   * first.
   */
  #first(
    fn: (a?: unknown, b?: unknown) => unknown,
    a: unknown,
    b: unknown,
    withArgs: boolean,
  ): void {
    this.#running = true;
    let result: unknown;
    let raised: { error: unknown } | undefined;
    try {
      result = withArgs ? fn(a, b) : fn(this);
    } catch (e) {
      raised = { error: e };
    }
    if (raised !== undefined) {
      // the caller's exception: what the item queued still runs first
      this.#drain(false);
      throw raised.error;
    }
    if (this.#follow(result)) return; // busy until it settles
    if (this.#head < this.#queue.length) this.#drain(true);
    else this.#running = false;
  }

  /**
   * After an item returned `result`: whether the worker must wait for it
   * (an unsettled thenable; its settling resumes the drain).
   */
  #follow(result: unknown): boolean {
    if (
      (typeof result !== "object" || result === null) &&
      typeof result !== "function"
    ) return false;
    let synchronous = true;
    const waiting = settle(result, (failure) => {
      if (failure) log.err(failure, "LockWorker: work's thenable rejected");
      if (!synchronous) this.#drain(false);
    }) !== undefined;
    synchronous = false;
    return waiting;
  }

  /** Runs queued items in order until the queue is empty or an item is pending. */
  #drain(forCaller: boolean): void {
    this.#running = true;
    let first: { error: unknown } | undefined;
    let waiting = false;
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const work = queue[this.#head]!;
      queue[this.#head++] = DONE;
      let result: unknown;
      try {
        result = work(this);
      } catch (e) {
        if (forCaller && first === undefined) first = { error: e };
        else log.err(e, "LockWorker: work raised an exception");
        continue;
      }
      waiting = this.#follow(result);
      if (waiting) break; // stays busy; the settle callback resumes the drain
    }
    if (this.#head === queue.length) {
      if (this.#head > 0) {
        this.#queue = []; // fresh: truncating costs more on V8
        this.#head = 0;
      }
    } else if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
    if (!waiting) this.#running = false;
    if (first !== undefined) throw first.error;
  }
}
