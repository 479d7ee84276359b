/**
 * `Clock`: a deterministic `IReactorTime` for tests — Twisted's
 * `twisted.internet.task.Clock`, on the same heap scheduler as the
 * `Reactor`.
 *
 * @module
 */
import { requireFunction, requireSeconds } from "../_util/describe.ts";
import { whenRejected } from "../defer/returned.ts";
import { type DelayedCall, logCallError } from "./delayed_call.ts";
import type { IReactorTime } from "./interfaces.ts";
import { Scheduler } from "./_scheduler.ts";

/**
 * A clock that only moves when told to: time starts at 0 and `advance(s)`
 * moves it forward, running every call that has become due — including
 * calls scheduled during that `advance` (a `callLater(0)` made by a call
 * runs in the same `advance`). Calls due at the same time run in the order
 * they were scheduled. Pass it wherever an `IReactorTime` is expected to
 * test timing code without waiting.
 *
 * An exception thrown by a call propagates out of `advance`; that call is
 * already marked called and removed, and later calls stay scheduled for the
 * next `advance`.
 *
 * Differences from Twisted's `Clock`, on purpose: `callLater` refuses a
 * negative, NaN or infinite delay and a non-function (`RangeError` /
 * `TypeError`; Twisted's accepts a negative delay); `advance` refuses a
 * negative amount (time does not go backwards); `getDelayedCalls()` returns
 * a fresh array in firing order rather than the live list; a call moved by
 * `reset`/`delay` goes behind the other calls due at its new time. It
 * keeps its calls in a binary heap, so with n calls pending, `callLater`
 * and running a call cost O(log n) each (`cancel` O(1)), where Twisted's
 * re-sorts its whole list on every `callLater` and after every call it
 * runs: O(n) each, so n calls cost O(n²) there and O(n log n) here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const seen: number[] = [];
 * clock.callLater(2, () => seen.push(clock.seconds()));
 * clock.callLater(1, () => seen.push(clock.seconds()));
 * clock.advance(1);
 * clock.advance(1);
 * assert.equal(seen.join(), "1,2", `unexpected ${seen}`);
 * ```
 */
export class Clock implements IReactorTime {
  /** The current time. */
  #now = 0;
  /**
   * @internal The calls. A test seam: the scheduler's tests reach the heap
   * of a clock's scheduler (to force its read-ahead, and to check it
   * against a model).
   */
  _scheduler: Scheduler;

  /** Creates a clock at time 0 with no calls. */
  constructor() {
    this._scheduler = new Scheduler(() => this.#now, false);
  }

  /**
   * The clock's current time in seconds (0 until advanced).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * clock.advance(2.5);
   * assert.equal(clock.seconds(), 2.5);
   * ```
   */
  seconds(): number {
    return this.#now;
  }

  /**
   * Schedules `fn(...args)` for `delay` seconds from now and returns its
   * `DelayedCall`. `delay` must be a finite number >= 0 and `fn` a
   * function.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const call = clock.callLater(3, (a: number, b: number) => a + b, 1, 2);
   * assert.equal(call.getTime(), 3);
   * assert.ok(call.active());
   * ```
   */
  callLater<A extends unknown[]>(
    delay: number,
    fn: (...args: A) => unknown,
    ...args: A
  ): DelayedCall {
    if (typeof fn !== "function") requireFunction("Clock.callLater: fn", fn);
    if (!(typeof delay === "number" && delay >= 0 && delay < Infinity)) {
      requireSeconds("Clock.callLater: delay", delay);
    }
    return this._scheduler.add(this.#now + delay, fn, args);
  }

  /**
   * Every scheduled, not yet cancelled call, in the order they would run
   * (a new array each time).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const later = clock.callLater(2, () => {});
   * const sooner = clock.callLater(1, () => {});
   * const calls = clock.getDelayedCalls();
   * assert.equal(calls[0], sooner);
   * assert.equal(calls[1], later);
   * ```
   */
  getDelayedCalls(): DelayedCall[] {
    return this._scheduler.pending();
  }

  /**
   * Moves time forward by `amount` seconds (a finite number >= 0) and runs
   * every call due by then, in order, with `seconds()` already at the new
   * time. Calls they schedule run too if due by then.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * let ticks = 0;
   * const tick = () => {
   *   if (++ticks < 3) clock.callLater(0, tick);
   * };
   * clock.callLater(1, tick);
   * clock.advance(1); // tick, then the two it schedules for "now"
   * assert.equal(ticks, 3, `unexpected ${ticks}`);
   * ```
   */
  advance(amount: number): void {
    if (!(typeof amount === "number" && amount >= 0 && amount < Infinity)) {
      requireSeconds("Clock.advance: amount", amount);
    }
    this.#now += amount;
    const scheduler = this._scheduler;
    for (;;) {
      // re-read the time: a call may have advanced the clock itself
      const call = scheduler.popDue(this.#now);
      if (call === undefined) break;
      // a throw leaves `advance`, as in Twisted; a returned promise that
      // rejects has no one to leave to: it is logged
      const returned = call._run();
      if (returned !== undefined) {
        whenRejected(returned, (failure) => logCallError(call, failure));
      }
    }
  }

  /**
   * Advances by each amount in turn: `pump([1, 1, 1])` is three
   * `advance(1)` calls.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const seen: number[] = [];
   * for (const t of [1, 2, 3]) clock.callLater(t, () => seen.push(t));
   * clock.pump([1, 1, 1]);
   * assert.equal(seen.join(), "1,2,3");
   * ```
   */
  pump(timings: Iterable<number>): void {
    if (
      timings === null || typeof timings !== "object" ||
      typeof (timings as Iterable<number>)[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(
        `Clock.pump: timings must be an iterable of numbers, got ${
          timings === null ? "null" : typeof timings
        }`,
      );
    }
    for (const amount of timings) this.advance(amount);
  }
}
