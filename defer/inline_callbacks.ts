/**
 * `inlineCallbacks` and `ensureDeferred`: write code that waits on Deferreds
 * as a straight-line generator function (`function*`), the way Twisted's
 * `@inlineCallbacks` does with Python generators.
 *
 * How the driver works (and why a generator, not `async`):
 * - A generator is resumed by hand, so it can resume *synchronously*: when
 *   it yields a Deferred that already has a result, the driver sends that
 *   result straight back in the same call. The body therefore runs up to its
 *   first yield of an unfired Deferred before `inlineCallbacks`' wrapper
 *   returns — Twisted's behaviour, which `async` functions (always resumed
 *   from the microtask queue) cannot reproduce.
 * - The driver is one loop, not recursion: each step adds a callback to the
 *   yielded Deferred; if that callback runs at once (the Deferred had fired)
 *   it only stores the result in the loop's state and the loop continues;
 *   otherwise the loop returns and the callback, when it runs later, starts
 *   a new loop. A "waiting" flag tells the two cases apart. 100,000
 *   synchronous yields use constant stack.
 * - Cancelling the returned Deferred cancels the Deferred the generator is
 *   waiting on; its outcome (usually `CancelledError`) is thrown into the
 *   generator at the `yield`, and whatever the generator then does decides
 *   the returned Deferred's result. Mechanically (as Twisted): the canceller
 *   fires the returned Deferred with a private marker failure, which a first
 *   errback replaces by a fresh Deferred that the generator will fire — so
 *   the returned Deferred is `called` at once but waits for the generator.
 *
 * Cost: O(1) per yield (one callback pair and one step of the loop).
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { asDeferred, Deferred, isDeferred } from "./deferred.ts";
import { NotACoroutineError } from "./errors.ts";
import { Failure, isFailure } from "./failure.ts";

/**
 * The generator an `inlineCallbacks` function produces: it may yield
 * anything (Deferreds and promises are waited on, other values are sent
 * straight back), returns `R`, and receives `unknown` at each `yield` — use
 * `yield* wait(d)` for a typed result.
 *
 * @typeParam R the generator's return value, the Deferred's result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   inlineCallbacks,
 *   type InlineGenerator,
 *   succeed,
 *   wait,
 * } from "@twisted-ts/core/defer";
 * function* double(n: number): InlineGenerator<number> {
 *   const x = yield* wait(succeed(n));
 *   return x * 2;
 * }
 * assert.equal(await inlineCallbacks(double)(21), 42);
 * ```
 */
export type InlineGenerator<R> = Generator<unknown, R, unknown>;

/** The failure the canceller fires with; only the first errback sees it. */
class CancellingCoroutine extends Error {
  override readonly name = "CancellingCoroutine";
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" && value !== null ||
    typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function";
}

function isGenerator(value: unknown): value is InlineGenerator<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as { next?: unknown }).next === "function" &&
    typeof (value as { throw?: unknown }).throw === "function" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[
        Symbol.asyncIterator
      ] !== "function";
}

function isAsyncGenerator(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[
        Symbol.asyncIterator
      ] === "function";
}

/** Twisted's `_cancellableInlineCallbacks` + `_inlineCallbacks` status. */
class Coroutine<R> {
  /** The Deferred the generator's outcome fires (replaced on cancel). */
  deferred: Deferred<R>;
  /** The unfired Deferred the generator is suspended on, if any. */
  waitingOn: Deferred<unknown> | undefined = undefined;

  /** The generator being driven. */
  readonly #gen: InlineGenerator<R>;
  /** The generator function's name, for error messages. */
  readonly #label: string;

  constructor(gen: InlineGenerator<R>, label: string) {
    this.#gen = gen;
    this.#label = label;
    this.deferred = this.fresh();
  }

  /** A Deferred the canceller can cancel, with the cancel hook in front. */
  fresh(): Deferred<R> {
    const d = new Deferred<R>(cancelCoroutine);
    d.addErrback<unknown>(this.onCancel);
    return d;
  }

  /** First errback of every Deferred from `fresh`: turns the marker into a wait. */
  readonly onCancel = (failure: Failure): unknown => {
    if (failure.type !== CancellingCoroutine) return failure; // runs no code of the value
    const next = this.deferred = this.fresh();
    const awaited = this.waitingOn;
    // a generator cancelled while it runs has nothing to cancel: the
    // returned Deferred simply waits for its outcome
    if (awaited !== undefined) awaited.cancel();
    return next;
  };

  /** The driver loop; `first` is sent (or, if a Failure, thrown) in. */
  drive(first: unknown): void {
    const gen = this.#gen;
    let input = first;
    let waiting = true;
    let arrived: unknown = undefined;
    const gotResult = (result: unknown): undefined => {
      if (waiting) {
        waiting = false;
        arrived = result;
      } else {
        this.drive(result);
      }
      return undefined; // the yielded Deferred's result becomes undefined
    };
    for (;;) {
      this.waitingOn = undefined;
      let step: IteratorResult<unknown, R>;
      try {
        step = isFailure(input) ? gen.throw(input.value) : gen.next(input);
      } catch (e) {
        this.deferred.errback(isFailure(e) ? e : new Failure(e));
        return;
      }
      if (step.done) {
        this.finish(step.value);
        return;
      }
      const awaited = asDeferred(step.value);
      if (awaited === undefined) {
        input = step.value; // a plain value goes straight back
        continue;
      }
      awaited.addBoth(gotResult);
      if (waiting) {
        waiting = false;
        this.waitingOn = awaited;
        return;
      }
      input = arrived;
      arrived = undefined;
      waiting = true;
    }
  }

