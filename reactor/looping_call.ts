/**
 * `LoopingCall`: call a function every `interval` seconds — Twisted's
 * `twisted.internet.task.LoopingCall`.
 *
 * How and why:
 * - One timed call at a time. An iteration runs the function through
 *   `maybeDeferred`; only when its outcome is known (at once, or when a
 *   returned Deferred or promise settles) is the next iteration scheduled,
 *   so iterations never overlap and a slow function delays the loop rather
 *   than piling up calls.
 * - Boundaries, not intervals. The next call goes on the next multiple of
 *   `interval` after `starttime` that is strictly in the future; boundaries
 *   missed while the function (or the host) was busy are skipped, not
 *   replayed. When the remaining time is so small that adding it to the
 *   current time changes nothing (floating-point absorption), the call goes
 *   one whole interval later instead. `withCount` reports how many
 *   boundaries passed since the previous call, so skipped ones can be
 *   accounted for.
 * - Each `start()` is one run with its own Deferred. A function still
 *   running when the loop is stopped finishes its run (the run's Deferred
 *   fires when it does) without disturbing a later `start()`.
 *
 * Cost: O(1) per iteration plus one `callLater`.
 *
 * @module
 */
import {
  describeValue,
  requireFunction,
  requireSeconds,
} from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import type { Failure } from "../defer/failure.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import { reactor } from "./reactor.ts";
import type { IDelayedCall, IReactorTime } from "./interfaces.ts";

/** One `start()`: the Deferred it returned, fired when that run ends. */
interface Run {
  readonly deferred: Deferred<never>;
}

/**
 * Calls `fn(...args)` repeatedly, every `interval` seconds, on a clock (the
 * default reactor unless {@linkcode LoopingCall.clock} is set — set a
 * `Clock` in tests).
 *
 * `start(interval)` returns a Deferred that fires with the LoopingCall when
 * `stop()` ends the loop, or fails with the function's error if it throws
 * (or returns a Deferred or promise that fails); a failure ends the loop.
 * If the function returns a Deferred or a promise, the next call waits for
 * it to settle and then goes on the next interval boundary.
 *
 * Differences from Twisted, on purpose: misuse (`start` while running,
 * `stop`/`reset` while stopped) throws an `Error` instead of failing an
 * `assert`; a bad interval (negative, NaN, infinite, not a number) is a
 * `RangeError`/`TypeError` naming it, also when set on
 * {@linkcode LoopingCall.interval}; calling `start()` again while the
 * stopped loop's function is still running starts a clean new run (in
 * Twisted the first run's Deferred never fires and both runs keep looping);
 * `withCount` counts from the new start after a restart (Twisted also counts
 * the intervals that passed while stopped); there are no keyword arguments
 * (`kw`) and no deprecated `deferred` property.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const seen: number[] = [];
 * const loop = new LoopingCall(() => seen.push(clock.seconds()));
 * loop.clock = clock;
 * loop.start(1); // calls at once, then at 1, 2, 3...
 * clock.pump([1, 1, 0.5]);
 * loop.stop();
 * assert.equal(seen.join(), "0,1,2", `unexpected ${seen}`);
 * ```
 */
export class LoopingCall<A extends unknown[] = unknown[]> {
  /**
   * The function called on each iteration. (Typed as a method so that a
   * `LoopingCall<[string]>` is also a `LoopingCall`, as arrays are.)
   */
  readonly f: { call(...args: A): unknown }["call"];
  /** The arguments it is called with. */
  readonly a: A;
  /**
   * When the current run started (or was last `reset()`), in the clock's
   * seconds; `undefined` before the first `start()`.
   */
  starttime: number | undefined = undefined;
  /** The interval; see the accessor. */
  #interval: number | undefined = undefined;
  /** The clock, if set. */
  #clock: IReactorTime | undefined = undefined;
  /** Whether the loop is running. */
  #running = false;
  /** The scheduled next iteration, if any. */
  #call: IDelayedCall | null = null;
  /** The current run, until its Deferred is fired. */
  #run: Run | null = null;
  /** Whether the current run called the function at start. */
  #runAtStart = false;
  /** For `withCount`: when the count was last reported. */
  #realLastTime: number | undefined = undefined;
  /** What `toString` shows for the function. */
  #label: string;
  /** The function the clock calls. */
  readonly #tick: () => void;

  /**
   * Makes a LoopingCall of `fn(...args)`; nothing runs until `start()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { LoopingCall } from "@twisted-ts/core/reactor";
   * const loop = new LoopingCall((name: string) => console.log(name), "tick");
   * assert.ok(!loop.running, "should be stopped");
   * assert.equal(loop.a[0], "tick");
   * ```
   */
  constructor(fn: (...args: A) => unknown, ...args: A) {
    requireFunction("LoopingCall: fn", fn);
    this.f = fn;
    this.a = args;
    this.#label = nameOf(fn);
    this.#tick = () => this.#iterate();
    // Bound, for Twisted's idiom `reactor.callLater(10, loop.stop)`.
    this.stop = this.stop.bind(this);
  }

