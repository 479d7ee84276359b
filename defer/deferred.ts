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
 *   object, and a chained Deferred's hook is a `Continuation`.
 * - Each step runs one side of the next pair: the errback side when the
 *   current result is a `Failure`, else the callback side. A throw becomes a
 *   `Failure`; a returned value becomes the result.
 * - When a callback returns another Deferred (or any thenable) that has no
 *   result yet, this one pauses and appends a *continuation* pair to the
 *   other; when the other fires, the continuation moves its result back
 *   here. Instead of recursing, the loop keeps an explicit stack of the
 *   Deferreds it is unwinding, so a chain of a million Deferreds runs at
 *   constant JavaScript stack depth.
 *
 * Complexity: O(1) amortised per `addCallbacks`, O(1) per step, no
 * allocation per step unless extra arguments are given.
 *
 * @module
 */
import { describeValue, requireFunction, requireSeconds } from "./_describe.ts";
import {
  captureStack,
  DebugInfo,
  getDebugging,
  watchForCollection,
} from "./debug.ts";
import { AlreadyCalledError, CancelledError, TimeoutError } from "./errors.ts";
import { Failure } from "./failure.ts";

/** Marks "no result yet", distinct from an `undefined` result. */
const NO_RESULT: unique symbol = Symbol("no result");
/** In a callback slot: pass the result (or failure) through unchanged. */
const PASS: unique symbol = Symbol("pass through");

/** One callback/errback pair with its extra arguments. */
class Pair {
  constructor(
    readonly cb: AnyFn | typeof PASS,
    readonly eb: AnyFn | typeof PASS,
    readonly cbArgs: readonly unknown[] | undefined,
    readonly ebArgs: readonly unknown[] | undefined,
  ) {}
}

/** The pair a chained Deferred leaves behind: "move the result to `waiting`". */
class Continuation {
  constructor(readonly waiting: Deferred<unknown>) {}
}

/** The minimal clock `addTimeout` needs: Twisted's `IReactorTime.callLater`. */
export interface TimeoutClock {
  /** Schedules `fn` in `delay` seconds; returns a handle with `active`/`cancel`. */
  callLater(
    delay: number,
    fn: () => void,
  ): { active(): boolean; cancel(): void };
}

/** Options for {@linkcode Deferred.addCallbacks}: extra arguments per side. */
export interface CallbacksOptions {
  /** Arguments passed to the callback after the result. */
  callbackArgs?: readonly unknown[];
  /** Arguments passed to the errback after the failure. */
  errbackArgs?: readonly unknown[];
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => unknown;

let nextId = 1;
const ids = new WeakMap<object, number>();
function idOf(d: object): number {
  let id = ids.get(d);
  if (id === undefined) ids.set(d, id = nextId++);
  return id;
}

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
 * @typeParam T the type of the result the next callback receives.
 *
 * @example
 * ```ts
 * import { Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * const seen: string[] = [];
 * d.addCallback((n) => n * 3)
 *   .addCallback((n) => `<p>${n}</p>`)
 *   .addCallback((html) => { seen.push(html); });
 * d.callback(4);
 * if (seen[0] !== "<p>12</p>") throw new Error("unexpected");
 * ```
 */
export class Deferred<T = unknown> implements PromiseLike<T> {
  /** Whether `callback`/`errback` has been called (even if still waiting on a chained Deferred). */
  called = false;
  /** The pause count: user pauses, plus one while waiting on a chained Deferred. */
  paused = 0;
  /** @internal current result, or `NO_RESULT` */
  _result: unknown = NO_RESULT;
  /** @internal pairs: a bare function (callback only), a `Pair` or a `Continuation` */
  _chain: Array<AnyFn | Pair | Continuation> = [];
  /** @internal index of the next unrun pair in `_chain` */
  _head = 0;
  /** @internal set while one of this Deferred's own callbacks runs */
  _running = false;
  /** @internal eat the first late fire after a canceller-less cancel */
  _suppressAlreadyCalled = false;
  /** @internal the Deferred this one waits on, for `toString` */
  _chainedTo: Deferred<unknown> | null = null;
  /** @internal debug stacks and the unhandled failure */
  _debugInfo: DebugInfo | undefined = undefined;
  /** @internal */
  _canceller: ((d: Deferred<T>) => void) | undefined;
  /** @internal bound `callback`, made on first use */
  _boundCallback: ((result: T) => void) | undefined = undefined;
  /** @internal bound `errback`, made on first use */
  _boundErrback: ((reason?: unknown) => void) | undefined = undefined;

