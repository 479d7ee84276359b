/**
 * Ready-made Deferreds: `succeed`, `fail`, and `maybeDeferred`, which turns
 * any function's outcome — a value, a throw, a Deferred, a promise — into a
 * Deferred.
 *
 * @module
 */
import { requireFunction } from "../_util/describe.ts";
import { asDeferred, Deferred, isDeferred, toFailure } from "./deferred.ts";
import { Failure, isFailure } from "./failure.ts";

/**
 * A Deferred that has already fired with `result`; with no argument,
 * `undefined` (Twisted's `succeed(None)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { succeed } from "@twisted-ts/core/defer";
 * let seen = 0;
 * succeed(5).addCallback((n) => { seen = n; });
 * assert.equal(seen, 5, "callbacks on a fired Deferred run at once");
 * ```
 */
export function succeed(): Deferred<undefined>;
/**
 * A Deferred that has already fired with `result` (not a Deferred: return
 * that one as it is).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { succeed } from "@twisted-ts/core/defer";
 * assert.equal(await succeed("ready"), "ready");
 * ```
 */
export function succeed<T>(
  result: T extends Deferred<unknown> ? never : T,
): Deferred<T>;
export function succeed<T>(result?: T): Deferred<T | undefined> {
  if (isDeferred(result)) {
    throw new TypeError(
      "succeed: result must not be a Deferred (return it as is instead), got a Deferred",
    );
  }
  const d = new Deferred<T | undefined>();
  d._startRunCallbacks(result);
  return d;
}

/**
 * A Deferred that has already failed with `reason` (a `Failure` or any
 * thrown value except a bare string, as for `errback`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fail } from "@twisted-ts/core/defer";
 * let message = "";
 * fail(new Error("no route")).addErrback((f) => { message = f.getErrorMessage(); });
 * assert.equal(message, "no route");
 * ```
 */
export function fail<T = never>(reason?: unknown): Deferred<T> {
  const failure = toFailure("fail", reason);
  const d = new Deferred<T>();
  d._startRunCallbacks(failure);
  return d;
}

/**
 * Calls `fn(...args)` now and returns its outcome as a Deferred: a returned
 * Deferred as is, a returned promise (any thenable) as a Deferred that fires
 * when it settles, a returned `Failure` or a throw as a failed Deferred, any
 * other value as a fired one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maybeDeferred } from "@twisted-ts/core/defer";
 * const d = maybeDeferred(JSON.parse, "{oops");
 * let failed = false;
 * d.addErrback((f) => { failed = f.check(SyntaxError) !== undefined; });
 * assert.ok(failed, "the throw should become a failure");
 * ```
 */
export function maybeDeferred<R, A extends unknown[]>(
  fn: (...args: A) => R | PromiseLike<R> | Deferred<R>,
  ...args: A
): Deferred<R> {
  requireFunction("maybeDeferred: fn", fn);
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    return fail(isFailure(e) ? e : new Failure(e));
  }
  if (isFailure(result)) return fail(result);
  return (asDeferred(result) ?? succeed(result)) as Deferred<R>;
}