  /**
   * Makes a LoopingCall that calls `countCallable(count)`, where `count` is
   * the number of intervals that have elapsed since the previous call: 1
   * normally, more when calls were skipped because the function or the host
   * was busy. The counts never include 0 and add up to the number of
   * elapsed intervals, even with intervals like 0.1 that floats cannot
   * represent exactly. With an interval of 0 the count is always 1.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const counts: number[] = [];
   * const loop = LoopingCall.withCount((n) => counts.push(n));
   * loop.clock = clock;
   * loop.start(1, false);
   * clock.advance(1);
   * clock.advance(3); // two boundaries were missed
   * loop.stop();
   * assert.equal(counts.join(), "1,3", `unexpected ${counts}`);
   * ```
   */
  static withCount(countCallable: (count: number) => unknown): LoopingCall<[]> {
    requireFunction("LoopingCall.withCount: countCallable", countCallable);
    const loop: LoopingCall<[]> = new LoopingCall(() => {
      const now = loop.clock.seconds();
      const interval = loop.#interval!;
      if (interval === 0) {
        loop.#realLastTime = now;
        return countCallable(1);
      }
      let last = loop.#realLastTime;
      if (last === undefined) {
        last = loop.starttime!;
        if (loop.#runAtStart) last -= interval;
      }
      const count = loop.#intervalOf(now) - loop.#intervalOf(last);
      if (count > 0) {
        loop.#realLastTime = now;
        return countCallable(count);
      }
      return undefined;
    });
    loop.#label = `withCount(${nameOf(countCallable)})`;
    return loop;
  }

  /**
   * The clock the loop runs on: any `IReactorTime` (`seconds` and
   * `callLater`). Defaults to the default reactor; set it before `start()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const loop = new LoopingCall(() => {});
   * const clock = new Clock();
   * loop.clock = clock;
   * assert.equal(loop.clock, clock);
   * ```
   */
  get clock(): IReactorTime {
    return this.#clock ?? reactor;
  }
  set clock(clock: IReactorTime) {
    if (
      typeof (clock as Partial<IReactorTime> | null)?.callLater !==
        "function" ||
      typeof (clock as Partial<IReactorTime>).seconds !== "function"
    ) {
      throw new TypeError(
        `LoopingCall.clock: must have seconds and callLater methods, got ${
          describeValue(clock)
        }`,
      );
    }
    this.#clock = clock;
  }

  /**
   * Whether the loop is running: `true` from `start()` until `stop()` or a
   * failure of the function; already `false` when the Deferred returned by
   * `start()` fires.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const loop = new LoopingCall(() => {});
   * loop.clock = new Clock();
   * loop.start(1);
   * assert.ok(loop.running, "should be running");
   * loop.stop();
   * assert.ok(!loop.running);
   * ```
   */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Seconds between calls (a finite number >= 0); `undefined` before the
   * first `start()`. It may be changed while running: the change applies
   * from the next scheduling on.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const seen: number[] = [];
   * const loop = new LoopingCall(() => seen.push(clock.seconds()));
   * loop.clock = clock;
   * loop.start(1);
   * loop.interval = 5; // takes effect when the next call is scheduled
   * clock.pump([1, 4, 5]);
   * loop.stop();
   * assert.equal(seen.join(), "0,1,5,10", `unexpected ${seen}`);
   * ```
   */
  get interval(): number | undefined {
    return this.#interval;
  }
  set interval(seconds: number) {
    requireSeconds("LoopingCall.interval", seconds);
    this.#interval = seconds;
  }

  /**
   * The timed call of the next iteration, or `null` when none is scheduled
   * (not running, or the function is running or being waited for).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const loop = new LoopingCall(() => {});
   * loop.clock = new Clock();
   * loop.start(2);
   * assert.equal(loop.call?.getTime(), 2);
   * loop.stop();
   * ```
   */
  get call(): IDelayedCall | null {
    return this.#call;
  }

  /**
   * Starts calling the function every `interval` seconds: at once and then
   * on every boundary when `now` is `true` (the default), or from the first
   * boundary when it is `false`. Returns a Deferred that fires with this
   * LoopingCall when `stop()` ends the loop, or fails with the function's
   * error. Throws an `Error` if already running, a `RangeError`/`TypeError`
   * for an interval that is not a finite number >= 0.
   *
   * An interval of 0 calls again as soon as possible: on a `Clock`, within
   * the same `advance`, until stopped.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * let calls = 0;
   * const loop = new LoopingCall(() => {
   *   if (++calls === 3) throw new Error("third time");
   * });
   * loop.clock = clock;
   * let why = "";
   * loop.start(1, false).addErrback((f) => { why = f.getErrorMessage(); });
   * clock.pump([1, 1, 1]);
   * assert.equal(why, "third time");
   * assert.ok(!loop.running);
   * ```
   */
  start(interval: number, now: boolean = true): Deferred<this> {
    if (this.#running) {
      throw new Error(
        "LoopingCall.start: the loop is already running; stop() it first",
      );
    }
    requireSeconds("LoopingCall.start: interval", interval);
    if (typeof now !== "boolean") {
      throw new TypeError(
        `LoopingCall.start: now must be a boolean, got ${describeValue(now)}`,
      );
    }
    const clock = this.clock;
    const deferred = new Deferred<this>();
    this.#running = true;
    this.#run = { deferred: deferred as Deferred<never> };
    this.#realLastTime = undefined;
    this.starttime = clock.seconds();
    this.#interval = interval;
    this.#runAtStart = now;
    if (now) this.#iterate();
    else this.#scheduleFrom(this.starttime);
    return deferred;
  }

  /**
   * Stops the loop: no further call is made. The Deferred returned by
   * `start()` fires with this LoopingCall now, or — if the function is
   * running or being waited for — when it finishes (or fails with its
   * error). Throws an `Error` if the loop is not running.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const loop = new LoopingCall(() => {});
   * loop.clock = clock;
   * let stopped = false;
   * loop.start(1).addCallback((l) => { stopped = l === loop; });
   * loop.stop();
   * assert.ok(stopped);
   * assert.equal(clock.getDelayedCalls().length, 0);
   * ```
   */
  stop(): void {
    if (!this.#running) {
      throw new Error("LoopingCall.stop: the loop is not running");
    }
    this.#running = false;
    const call = this.#call;
    if (call !== null) {
      this.#call = null;
      call.cancel();
      this.#finish(this.#run!);
    }
  }

  /**
   * Restarts the interval from now: the pending call is dropped and the
   * next one comes a whole interval from now. Does nothing while the
   * function is running or being waited for. Throws an `Error` if the loop
   * is not running.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, LoopingCall } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const seen: number[] = [];
   * const loop = new LoopingCall(() => seen.push(clock.seconds()));
   * loop.clock = clock;
   * loop.start(2, false);
   * clock.advance(1);
   * loop.reset(); // next call at 1 + 2
   * clock.pump([1, 1]);
   * loop.stop();
   * assert.equal(seen.join(), "3", `unexpected ${seen}`);
   * ```
   */
  reset(): void {
    if (!this.#running) {
      throw new Error("LoopingCall.reset: the loop is not running");
    }
    const call = this.#call;
    if (call !== null) {
      this.#call = null;
      call.cancel();
      this.starttime = this.clock.seconds();
      this.#scheduleFrom(this.starttime);
    }
  }

  /**
   * A description like Twisted's repr: the interval, the function's name
   * and the arguments, as in `LoopingCall<0.5>(poll, "db")`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { LoopingCall } from "@twisted-ts/core/reactor";
   * function poll(_host: string) {}
   * const text = String(new LoopingCall(poll, "db"));
   * assert.equal(text, 'LoopingCall<undefined>(poll, "db")');
   * ```
   */
  toString(): string {
    const args = this.a.map(describeValue);
    return `LoopingCall<${describeValue(this.#interval)}>(${
      [this.#label, ...args].join(", ")
    })`;
  }

  /** Intervals elapsed from `starttime` to `t`, truncated. */
  #intervalOf(t: number): number {
    return Math.trunc((t - this.starttime!) / this.#interval!);
  }

  /** One iteration: call the function, then go on or end. */
  #iterate(): void {
    this.#call = null;
    const run = this.#run!;
    const d = maybeDeferred(this.f, ...this.a);
    d.addCallback(() => {
      if (run === this.#run && this.#running) {
        this.#scheduleFrom(this.clock.seconds());
      } else {
        this.#finish(run);
      }
    });
    d.addErrback((failure: Failure) => {
      if (run === this.#run) {
        this.#running = false;
        this.#run = null;
      }
      run.deferred.errback(failure);
    });
  }

  /** Fire `run`'s Deferred with this LoopingCall. */
  #finish(run: Run): void {
    if (run === this.#run) this.#run = null;
    run.deferred.callback(this as never);
  }

  /** Schedule the next iteration, `when` being the present. */
  #scheduleFrom(when: number): void {
    const interval = this.#interval!;
    let delay = 0;
    if (interval !== 0) {
      const elapsed = when - this.starttime!;
      // Python's float modulo: the result takes the divisor's sign
      let into = elapsed % interval;
      if (into < 0) into += interval;
      delay = interval - into;
      // the delay vanishes next to `when`: go to the following boundary
      if (when === when + delay) delay = interval;
    }
    this.#call = this.clock.callLater(delay, this.#tick);
  }
}

/** The name `toString` shows for `fn`. */
function nameOf(fn: (...args: never[]) => unknown): string {
  const name: unknown = fn.name;
  return typeof name === "string" && name !== "" ? name : "<anonymous>";
}