  /**
   * Creates an unfired Deferred. `canceller`, if given, is called by
   * `cancel()` to abort the underlying work; if it does not fire the
   * Deferred itself, `cancel()` then errbacks it with `CancelledError`.
   */
  constructor(canceller?: (d: Deferred<T>) => void) {
    if (canceller !== undefined) {
      requireFunction("Deferred: canceller", canceller);
    }
    this._canceller = canceller;
    if (getDebugging()) {
      const info = this._debugInfo = new DebugInfo();
      info.creator = captureStack();
    }
  }

  /** The current result (`undefined` before firing, or a waited-on Deferred). */
  get result(): unknown {
    return this._result === NO_RESULT ? undefined : this._result;
  }

  /** Whether the Deferred holds a result (it has fired and is not waiting). */
  get hasResult(): boolean {
    const r = this._result;
    return r !== NO_RESULT && !(r instanceof Deferred);
  }

  /**
   * Adds a callback/errback pair and returns this Deferred. Only one side of
   * a pair runs for a given result; if the Deferred has already fired, the
   * pair runs now.
   */
  addCallbacks<U = T, E = never>(
    callback: (result: T, ...args: never[]) => U | PromiseLike<U>,
    errback?:
      | ((failure: Failure, ...args: never[]) => E | PromiseLike<E>)
      | null,
    options?: CallbacksOptions,
  ): Deferred<U | E> {
    requireFunction("addCallbacks: callback", callback);
    if (errback !== undefined && errback !== null) {
      requireFunction("addCallbacks: errback", errback);
    }
    const cbArgs = options?.callbackArgs;
    const ebArgs = options?.errbackArgs;
    if (cbArgs !== undefined && !Array.isArray(cbArgs)) {
      throw new TypeError(
        `addCallbacks: callbackArgs must be an array, got ${
          describeValue(cbArgs)
        }`,
      );
    }
    if (ebArgs !== undefined && !Array.isArray(ebArgs)) {
      throw new TypeError(
        `addCallbacks: errbackArgs must be an array, got ${
          describeValue(ebArgs)
        }`,
      );
    }
    const eb = errback ?? PASS;
    const ca = cbArgs?.length ? cbArgs : undefined;
    const ea = ebArgs?.length ? ebArgs : undefined;
    return this._add(
      eb === PASS && ca === undefined
        ? callback as AnyFn
        : new Pair(callback as AnyFn, eb, ca, ea),
    );
  }

  /**
   * Adds a callback (failures pass by it untouched), called as
   * `fn(result, ...args)`; its return value becomes the new result.
   */
  addCallback<U, A extends unknown[] = []>(
    fn: (result: T, ...args: A) => U | PromiseLike<U>,
    ...args: A
  ): Deferred<U> {
    if (typeof fn !== "function") requireFunction("addCallback: callback", fn);
    return this._add(
      args.length ? new Pair(fn as AnyFn, PASS, args, undefined) : fn as AnyFn,
    );
  }

  /**
   * Adds an errback (results pass by it untouched), called as
   * `fn(failure, ...args)`; returning a value recovers, throwing (or
   * returning the failure) keeps the chain failing.
   */
  addErrback<U, A extends unknown[] = []>(
    fn: (failure: Failure, ...args: A) => U | PromiseLike<U>,
    ...args: A
  ): Deferred<T | U> {
    if (typeof fn !== "function") requireFunction("addErrback: errback", fn);
    return this._add(
      new Pair(PASS, fn as AnyFn, undefined, args.length ? args : undefined),
    );
  }

  /** Adds `fn` as both callback and errback, with the same extra arguments. */
  addBoth<U, A extends unknown[] = []>(
    fn: (resultOrFailure: T | Failure, ...args: A) => U | PromiseLike<U>,
    ...args: A
  ): Deferred<U> {
    if (typeof fn !== "function") requireFunction("addBoth: callback", fn);
    const a = args.length ? args : undefined;
    return this._add(new Pair(fn as AnyFn, fn as AnyFn, a, a));
  }