  finish(value: R): void {
    let thenable: boolean;
    try {
      thenable = isDeferred(value) || isThenable(value);
    } catch (e) {
      this.deferred.errback(new Failure(e)); // a throwing `then` getter
      return;
    }
    if (thenable) {
      this.deferred.errback(
        new TypeError(
          `${this.#label} returned ${
            isDeferred(value) ? "a Deferred" : "a promise"
          } instead of a value; to wait for it, return (yield it) — ` +
            "inlineCallbacks never fires with a Deferred or a promise",
        ),
      );
      return;
    }
    this.deferred.callback(value);
  }
}

function cancelCoroutine<R>(d: Deferred<R>): void {
  d.errback(new Failure(new CancellingCoroutine("cancelling")));
}

/** Starts `gen` and returns the Deferred of its outcome. */
function runCoroutine<R>(gen: InlineGenerator<R>, label: string): Deferred<R> {
  const coroutine = new Coroutine(gen, label);
  const d = coroutine.deferred;
  coroutine.drive(undefined);
  return d;
}

/**
 * Turns a generator function into a function that returns a Deferred:
 * inside the generator, `yield d` waits for the Deferred (or promise) `d`
 * and evaluates to its result, or throws its failure's value at the
 * `yield` so `try`/`catch` works; `return x` fires the returned Deferred
 * with `x`; a throw fails it.
 *
 * As in Twisted:
 * - The body starts at once and runs synchronously up to the first yield of
 *   a Deferred that has no result yet; a Deferred that already has one is
 *   resumed from at once, in the same call (100,000 in a row are fine).
 * - A yielded value that is not a Deferred or promise is sent straight back.
 * - The result of every yielded Deferred becomes `undefined` afterwards
 *   (the generator took it), and a failure it carried counts as handled.
 * - A throw before the first yield fails the returned Deferred; it is never
 *   thrown from the call.
 * - `cancel()` on the returned Deferred cancels the Deferred the generator
 *   is waiting on; the outcome (`CancelledError`, or whatever that
 *   Deferred's canceller fired it with) arrives at the `yield`, and the
 *   returned Deferred fires with whatever the generator then does. It is
 *   `called` at once, but may wait if the generator keeps going.
 *
 * Differences, by design:
 * - A yielded promise (any thenable) is accepted and resumes asynchronously
 *   (when it settles), as promises always do. Cancelling while waiting on
 *   one throws `CancelledError` in at once; the promise runs on.
 * - `return d` of a Deferred or promise fails the returned Deferred with a
 *   `TypeError` (Twisted raises an assertion, sometimes synchronously,
 *   sometimes leaving its Deferred unfired). Write `return yield d`.
 * - There is no `returnValue()`: a generator returns with `return`.
 * - A failure's traceback is the JavaScript stack where its value was
 *   thrown (cut at `Error.stackTraceLimit` frames): it lists the generators
 *   that were running synchronously then, not those that resumed later
 *   (Twisted stitches every generator level into the traceback).
 * - `this` is passed through, so the wrapper can be a method.
 *
 * Typing: the wrapper keeps `fn`'s parameters and `this`, and its Deferred
 * has the generator's return type. A plain `yield d` evaluates to `unknown`
 * (TypeScript cannot tie each `yield` to its operand); `yield* wait(d)`
 * evaluates to `d`'s result type.
 *
 * A function that does not return a generator object (a plain or `async`
 * function, an `async function*`) throws a `TypeError` when called.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, inlineCallbacks, wait } from "@twisted-ts/core/defer";
 * const page = new Deferred<string>();
 * const fetchTitle = inlineCallbacks(function* (prefix: string) {
 *   const html = yield* wait(page); // typed: string
 *   return prefix + html.toUpperCase();
 * });
 * const title = fetchTitle("> "); // a Deferred<string>
 * page.callback("home");
 * assert.equal(await title, "> HOME");
 * ```
 *
 * @example Errors arrive at the yield
 * ```ts
 * import assert from "node:assert/strict";
 * import { fail, inlineCallbacks } from "@twisted-ts/core/defer";
 * const safe = inlineCallbacks(function* () {
 *   try {
 *     yield fail(new RangeError("out of range"));
 *     return "unreachable";
 *   } catch (e) {
 *     return `recovered from ${(e as Error).name}`;
 *   }
 * });
 * let seen = "";
 * safe().addCallback((text) => { seen = text; }); // already fired
 * assert.equal(seen, "recovered from RangeError");
 * ```
 */
