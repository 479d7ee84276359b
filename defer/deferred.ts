/**
 * `Deferred`: a result that arrives later, with a chain of callbacks and
 * errbacks that shape it.
 *
 * How the chain runs (Twisted's `_runCallbacks`, iteratively):
 * - The pairs live in one array consumed from a moving head index — so
 *   adding is a push, running is a scan, and a million callbacks cost a
 *   million steps (no `shift()`, which would make it quadratic). The common
 *   pair, `addCallback(fn)` without extra arguments, is stored as the bare
 *   function (one slot, no allocation); every other pair is a small `Pair`
 *   object, a link to another Deferred a `Link`, and a `DeferredList`'s
 *   watch on a member a `Watch`, each behind an `ENTRY` marker (two slots),
 *   so the loop tells them apart from bare callbacks by one identity
 *   comparison.
 * - Each step runs one side of the next pair: the errback side when the
 *   current result is a `Failure`, else the callback side. A throw becomes a
 *   `Failure`; a returned value becomes the result. A bare callback has no
 *   errback side, so on a failure the loop jumps to the next marked entry:
 *   its hot path, a bare callback returning a primitive, never tests for a
 *   failure, and an object result (a `Failure`, a Deferred, a promise) is
 *   dealt with out of line (`settle`).
 * - When a callback returns another Deferred (or any thenable) that has no
 *   result yet, this one pauses and appends a `Link` to the other; when the
 *   other reaches it, the link moves the result back here. `chainDeferred`
 *   uses a `Link` too (one that fires its target). Instead of recursing, the
 *   loop keeps an explicit stack of the Deferreds it is unwinding, so a chain
 *   of a million Deferreds runs at constant JavaScript stack depth.
 *
 * Complexity: O(1) amortised per `addCallbacks`, O(1) amortised per step
 * (the jump past bare callbacks after a failure scans each once), no
 * allocation per step unless extra arguments are given. A Deferred without
 * callbacks shares one empty array; firing it skips the loop. Consumed
 * entries stay referenced until the chain has fully run, then the array is
 * dropped.
 *
 * @module
 */
import { serialIds } from "../_util/serial_ids.ts";
import type { AnyFn } from "../_util/any_fn.ts";
import {
  describeValue,
  requireBoolean,
  requireFunction,
  requireSeconds,
} from "../_util/describe.ts";
import { captureStack, DebugInfo, getDebugging } from "./debug.ts";
import { AlreadyCalledError, CancelledError, TimeoutError } from "./errors.ts";
import { Failure, isFailure } from "./failure.ts";

/** Marks "no result yet", distinct from an `undefined` result. */
const NO_RESULT: unique symbol = Symbol("no result");
/** In a callback slot: pass the result (or failure) through unchanged. */
const PASS: unique symbol = Symbol("pass through");
/**
 * In a chain, marks that the next slot holds a `Pair` or a `Link`: the loop
 * then tells a bare callback from the rest by identity, which is cheaper
 * than testing each entry's type. Never called.
 */
const ENTRY: AnyFn = () => {
  throw new Error("unreachable: the chain's entry marker was called");
};
/** The chain of every Deferred until its first callback: shared, never written. */
const NO_CALLBACKS: Array<AnyFn | Pair | Link | Watch> = Object.freeze(
  [],
) as unknown as Array<AnyFn | Pair | Link | Watch>;

/** One callback/errback pair with its extra arguments. */
class Pair {
  constructor(
    readonly cb: AnyFn | typeof PASS,
    readonly eb: AnyFn | typeof PASS,
    readonly cbArgs: readonly unknown[] | undefined,
    readonly ebArgs: readonly unknown[] | undefined,
  ) {}
}

/**
 * A pair that hands the result to another Deferred, `target`: implicit
 * chaining (`fires` false: `target` is waiting, paused, for this result) or
 * `chainDeferred` (`fires` true: the result fires `target`).
 */
class Link {
  constructor(
    readonly target: Deferred<unknown>,
    readonly fires: boolean,
  ) {}
}

/**
 * Something told of Deferreds' outcomes by index, from their chains: a
 * `DeferredList` watching its members. One small `Watch` per member instead
 * of a callback/errback pair of closures (a list may watch 100,000
 * Deferreds at once).
 */
export interface Watcher {
  /**
   * Member `index` reached this entry with `result` (a `Failure` when
   * `ok` is false); the return value becomes that member's result.
   */
  _memberFired(index: number, ok: boolean, result: unknown): unknown;
}

/** A chain entry that hands the result to a `Watcher`, with an index. */
class Watch {
  constructor(
    readonly watcher: Watcher,
    readonly index: number,
  ) {}
}

/**
 * The minimal clock `addTimeout` needs: Twisted's `IReactorTime.callLater`.
 * A `Clock` or a `Reactor` is one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, type TimeoutClock } from "@twisted-ts/core/defer";
 * // a clock that never calls back: the wait is never cut short
 * const never: TimeoutClock = {
 *   callLater: () => ({ active: () => true, cancel() {} }),
 * };
 * const d = new Deferred<string>().addTimeout(5, never);
 * d.callback("in time");
 * assert.equal(await d, "in time");
 * ```
 */
export interface TimeoutClock {
  /** Schedules `fn` in `delay` seconds; returns a handle with `active`/`cancel`. */
  callLater(
    delay: number,
    fn: () => void,
  ): { active(): boolean; cancel(): void };
}