  /** @internal append one pair and run it if fired */
  _add<R>(entry: AnyFn | Pair): Deferred<R> {
    this._chain.push(entry);
    if (this.called) this._runCallbacks();
    return this as unknown as Deferred<R>;
  }

  /**
   * Fires `d` with this Deferred's result: `addCallbacks(d.callback,
   * d.errback)`. This Deferred's own result becomes `undefined` afterwards.
   */
  chainDeferred(d: Deferred<T>): Deferred<undefined> {
    if (!(d instanceof Deferred)) {
      throw new TypeError(
        `chainDeferred: d must be a Deferred, got ${describeValue(d)}`,
      );
    }
    d._chainedTo = this as Deferred<unknown>;
    return this._add(new Pair(d.callback, d.errback, undefined, undefined));
  }

  /**
   * Fires the Deferred with `result` (bound: safe to pass as a function).
   * A `Failure` fires the errback side. Throws `AlreadyCalledError` if it
   * already fired, and `TypeError` for a Deferred (chain it instead).
   */
  get callback(): (result: T) => void {
    return this._boundCallback ??= (result: T) => {
      if (result instanceof Deferred) {
        throw new TypeError(
          "callback: result must not be a Deferred; return it from a callback to chain it, got a Deferred",
        );
      }
      this._startRunCallbacks(result);
    };
  }

  /**
   * Fires the Deferred with a failure (bound: safe to pass as a function).
   * `reason` may be a `Failure` (used as is) or any thrown value (wrapped);
   * a bare string is a `TypeError` — pass an `Error` instead. Without a
   * reason (or with `undefined`) there is no "current exception" to capture
   * in JavaScript, so the failure wraps an `Error` saying so.
   */
  get errback(): (reason?: unknown) => void {
    return this._boundErrback ??= (reason?: unknown) => {
      if (typeof reason === "string") {
        throw new TypeError(
          `errback: strings are not supported as failures; pass an Error, got ${
            describeValue(reason)
          }`,
        );
      }
      const failure = reason instanceof Failure ? reason : new Failure(
        reason === undefined
          ? new Error("errback() called without a reason")
          : reason,
      );
      this._startRunCallbacks(failure);
    };
  }

