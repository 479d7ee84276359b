/**
 * The reactor's interfaces, as Twisted names them: what a clock must offer
 * (`IReactorTime`), what `callLater` returns (`IDelayedCall`) and how other
 * threads reach the reactor (`IReactorFromThreads`). `Clock` and `Reactor`
 * both implement `IReactorTime`, so code written against it runs on a real
 * loop in production and on a deterministic clock in tests. `IReactorCore`
 * is its life and system events.
 *
 * @module
 */
import type {
  SystemEventPhase,
  SystemEventTriggerID,
} from "./_three_phase_event.ts";

/**
 * A scheduled call, as returned by `callLater`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, type IDelayedCall } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const call: IDelayedCall = clock.callLater(5, () => {});
 * call.delay(1);
 * assert.equal(call.getTime(), 6);
 * call.cancel();
 * ```
 */
export interface IDelayedCall {
  /** When the call is due, in the scheduler's seconds (including any `delay`). */
  getTime(): number;
  /** Whether it is still scheduled (neither called nor cancelled). */
  active(): boolean;
  /** Unschedules it; throws `AlreadyCalled` / `AlreadyCancelled`. */
  cancel(): void;
  /** Moves it `seconds` later (negative: sooner). */
  delay(seconds: number): void;
  /** Re-schedules it `seconds` from now. */
  reset(seconds: number): void;
  /** Whether it has run (set just before the function runs). */
  readonly called: boolean;
  /** Whether it was cancelled. */
  readonly cancelled: boolean;
}

/**
 * Time and timed calls: Twisted's `IReactorTime`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, type IReactorTime } from "@twisted-ts/core/reactor";
 * function remindLater(time: IReactorTime, seen: string[]) {
 *   time.callLater(10, (what: string) => seen.push(what), "tea");
 * }
 * const clock = new Clock();
 * const seen: string[] = [];
 * remindLater(clock, seen);
 * clock.advance(10);
 * assert.equal(seen[0], "tea");
 * ```
 */
export interface IReactorTime {
  /** The current time in seconds. */
  seconds(): number;
  /**
   * Calls `fn(...args)` after `delay` seconds. `delay` must be a finite
   * number >= 0 (`RangeError` otherwise); `fn` must be a function.
   */
  callLater<A extends unknown[]>(
    delay: number,
    fn: (...args: A) => unknown,
    ...args: A
  ): IDelayedCall;
  /** Every scheduled, not yet cancelled call. */
  getDelayedCalls(): IDelayedCall[];
}

/**
 * Running code in the reactor's thread from anywhere else: Twisted's
 * `IReactorFromThreads`. A `Reactor` is one; so is anything a thread pool
 * can hand its results to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type IReactorFromThreads, Reactor } from "@twisted-ts/core/reactor";
 * const reactor: IReactorFromThreads = new Reactor({ installSignalHandlers: false });
 * // a stand-in that runs each call at once, for a synchronous test
 * const atOnce: IReactorFromThreads = {
 *   callFromThread: (fn, ...args) => void fn(...args),
 * };
 * const seen: number[] = [];
 * atOnce.callFromThread((n: number) => seen.push(n), 7);
 * assert.deepEqual(seen, [7]);
 * assert.equal(typeof reactor.callFromThread, "function");
 * ```
 */
export interface IReactorFromThreads {
  /**
   * Runs `fn(...args)` in the reactor's thread, in its next pass, and wakes
   * it; safe to call from anywhere.
   */
  callFromThread<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): void;
}

/**
 * The reactor's life and its system events: Twisted's `IReactorCore` (the
 * part other layers rely on). What the I/O half is given, so `net/` can
 * close what it opened when the reactor shuts down.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type IReactorCore, Reactor } from "@twisted-ts/core/reactor";
 * const core: IReactorCore = new Reactor({ installSignalHandlers: false });
 * const seen: string[] = [];
 * core.addSystemEventTrigger("before", "shutdown", () => seen.push("closing"));
 * core.fireSystemEvent("shutdown");
 * assert.deepEqual(seen, ["closing"]);
 * assert.equal(core.running, false);
 * ```
 */
export interface IReactorCore {
  /** Whether the loop is running. */
  readonly running: boolean;
  /** Twisted's `addSystemEventTrigger(phase, event, fn, *args)`. */
  addSystemEventTrigger<A extends unknown[]>(
    phase: SystemEventPhase,
    event: string,
    fn: (...args: A) => unknown,
    ...args: A
  ): SystemEventTriggerID;
  /** Takes back a trigger. */
  removeSystemEventTrigger(triggerID: SystemEventTriggerID): void;
  /** Fires `event`'s triggers, phase by phase. */
  fireSystemEvent(event: string): void;
  /** Calls `fn(...args)` once the reactor is running (now, if it is). */
  callWhenRunning<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): SystemEventTriggerID | undefined;
  /** Stops the loop, firing `shutdown`. */
  stop(): void;
}