/**
 * The type of a Deferred's bound `callback`: fires it with `result`. Written
 * as a method type so that it is checked like a method (bivariantly), which
 * keeps `Deferred<T>` covariant: a `Deferred<number>` is a
 * `Deferred<unknown>`, as a `Promise<number>` is a `Promise<unknown>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, type FireCallback } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * const fire: FireCallback<number> = d.callback; // bound: pass it around
 * fire(7);
 * assert.equal(await d, 7);
 * ```
 */
export type FireCallback<T> = {
  fire(result: T | Failure): void;
}["fire"];

/**
 * Options for {@linkcode Deferred.addCallbacks}: extra arguments per side.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CallbacksOptions, succeed } from "@twisted-ts/core/defer";
 * const options: CallbacksOptions = { callbackArgs: ["px"] };
 * const d = succeed(12).addCallbacks(
 *   (n: number, unit: string) => `${n}${unit}`,
 *   null,
 *   options,
 * );
 * assert.equal(await d, "12px");
 * ```
 */
export interface CallbacksOptions {
  /** Arguments passed to the callback after the result. */
  callbackArgs?: readonly unknown[] | null;
  /** Arguments passed to the errback after the failure. */
  errbackArgs?: readonly unknown[] | null;
}

/**
 * The value a chain carries on after a callback that returns `R`: a
 * returned Deferred or promise is waited for (its value), and a returned
 * `Failure` is left out — it keeps the chain failing, so it is never a
 * value. So `(n) => n > 0 ? n : succeed("none")` gives `number | string`,
 * and an errback that returns the failure it was given adds nothing.
 *
 * @example
 * ```ts
 * import type { ChainValue, Deferred, Failure } from "@twisted-ts/core/defer";
 * type FromCache = ChainValue<number | Deferred<string>>; // number | string
 * type PassedOn = ChainValue<number | Failure>; // number
 * const values: [FromCache, PassedOn] = ["fetched", 1];
 * if (values.length !== 2) throw new Error("unexpected");
 * ```
 */
export type ChainValue<R> = Exclude<Awaited<R>, Failure>;

/** A small stable number per object, for `toString`. */
const idOf = serialIds();

/** The check behind {@linkcode isDeferred}, set by `Deferred`'s static block. */
let brand: (value: unknown) => boolean;
/**
 * Drops a cancelled Deferred's readiness to eat one late result (`cancel()`
 * without a canceller): its late result has come and gone unfired. Set by
 * `Deferred`'s static block, to reach a private field from `adopt`.
 */
let forgetLateResult: (d: Deferred<unknown>) => void;

/**
 * A result that is not there yet. Add callbacks (run on success) and errbacks
 * (run on failure); fire it once with `callback(value)` or
 * `errback(failure)`; each callback's return value becomes the next one's
 * input. A callback returning another Deferred (or a promise) pauses the
 * chain until that one fires. Cancel with `cancel()`; bound a wait with
 * `addTimeout`; `await` it like a promise.
 *
 * `callback` and `errback` are bound to their Deferred, so they can be passed
 * around directly: `reactor.callLater(2, d.callback, 9)`.
 *
 * Differences from Twisted: a callback that returns the very Deferred it is
 * attached to fails the chain with a `TypeError` (Twisted warns and then
 * waits forever); `chainDeferred` and `cancel` are iterative, so chains of any
 * length are safe; a callback may also return a promise.
 *
 * @typeParam T the type of the result the next callback receives.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * const seen: string[] = [];
 * d.addCallback((n) => n * 3)
 *   .addCallback((n) => `<p>${n}</p>`)
 *   .addCallback((html) => { seen.push(html); });
 * d.callback(4);
 * assert.equal(seen[0], "<p>12</p>");
 * ```
 */
export class Deferred<T = unknown> implements PromiseLike<T> {
  static {
    // `instanceof` first: on V8, `#field in` costs ~40 ns for an object
    // that lacks the field (~5 for `instanceof`); it confirms only a match
    brand = (value) => {
      try {
        return value instanceof Deferred && #canceller in value;
      } catch {
        return false; // a Proxy whose getPrototypeOf trap throws
      }
    };
    forgetLateResult = (d) => {
      d.#suppressAlreadyCalled = false;
    };
  }