  /** @internal */
  _startRunCallbacks(result: unknown): void {
    if (this.called) {
      if (this._suppressAlreadyCalled) {
        this._suppressAlreadyCalled = false;
        return;
      }
      const info = this._debugInfo;
      const stacks = info?.describe();
      throw new AlreadyCalledError(
        stacks ? "Deferred already fired\n" + stacks : "Deferred already fired",
      );
    }
    const info = this._debugInfo;
    if (
      info !== undefined && info.creator !== undefined &&
      info.invoker === undefined
    ) {
      info.invoker = captureStack();
    }
    this.called = true;
    this._result = result;
    this._runCallbacks();
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
   * errbacks with `CancelledError` unless the canceller fired it. Waiting on
   * a chained Deferred: cancels that one instead. Already fired: nothing.
   */
  cancel(): void {
    if (!this.called) {
      const canceller = this._canceller;
      if (canceller !== undefined) canceller(this);
      else this._suppressAlreadyCalled = true;
      if (!this.called) {
        this._startRunCallbacks(new Failure(new CancelledError()));
      }
    } else if (this._result instanceof Deferred) {
      this._result.cancel();
    }
  }

  /**
   * Cancels this Deferred if it has not fired within `seconds` on `clock`,
   * turning the resulting `CancelledError` into a `TimeoutError` (or into
   * whatever `onTimeoutCancel(result, seconds)` returns). Callbacks added
   * before this are inside the timeout; those added after see its outcome.
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
   * Makes `await d` work: resolves with the result (leaving it in the
   * chain) or rejects with the failure's value (consuming the failure, so
   * it is not also reported as unhandled). Always asynchronous, like every
   * promise; for synchronous resumption use `inlineCallbacks`.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.asPromise().then(onfulfilled, onrejected);
  }

  /**
   * A promise of this Deferred's result: resolved with the value (left in the
   * chain), or rejected with the failure's value (the failure is consumed).
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
            return undefined;
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
   * promise cannot be stopped; use `fromAbortable` for work that can).
   */
  static fromPromise<T>(promise: PromiseLike<T>): Deferred<Awaited<T>> {
    if (typeof (promise as { then?: unknown })?.then !== "function") {
      throw new TypeError(
        `Deferred.fromPromise: promise must be a thenable, got ${
          describeValue(promise)
        }`,
      );
    }
    const d = new Deferred<Awaited<T>>();
    promise.then(
      (value) => {
        if (!d.called) d._startRunCallbacks(value);
        else d._suppressAlreadyCalled = false;
      },
      (reason: unknown) => {
        if (!d.called) d._startRunCallbacks(new Failure(reason));
        else d._suppressAlreadyCalled = false;
      },
    );
    return d;
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
    return `<${name} current result: ${
      this._result instanceof Failure
        ? String(this._result)
        : describeValue(this._result)
    }>`;
  }

  /** @internal Twisted's `_runCallbacks`, iterative; see the module header. */
  _runCallbacks(): void {
    if (this._running) return;
    let current: Deferred<unknown> = this as Deferred<unknown>;
    let below: Deferred<unknown>[] | undefined;
    for (;;) {
      if (current.paused) return;
      current._chainedTo = null;
      let waiting: Deferred<unknown> | undefined;
      const chain = current._chain;
      while (current._head < chain.length) {
        const entry = chain[current._head++]!;
        let result = current._result;
        const failed = result instanceof Failure;
        let fn: AnyFn | typeof PASS;
        let args: readonly unknown[] | undefined;
        if (typeof entry === "function") {
          if (failed) continue;
          fn = entry;
          args = undefined;
        } else if (entry instanceof Pair) {
          fn = failed ? entry.eb : entry.cb;
          if (fn === PASS) continue;
          args = failed ? entry.ebArgs : entry.cbArgs;
        } else {
          waiting = entry.waiting;
          waiting._result = result;
          current._result = undefined;
          if (current._debugInfo !== undefined) {
            current._debugInfo.failure = undefined;
          }
          waiting.paused--;
          break;
        }
        current._running = true;
        try {
          result = args === undefined ? fn(result) : fn(result, ...args);
        } catch (e) {
          result = e instanceof Failure ? e : new Failure(e);
        }
        current._running = false;
        if (
          typeof result === "object" && result !== null &&
          !(result instanceof Failure)
        ) {
          if (!(result instanceof Deferred)) {
            if (typeof (result as { then?: unknown }).then !== "function") {
              current._result = result;
              continue;
            }
            result = Deferred.fromPromise(result as PromiseLike<unknown>);
          }
          const inner = result as Deferred<unknown>;
          if (inner === current) {
            current._result = new Failure(
              new TypeError(
                "a callback returned the Deferred it is attached to; that would wait forever",
              ),
            );
            continue;
          }
          const innerResult = inner._result;
          if (
            innerResult === NO_RESULT || innerResult instanceof Deferred ||
            inner.paused
          ) {
            current._result = inner;
            current.paused++;
            current._chainedTo = inner;
            inner._chain.push(new Continuation(current));
            break;
          }
          inner._result = undefined;
          if (inner._debugInfo !== undefined) {
            inner._debugInfo.failure = undefined;
          }
          current._result = innerResult;
          continue;
        }
        current._result = result;
      }
      if (waiting !== undefined) {
        (below ??= []).push(current);
        current = waiting;
        continue;
      }
      // finished with `current` for now: settle its unhandled-failure record
      if (current._head === chain.length) {
        chain.length = 0;
        current._head = 0;
      }
      const result = current._result;
      if (result instanceof Failure) {
        const info = current._debugInfo ??= new DebugInfo();
        info.failure = result;
        watchForCollection(current, info);
      } else if (current._debugInfo !== undefined) {
        current._debugInfo.failure = undefined;
      }
      if (below === undefined || below.length === 0) return;
      current = below.pop()!;
    }
  }
}

function cancelledToTimeout(value: unknown, timeout: number): unknown {
  if (value instanceof Failure) {
    value.trap(CancelledError);
    throw new TimeoutError(timeout);
  }
  return value;
}