export function inlineCallbacks<This, A extends unknown[], R>(
  fn: (this: This, ...args: A) => InlineGenerator<R>,
): (this: This, ...args: A) => Deferred<R> {
  requireFunction("inlineCallbacks: fn", fn);
  const label = `inlineCallbacks: ${describeValue(fn)}`;
  const wrapper = function (this: This, ...args: A): Deferred<R> {
    const gen: unknown = fn.apply(this, args);
    if (!isGenerator(gen)) {
      throw new TypeError(
        `${label} must produce a generator (be a function*), ` +
          `but calling it returned ${describeValue(gen)}` +
          (isAsyncGenerator(gen)
            ? "; async generators cannot resume synchronously, use function*"
            : isThenable(gen)
            ? "; for an async function use ensureDeferred(fn(...))"
            : ""),
      );
    }
    return runCoroutine(gen as InlineGenerator<R>, label);
  };
  Object.defineProperty(wrapper, "name", { value: fn.name });
  return wrapper;
}

/**
 * For use inside an `inlineCallbacks` generator: `const v = yield* wait(d)`
 * waits for `d` exactly like `yield d` does, but `v` gets `d`'s result type
 * instead of `unknown`. Accepts a Deferred or any promise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inlineCallbacks, succeed, wait } from "@twisted-ts/core/defer";
 * const add = inlineCallbacks(function* () {
 *   const a = yield* wait(succeed(2));                // number
 *   const b = yield* wait(Promise.resolve(40));       // number
 *   return a + b;
 * });
 * assert.equal(await add(), 42);
 * ```
 */
export function* wait<T>(
  d: Deferred<T> | PromiseLike<T>,
): Generator<Deferred<T> | PromiseLike<T>, Awaited<T>, unknown> {
  return (yield d) as Awaited<T>;
}

/**
 * Returns a Deferred for `coro`: a Deferred as is; a promise (any thenable,
 * such as an `async` function's result) as `Deferred.fromPromise(coro)`; a
 * generator object driven exactly as `inlineCallbacks` drives its generator
 * (synchronous resumption, cancellation reaching the awaited Deferred).
 * Anything else throws `NotACoroutineError` (a `TypeError`).
 *
 * Inside an `async` function, `await d` on a Deferred works (through its
 * `then`), but resumes asynchronously, like any `await`; use a generator
 * for Twisted's synchronous resumption. Cancelling the Deferred of a
 * promise fails it with `CancelledError` at once, but a promise cannot be
 * stopped: the `async` function runs on, and its outcome is ignored (use
 * `fromAbortable` for work that can be aborted).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ensureDeferred, succeed } from "@twisted-ts/core/defer";
 * async function total(): Promise<number> {
 *   const a = await succeed(1); // a Deferred can be awaited
 *   return a + 1;
 * }
 * const d = ensureDeferred(total()); // a Deferred<number>
 * assert.equal(await d, 2);
 * ```
 *
 * @example A generator object resumes synchronously
 * ```ts
 * import assert from "node:assert/strict";
 * import { ensureDeferred, succeed, wait } from "@twisted-ts/core/defer";
 * function* greet() {
 *   const name = yield* wait(succeed("ada"));
 *   return `hello ${name}`;
 * }
 * const d = ensureDeferred(greet());
 * assert.equal(d.result, "hello ada", "should have fired already");
 * ```
 */
export function ensureDeferred<T>(coro: Deferred<T>): Deferred<T>;
/**
 * `ensureDeferred(promise)`: a Deferred that fires when the promise (any
 * thenable, such as an `async` function's result) settles. Cancelling it
 * fails it with `CancelledError` at once; the promise runs on, ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ensureDeferred } from "@twisted-ts/core/defer";
 * const d = ensureDeferred(Promise.resolve("later"));
 * assert.equal(await d, "later");
 * ```
 */
export function ensureDeferred<T>(coro: PromiseLike<T>): Deferred<Awaited<T>>;
/**
 * `ensureDeferred(generator)`: drives a generator object exactly as
 * `inlineCallbacks` drives its generator (synchronous resumption,
 * cancellation reaching the Deferred it waits on).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, ensureDeferred, wait } from "@twisted-ts/core/defer";
 * const input = new Deferred<number>();
 * function* double() { return 2 * (yield* wait(input)); }
 * const d = ensureDeferred(double());
 * input.callback(21);
 * assert.equal(d.result, 42);
 * ```
 */
export function ensureDeferred<R>(coro: InlineGenerator<R>): Deferred<R>;
export function ensureDeferred(coro: unknown): Deferred<unknown> {
  const d = asDeferred(coro);
  if (d !== undefined) return d;
  if (isGenerator(coro)) return runCoroutine(coro, "ensureDeferred: generator");
  throw new NotACoroutineError(
    `ensureDeferred: expected a Deferred, a promise or a generator object, got ${
      describeValue(coro)
    }` +
      (typeof coro === "function"
        ? " (call the function and pass its result)"
        : isAsyncGenerator(coro)
        ? " (async generators cannot be driven; use function*)"
        : ""),
  );
}