  /** Whether `callback`/`errback` has been called (even if still waiting on a chained Deferred). */
  called = false;
  /**
   * The pause count: user pauses, plus one while waiting on a chained
   * Deferred. Any non-zero count (even negative, after an unbalanced
   * `unpause()`) holds the callbacks back.
   */
  paused = 0;
  /**
   * @internal Debug stacks and the unhandled failure. A test seam: the
   * tests of unhandled-error reporting call its `reportUnhandled()`, the
   * deterministic twin of what garbage collection does.
   */
  _debugInfo: DebugInfo | undefined = undefined;
  // The loop's state: plain `_` fields, not `#private`, because the loop
  // (and `settle`, `append`) read and write them for every Deferred it
  // visits, `_result` at every step. Measured on Bun (JSC) with
  // bench/deferred_bench.ts: as `#` fields, "fire only" cost 1.11x, 1.15x
  // and 1.25x at 10k/100k/1M callbacks and "100k deferreds x 10 callbacks"
  // 1.13-1.19x; with these five plain, both were within noise (V8 showed no
  // difference either way). Only this file touches them.
  /** @internal current result, or `NO_RESULT` */
  _result: unknown = NO_RESULT;
  /**
   * @internal pairs: a bare function (callback only), a `Pair` or a
   * `Link`; `NO_CALLBACKS` until the first is added
   */
  _chain: Array<AnyFn | Pair | Link | Watch> = NO_CALLBACKS;
  /** @internal index of the next unrun pair in `_chain` */
  _head = 0;
  /** @internal set while this Deferred's own callbacks run */
  _running = false;
  /** @internal the Deferred this one waits on, for `toString` */
  _chainedTo: Deferred<unknown> | null = null;
  /** Eat the first late fire after a canceller-less cancel. */
  #suppressAlreadyCalled = false;
  /** Typed loosely: a `Deferred<T>` would make `T` invariant. */
  #canceller: ((d: Deferred<never>) => void) | undefined;

  /**
   * Creates an unfired Deferred. `canceller`, if given, is called by
   * `cancel()` to abort the underlying work; if it does not fire the
   * Deferred itself, `cancel()` then errbacks it with `CancelledError`.
   */
  constructor(canceller?: ((d: Deferred<T>) => void) | null) {
    if (canceller !== undefined && canceller !== null) {
      requireFunction("Deferred: canceller", canceller);
      this.#canceller = canceller as (d: Deferred<never>) => void;
    } else {
      this.#canceller = undefined;
    }
    if (getDebugging()) {
      const info = this._debugInfo = new DebugInfo();
      info.creator = captureStack();
    }
  }

  /**
   * The current result: `undefined` before firing, the awaited Deferred
   * while waiting on one, else the value or `Failure` the last callback
   * produced.
   */
  get result(): unknown {
    return this._result === NO_RESULT ? undefined : this._result;
  }

  /** Whether the Deferred holds a result (it has fired and is not waiting). */
  get hasResult(): boolean {
    const r = this._result;
    return r !== NO_RESULT && !isDeferred(r);
  }

  /**
   * Debug mode for this Deferred: defaults to the global `getDebugging()`;
   * set it to record (from then on) where this one is fired, for
   * `AlreadyCalledError` and unhandled-error reports.
   */
  get debug(): boolean {
    return this._debugInfo?.debug ?? getDebugging();
  }
  set debug(on: boolean) {
    requireBoolean("Deferred.debug", on);
    (this._debugInfo ??= new DebugInfo()).debug = on;
  }

  /**
   * Adds a callback/errback pair and returns this Deferred. Only one side of
   * a pair runs for a given result; if the Deferred has already fired, the
   * pair runs now. A missing (or `null`) errback passes failures through.
   * `callbackArgs`/`errbackArgs` are passed after the result.
   */
  addCallbacks<R = T, ER = never>(
    callback: (result: T, ...args: never[]) => R,
    errback?: ((failure: Failure, ...args: never[]) => ER) | null,
    options?: CallbacksOptions,
  ): Deferred<ChainValue<R> | ChainValue<ER>> {
    requireFunction("addCallbacks: callback", callback);
    if (errback !== undefined && errback !== null) {
      requireFunction("addCallbacks: errback", errback);
    }
    if (
      options !== undefined &&
      (typeof options !== "object" || options === null ||
        Array.isArray(options))
    ) {
      // Twisted's third argument is `callbackArgs`: say where it goes here
      throw new TypeError(
        `addCallbacks: options must be an object such as { callbackArgs: [...] }, got ${
          describeValue(options)
        }`,
      );
    }
    const ca = argsOption("callbackArgs", options?.callbackArgs);
    const ea = argsOption("errbackArgs", options?.errbackArgs);
    const eb = errback ?? PASS;
    return this._add(
      eb === PASS && ca === undefined
        ? callback as AnyFn
        : new Pair(callback as AnyFn, eb, ca, ea),
    );
  }

  /**
   * Adds a callback (failures pass by it untouched), called as
   * `fn(result, ...args)`; its return value becomes the new result.
   *
   * It returns this same Deferred, retyped to the callback's result: use
   * what it returns. Extending the chain on the original variable does not
   * change that variable's static type — after
   * ``const d = new Deferred<number>(); d.addCallback((n) => `n=${n}`)``,
   * `const x: number = await d` type-checks, yet `x` is a string. Chain
   * the calls, or keep the returned Deferred.
   *
   * @example Chain the calls, and keep what the chain returns
   * ```ts
   * import assert from "node:assert/strict";
   * import { Deferred } from "@twisted-ts/core/defer";
   * const d = new Deferred<number>();
   * const text = d.addCallback((n) => `n=${n}`); // Deferred<string>
   * const length = text.addCallback((s) => s.length); // Deferred<number>
   * d.callback(1);
   * assert.equal(await length, 3);
   * ```
   */
  addCallback<R, A extends unknown[] = []>(
    fn: (result: T, ...args: A) => R,
    ...args: A
  ): Deferred<ChainValue<R>>;
  // No rest parameter: `arguments` is read only when there are extra ones,
  // so the common call allocates nothing but its slot in the chain.
  addCallback(fn: AnyFn): Deferred<unknown> {
    if (typeof fn !== "function") requireFunction("addCallback: callback", fn);
    if (arguments.length > 1) {
      return this._add(new Pair(fn, PASS, extraArgs(arguments), undefined));
    }
    appendCallback(this, fn);
    if (this.called) this._runCallbacks();
    return this;
  }

  /**
   * Adds an errback (results pass by it untouched), called as
   * `fn(failure, ...args)`; returning a value recovers, throwing (or
   * returning the failure) keeps the chain failing.
   */
  addErrback<R, A extends unknown[] = []>(
    fn: (failure: Failure, ...args: A) => R,
    ...args: A
  ): Deferred<T | ChainValue<R>>;
  addErrback(fn: AnyFn): Deferred<unknown> {
    if (typeof fn !== "function") requireFunction("addErrback: errback", fn);
    const args = arguments.length > 1 ? extraArgs(arguments) : undefined;
    return this._add(new Pair(PASS, fn, undefined, args));
  }

  /** Adds `fn` as both callback and errback, with the same extra arguments. */
  addBoth<R, A extends unknown[] = []>(
    fn: (resultOrFailure: T | Failure, ...args: A) => R,
    ...args: A
  ): Deferred<ChainValue<R>>;
  addBoth(fn: AnyFn): Deferred<unknown> {
    if (typeof fn !== "function") requireFunction("addBoth: callback", fn);
    const args = arguments.length > 1 ? extraArgs(arguments) : undefined;
    return this._add(new Pair(fn, fn, args, args));
  }

  /**
   * @internal tells `watcher._memberFired(index, ok, result)` of the result
   * that reaches this point of the chain (for `DeferredList`)
   */
  _watch(watcher: Watcher, index: number): void {
    this._add(new Watch(watcher, index));
  }

  /** @internal appends one entry and runs it if fired (see `_runCallbacks`) */
  _add<R>(entry: AnyFn | Pair | Link | Watch): Deferred<R> {
    append(this, entry);
    if (this.called) this._runCallbacks();
    return this as unknown as Deferred<R>;
  }

  /**
   * Fires `d` with this Deferred's result, like `addCallbacks(d.callback,
   * d.errback)`: this Deferred's own result becomes `undefined` afterwards,
   * or an `AlreadyCalledError` failure if `d` had already fired. Unlike
   * Twisted's, long `chainDeferred` chains do not grow the stack.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Deferred } from "@twisted-ts/core/defer";
   * const first = new Deferred<string>();
   * const second = new Deferred<string>();
   * let seen = "";
   * second.addCallback((s) => { seen = s; });
   * first.chainDeferred(second);
   * first.callback("relayed");
   * assert.equal(seen, "relayed");
   * ```
   */
  chainDeferred(d: Deferred<T>): Deferred<undefined> {
    if (!isDeferred(d)) {
      throw new TypeError(
        `chainDeferred: d must be a Deferred, got ${describeValue(d)}`,
      );
    }
    d._chainedTo = this as Deferred<unknown>;
    return this._add(new Link(d as Deferred<unknown>, true));
  }

  /**
   * Fires the Deferred with `result` (bound: safe to pass as a function).
   * A `Failure` fires the errback side. Throws `AlreadyCalledError` if it
   * already fired, and `TypeError` for a Deferred (return it from a
   * callback to chain it instead). Each read makes a new bound function, as
   * each read of a Python bound method does, and the Deferred keeps none: a
   * fired Deferred holds only its result (keep the function you pass to
   * `removeEventListener` and the like).
   */
  get callback(): FireCallback<T> {
    return (result: T | Failure) => {
      if (isDeferred(result)) {
        throw new TypeError(
          "callback: result must not be a Deferred (return it from a callback to chain it), got a Deferred",
        );
      }
      this._startRunCallbacks(result);
    };
  }

  /**
   * Fires the Deferred with a failure (bound: safe to pass as a function;
   * a new one per read, as `callback`). `reason` may be a `Failure` (used
   * as is) or any thrown value (wrapped); a bare string or a Deferred is a
   * `TypeError`. Without a reason (or with `undefined`) there is no "current
   * exception" to capture in JavaScript, so the failure wraps an `Error`
   * saying so.
   */
  get errback(): (reason?: unknown) => void {
    return (reason?: unknown) => {
      this._startRunCallbacks(toFailure("errback", reason));
    };
  }

  /**
   * @internal Twisted's `_startRunCallbacks`: the one way to fire. A
   * same-layer friend: `succeed`/`fail` (`succeed.ts`) fire through it.
   */
  _startRunCallbacks(result: unknown): void {
    if (!this._fire(result)) return;
    if (
      this._head === this._chain.length && this.paused === 0 &&
      !isFailure(result)
    ) {
      this._chainedTo = null; // nothing to run: what the loop would leave
      return;
    }
    this._runCallbacks();
  }

  /**
   * @internal Records `result` as this Deferred's first result; returns
   * false if a canceller-less cancel suppressed this late fire; throws
   * `AlreadyCalledError` on a second fire.
   */
  _fire(result: unknown): boolean {
    if (this.called) {
      if (this.#suppressAlreadyCalled) {
        this.#suppressAlreadyCalled = false;
        return false;
      }
      throw this.#alreadyCalled();
    }
    const info = this._debugInfo;
    if (info !== undefined ? info.debug ?? getDebugging() : getDebugging()) {
      (this._debugInfo ??= new DebugInfo()).invoker = captureStack();
    }
    this.called = true;
    this._result = result;
    return true;
  }

  /** The error for a second fire, with debug stacks if on. */
  #alreadyCalled(): AlreadyCalledError {
    const base = `Deferred has already been called (result: ${
      describeResult(this._result)
    })`;
    if (!this.debug) return new AlreadyCalledError(base);
    const stacks = (this._debugInfo ??= new DebugInfo()).describe();
    return new AlreadyCalledError(base + "\n" + stacks);
  }

  /** Adds one to the pause count: callbacks wait until `unpause()`. */
  pause(): void {
    this.paused++;
  }

  /** Takes one from the pause count; at zero, runs any waiting callbacks. */
  unpause(): void {
    this.paused--;
    if (this.paused === 0 && this.called) this._runCallbacks();
  }

  /**
   * Cancels the work behind this Deferred. Unfired: calls the canceller, and
   * errbacks with `CancelledError` unless the canceller fired it (without a
   * canceller, the first late `callback`/`errback` is then silently
   * ignored). Waiting on a chained Deferred: cancels that one instead.
   * Already fired: nothing.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CancelledError, Deferred } from "@twisted-ts/core/defer";
   * const d = new Deferred<string>();
   * let why = "";
   * d.addErrback((f) => { why = f.check(CancelledError) ? "cancelled" : "?"; });
   * d.cancel();
   * d.callback("too late"); // ignored once, since there is no canceller
   * assert.equal(why, "cancelled");
   * ```
   */
  cancel(): void {
    // Twisted recurses into the awaited Deferred; walking down is the same,
    // except that a subclass with its own `cancel` (DeferredList) decides.
    // A cycle (two Deferreds whose callbacks returned each other) would
    // walk for ever: a second pointer at half speed meets the first there
    // (Twisted's recursion ends in a RecursionError instead).
    let d: Deferred<unknown> = this as Deferred<unknown>;
    let slow = d;
    for (let steps = 1; d.called; steps++) {
      const awaited = d._result;
      if (!isDeferred(awaited)) return;
      if (awaited.cancel !== Deferred.prototype.cancel) return awaited.cancel();
      d = awaited;
      if ((steps & 1) === 0) slow = slow._result as Deferred<unknown>;
      if (d === slow) {
        throw new RangeError(
          `cancel: ${this} waits on Deferreds that wait on each other in a circle: none of them can fire, or be cancelled`,
        );
      }
    }
    const canceller = d.#canceller;
    if (canceller !== undefined) canceller(d as Deferred<never>);
    else d.#suppressAlreadyCalled = true;
    if (!d.called) d._startRunCallbacks(new Failure(new CancelledError()));
  }

  /**
   * Cancels this Deferred if it has not fired within `seconds` on `clock`,
   * turning the resulting `CancelledError` into a `TimeoutError` (or into
   * whatever `onTimeoutCancel(result, seconds)` returns or throws).
   * Callbacks added before this are inside the timeout; those added after
   * see its outcome. Firing (or a manual `cancel()`) first stops the timer.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Deferred, TimeoutError } from "@twisted-ts/core/defer";
   * import { Clock } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const d = new Deferred<string>().addTimeout(5, clock);
   * let timedOut = false;
   * d.addErrback((f) => { timedOut = f.check(TimeoutError) !== undefined; });
   * clock.advance(5);
   * assert.ok(timedOut);
   * ```
   */
  addTimeout(
    seconds: number,
    clock: TimeoutClock,
    onTimeoutCancel?: (result: unknown, timeout: number) => unknown,
  ): Deferred<T> {
    requireSeconds("addTimeout: seconds", seconds);
    if (typeof clock?.callLater !== "function") {
      throw new TypeError(
        `addTimeout: clock must have a callLater method, got ${
          describeValue(clock)
        }`,
      );
    }
    if (onTimeoutCancel !== undefined) {
      requireFunction("addTimeout: onTimeoutCancel", onTimeoutCancel);
    }
    let timedOut = false;
    const call = clock.callLater(seconds, () => {
      timedOut = true;
      this.cancel();
    });
    const translate = onTimeoutCancel ?? cancelledToTimeout;
    const convert = (value: unknown) =>
      timedOut ? translate(value, seconds) : value;
    this._add(new Pair(convert, convert, undefined, undefined));
    const stopTimer = (value: unknown) => {
      if (call.active()) call.cancel();
      return value;
    };
    return this._add(new Pair(stopTimer, stopTimer, undefined, undefined));
  }

  /**
   * Makes `await d` work: resolves with the result or rejects with the
   * failure's value, leaving either in the chain — as a rejected promise
   * rejects every `await`, every `await` of a failed Deferred throws the
   * same error, and callbacks added later still see the `Failure`. A
   * failure that was awaited counts as handled: it is not reported as
   * unhandled when the Deferred is collected (unless, as in Twisted, a
   * callback added afterwards passes it on again). Always asynchronous, like
   * every promise; for synchronous resumption use `inlineCallbacks`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { succeed } from "@twisted-ts/core/defer";
   * const n = await succeed(41).addCallback((x) => x + 1);
   * assert.equal(n, 42);
   * ```
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.asPromise().then(onfulfilled, onrejected);
  }

  /**
   * A promise of this Deferred's result: resolved with the value, or
   * rejected with the failure's value. Either stays in the chain (Twisted
   * keeps a Failure that was awaited); the failure is marked handled, so it
   * is not reported as unhandled when the Deferred is collected.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure, fail } from "@twisted-ts/core/defer";
   * const d = fail(new Error("nope"));
   * await assert.rejects(d.asPromise(), { message: "nope" });
   * await assert.rejects(d.asPromise(), { message: "nope" }); // every time
   * assert.ok(d.result instanceof Failure); // still the chain's result
   * ```
   */
  asPromise(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this._add(
        new Pair(
          (value: unknown) => {
            resolve(value as T);
            return value;
          },
          (failure: Failure) => {
            reject(failure.value);
            (this._debugInfo ??= new DebugInfo()).handled = failure;
            return failure;
          },
          undefined,
          undefined,
        ),
      );
    });
  }

  /**
   * A Deferred that fires when `promise` settles: with its value, or with a
   * `Failure` of its rejection reason. Cancelling it errbacks with
   * `CancelledError` at once and ignores the promise's later outcome (a
   * promise cannot be stopped).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Deferred } from "@twisted-ts/core/defer";
   * const d = Deferred.fromPromise(Promise.resolve("ok"));
   * assert.equal(await d, "ok");
   * ```
   */
  static fromPromise<T>(promise: PromiseLike<T>): Deferred<Awaited<T>> {
    let then: unknown;
    try {
      then = (promise as { then?: unknown } | null | undefined)?.then;
    } catch (e) {
      return failed(e); // a throwing `then` getter: as a promise rejects
    }
    if (typeof then !== "function") {
      throw new TypeError(
        `Deferred.fromPromise: promise must be a thenable, got ${
          describeValue(promise)
        }`,
      );
    }
    return adopt(promise, then as AnyFn) as Deferred<Awaited<T>>;
  }

  /** `<Deferred #n>`, with its current result or what it waits on. */
  toString(): string {
    const name = `${this.constructor.name} #${idOf(this)}`;
    if (this._chainedTo !== null) {
      return `<${name} waiting on ${this._chainedTo.constructor.name} #${
        idOf(this._chainedTo)
      }>`;
    }
    if (this._result === NO_RESULT) return `<${name}>`;
    return `<${name} current result: ${describeResult(this._result)}>`;
  }

  /**
   * @internal Twisted's `_runCallbacks`, iterative; see the module header.
   * With `_add` and `_fire` (which it calls per Deferred) a plain method,
   * not `#private`: on Bun (JSC) private methods here cost 1.07x-1.13x in
   * "100k deferreds x 10 callbacks" and 1.07x-1.10x in "chaining 100k"
   * (bench/deferred_bench.ts, 10 alternating runs each); as plain methods,
   * 1.01x and 1.03x. Only this file calls them.
   */
  _runCallbacks(): void {
    if (this._running) return;
    let current: Deferred<unknown> = this as Deferred<unknown>;
    // Deferreds whose loops resume when `current` is done. A `null` marks
    // where Twisted would be inside a nested `target.callback()` call made
    // by `chainDeferred`: the Deferred under it resumes even if the nested
    // part stalls on a paused Deferred, and stays "running" meanwhile.
    let below: Array<Deferred<unknown> | null> | undefined;
    let resuming = false; // back from a nested fire: do not re-check `paused`
    for (;;) {
      if (current.paused && !resuming) {
        // everything down to the innermost nested fire waits for `current`
        let d: Deferred<unknown> | null | undefined;
        do d = below?.pop(); while (d != null);
        if (d === undefined) return;
        current = below!.pop()!;
        current._result = undefined; // its `target.callback()` returned
        resuming = true;
        continue;
      }
      resuming = false;
      current._chainedTo = null;
      const chain = current._chain;
      let head = current._head;
      let result = current._result;
      let failed = isFailure(result);
      if (failed) head = skipCallbacks(chain, head);
      let next: Deferred<unknown> | undefined; // a Deferred to process now
      let nested = false; // `next` was fired by a chainDeferred link
      current._running = true;
      while (head < chain.length) {
        const callback = chain[head++] as AnyFn;
        if (callback !== ENTRY) {
          // The hot path: a bare callback, on a success (a failure skips
          // them all at once, so that this path never tests for one).
          try {
            result = callback(result);
            if (typeof result === "object" && result !== null) {
              result = settle(current, result);
              if (result === WAITING) break;
              if (settledToFailure) {
                failed = true;
                head = skipCallbacks(chain, head);
              }
            }
          } catch (e) {
            // inline, not a call: on V8 a call in these catch blocks slows
            // the loop by ~30% (1k callbacks, fire only); the inner `try` is
            // for a revoked Proxy, whose `instanceof` throws
            try {
              result = e instanceof Failure ? e : new Failure(e);
            } catch {
              result = new Failure(e);
            }
            failed = true;
            head = skipCallbacks(chain, head);
          }
          current._result = result;
          continue;
        }
        const entry = chain[head++] as Pair | Link | Watch;
        if (entry instanceof Pair) {
          const fn = failed ? entry.eb : entry.cb;
          if (fn !== PASS) {
            const args = failed ? entry.ebArgs : entry.cbArgs;
            try {
              result = args === undefined ? fn(result) : fn(result, ...args);
              if (typeof result !== "object" || result === null) {
                failed = false;
              } else {
                result = settle(current, result);
                if (result === WAITING) break;
                failed = settledToFailure;
              }
            } catch (e) {
              try {
                result = e instanceof Failure ? e : new Failure(e);
              } catch {
                result = new Failure(e);
              }
              failed = true;
            }
            current._result = result;
          }
        } else if (entry instanceof Watch) {
          try {
            result = entry.watcher._memberFired(entry.index, !failed, result);
            if (typeof result !== "object" || result === null) {
              failed = false;
            } else {
              result = settle(current, result);
              if (result === WAITING) break;
              failed = settledToFailure;
            }
          } catch (e) {
            try {
              result = e instanceof Failure ? e : new Failure(e);
            } catch {
              result = new Failure(e);
            }
            failed = true;
          }
          current._result = result;
        } else if (entry.fires) {
          // chainDeferred: `target.callback(result)`, without recursing.
          // While the target's callbacks run, this one keeps its result
          // (they may read it, as in Twisted); it becomes `undefined` when
          // the nested part is done (see where `null` is popped below)
          const target = entry.target;
          try {
            if (isDeferred(result)) {
              // only an unpause() too many reaches here with one: the
              // target must not fire with a Deferred (Twisted: an
              // AssertionError, the target left unfired)
              throw new TypeError(
                `chainDeferred: ${current} has not finished waiting on ${result}: ${target} cannot fire with a Deferred (was it unpaused once too often?)`,
              );
            }
            nested = target._fire(result) && !target.paused;
            if (nested) {
              next = target;
              break;
            }
            result = undefined;
            failed = false;
          } catch (e) {
            result = new Failure(e);
            failed = true;
          }
          current._result = result;
        } else {
          // implicit chaining: `target` waits on us; move the result over
          next = entry.target;
          next._result = result;
          current._result = result = undefined;
          failed = false;
          if (current._debugInfo !== undefined) {
            current._debugInfo.clear();
          }
          next.paused--;
          break;
        }
        // a failure passes by every bare callback up to the next entry
        if (failed) head = skipCallbacks(chain, head);
      }
      current._head = head;
      if (next !== undefined) {
        below ??= [];
        below.push(current);
        if (nested) below.push(null);
        else current._running = false;
        current = next;
        continue;
      }
      current._running = false;
      // done with `current` for now
      if (head === chain.length && head !== 0) {
        // all run: let the array go (a later callback starts a new one)
        current._chain = NO_CALLBACKS;
        current._head = 0;
      } else if (head > 32 && head * 2 > chain.length) {
        // paused with more to run (a Deferred used as a work queue that
        // never empties): drop what has run, or the array only grows.
        // Nothing else holds an index into it while it is not running.
        chain.splice(0, head);
        current._head = 0;
      }
      const final = current._result;
      if (isFailure(final)) {
        (current._debugInfo ??= new DebugInfo()).hold(current, final);
      } else if (current._debugInfo !== undefined) {
        current._debugInfo.clear();
      }
      if (below === undefined || below.length === 0) return;
      let d = below.pop()!;
      if (d === null) {
        d = below.pop()!;
        d._result = undefined; // its `target.callback()` returned
        resuming = true;
      }
      current = d;
    }
  }
}

/** The arguments after the first, as an array. */
function extraArgs(args: IArguments): unknown[] {
  return Array.prototype.slice.call(args, 1);
}

/** Appends `entry` to `d`'s chain without running it. */
function append(
  d: Deferred<unknown>,
  entry: AnyFn | Pair | Link | Watch,
): void {
  if (typeof entry === "function") appendCallback(d, entry);
  else if (d._chain === NO_CALLBACKS) d._chain = [ENTRY, entry];
  else d._chain.push(ENTRY, entry);
}

/** Appends a bare callback to `d`'s chain without running it. */
function appendCallback(d: Deferred<unknown>, fn: AnyFn): void {
  if (d._chain === NO_CALLBACKS) d._chain = [fn];
  else d._chain.push(fn);
}

/**
 * What a callback's object result `result` makes of `current`'s result: a
 * `Failure` or a plain object as is; an already-fired Deferred's result
 * (taken, leaving it `undefined`); or, for a Deferred or promise without
 * a result yet, `WAITING`, having paused `current` on it. Sets
 * `settledToFailure`. Kept out of the loop so that the loop's common step
 * (a primitive result) stays small.
 */
function settle(current: Deferred<unknown>, result: object): unknown {
  // The loop calls this inside its `try`, so these plain checks may throw
  // (a revoked Proxy throws from `instanceof`, a `then` getter from its
  // read): the chain then fails with that error, as a promise rejects. On
  // this path, the one a callback returning a Deferred takes, `isFailure`
  // and `asDeferred` cost 10-30% (their `try` keeps JSC from inlining).
  if (result instanceof Failure) {
    settledToFailure = true;
    return result;
  }
  let inner: Deferred<unknown>;
  if (result instanceof Deferred) inner = result;
  else {
    const then = (result as { then?: unknown }).then;
    if (typeof then !== "function") {
      settledToFailure = false;
      return result;
    }
    inner = adopt(result as PromiseLike<unknown>, then as AnyFn);
  }
  if (inner === current) {
    settledToFailure = true;
    return new Failure(
      new TypeError(
        "a callback returned the Deferred it is attached to; it would wait for itself forever",
      ),
    );
  }
  const innerResult = inner._result;
  if (
    innerResult === NO_RESULT || isDeferred(innerResult) ||
    inner.paused
  ) {
    // wait for `inner`: it will hand its result back via a Link
    current._result = inner;
    current._chainedTo = inner;
    current.paused++;
    append(inner, new Link(current, false));
    settledToFailure = false;
    return WAITING;
  }
  // `inner` already has a result: take it, leaving it `undefined`
  inner._result = undefined;
  if (inner._debugInfo !== undefined) inner._debugInfo.clear();
  settledToFailure = isFailure(innerResult);
  return innerResult;
}

/** From `settle`: `current` now waits on a Deferred; leave its loop. */
const WAITING: unique symbol = Symbol("waiting");

/** Set by `settle`: whether the result it returned is a `Failure`. */
let settledToFailure = false;

/**
 * The index of the first `ENTRY` marker at or after `head` (or the chain's
 * length): after a failure, every bare callback up to there is passed by.
 */
function skipCallbacks(
  chain: Array<AnyFn | Pair | Link | Watch>,
  head: number,
): number {
  while (head < chain.length && chain[head] !== ENTRY) head++;
  return head;
}

/** Checks an `addCallbacks` argument-list option; empty lists become `undefined`. */
function argsOption(
  name: string,
  value: readonly unknown[] | null | undefined,
): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw new TypeError(
      `addCallbacks: ${name} must be an array, got ${describeValue(value)}`,
    );
  }
  return value.length ? value : undefined;
}

/**
 * @internal The `Failure` for `errback(reason)`/`fail(reason)`: a Failure as
 * is, any other value wrapped; a string or a Deferred is a `TypeError`
 * naming `what`.
 */
export function toFailure(what: string, reason: unknown): Failure {
  if (isFailure(reason)) return reason;
  if (typeof reason === "string") {
    throw new TypeError(
      `${what}: strings are not supported as failures; pass an Error, got ${
        describeValue(reason)
      }`,
    );
  }
  if (isDeferred(reason)) {
    throw new TypeError(
      `${what}: reason must not be a Deferred, got ${reason}`,
    );
  }
  return new Failure(
    reason === undefined
      ? new Error(`${what}() called without a reason`)
      : reason,
  );
}

/**
 * @internal Whether `value` is a `Deferred`. Unlike `instanceof`, it runs no
 * code of the value's: `instanceof` asks a Proxy's `getPrototypeOf` trap,
 * which may throw (a revoked Proxy always does), and a Proxy may claim
 * `Deferred.prototype` without being one. Code that receives values from
 * callbacks, tasks and callers uses this.
 */
export function isDeferred(value: unknown): value is Deferred<unknown> {
  // the common primitive result pays no call
  return typeof value === "object" && value !== null && brand(value);
}

/**
 * @internal What a value someone returned or yielded is worth waiting for,
 * read as promise resolution reads it: a Deferred as is; a thenable as a
 * Deferred of its outcome (one read of `then`, a getter that throws giving
 * a failed Deferred); `undefined` for any other value. For code that
 * accepts a Deferred or a promise from a callback, a trigger or a task.
 */
export function asDeferred(value: unknown): Deferred<unknown> | undefined {
  if (
    value === null || typeof value !== "object" && typeof value !== "function"
  ) {
    return undefined;
  }
  if (isDeferred(value)) return value;
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch (e) {
    return failed(e);
  }
  return typeof then === "function"
    ? adopt(value as PromiseLike<unknown>, then as AnyFn)
    : undefined;
}

/** A Deferred that has failed with `reason`. */
function failed(reason: unknown): Deferred<never> {
  const d = new Deferred<never>();
  d._startRunCallbacks(new Failure(reason));
  return d;
}

/**
 * A Deferred of `thenable`'s outcome, `then` being its `then` method, with
 * the guarantees of promise resolution against a thenable that misbehaves:
 * only its first call back counts, and a `then` that throws before calling
 * back fails the Deferred (after, the throw is ignored).
 */
function adopt(
  thenable: PromiseLike<unknown>,
  then: AnyFn,
): Deferred<unknown> {
  const d = new Deferred<unknown>();
  let done = false;
  const settle = (result: unknown) => {
    if (!d.called) d._startRunCallbacks(result);
    else forgetLateResult(d); // cancelled: drop the outcome
  };
  try {
    then.call(
      thenable,
      (value: unknown) => {
        if (done) return;
        done = true;
        if (isDeferred(value)) value.chainDeferred(d);
        else settle(value);
      },
      (reason: unknown) => {
        if (done) return;
        done = true;
        settle(new Failure(reason));
      },
    );
  } catch (e) {
    if (!done) {
      done = true;
      settle(new Failure(e));
    }
  }
  return d;
}

function describeResult(result: unknown): string {
  if (result === NO_RESULT) return "none yet";
  return isFailure(result) ? String(result) : describeValue(result);
}

function cancelledToTimeout(value: unknown, timeout: number): unknown {
  if (isFailure(value)) {
    value.trap(CancelledError);
    throw new TimeoutError(timeout);
  }
  return value;
}
