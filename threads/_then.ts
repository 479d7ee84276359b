/**
 * How a task's result is settled, where a worker (or the in-process
 * fallback) reports it: exactly as `Promise.resolve(result)` would settle,
 * without a Promise in the ordinary cases.
 *
 * How and why: a task may return anything, including an object whose
 * `then` getter throws, a thenable that calls back twice or throws after
 * settling, or one that fulfils with another thenable. The task's outcome
 * must be one outcome, of that task only: a second report of it would be
 * a protocol violation that ends the worker, and with it other callers'
 * tasks. So `then` is read once, inside a `try`; a real Promise is
 * followed with its own `then` (it calls back once, and never with a
 * thenable); any other thenable is adopted by a fresh Promise, which gives
 * it `Promise.resolve`'s rules — the first callback counts, a throw before
 * settling rejects, a thenable it fulfils with is followed in turn.
 *
 * Cost: for a primitive, a plain object or a real Promise, one `then` read
 * and one comparison more than a bare `result.then(ok, err)`; a Promise
 * and one microtask more only for a thenable that is not a real Promise.
 *
 * @module
 */

const promiseThen = Promise.prototype.then;

/**
 * Settles `result` as `Promise.resolve(result)` would: calls exactly one of
 * `ok(value)`/`err(reason)`, once. A value that is not a thenable (or whose
 * `then` getter throws) is reported synchronously, and `false` returned;
 * for a thenable, `true` is returned and the callback comes later (or
 * synchronously, if a real Promise's `then` throws: then `err` has been
 * called before this returns, and `true` is returned all the same).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { followResult } from "./_then.ts";
 * const seen: unknown[] = [];
 * const later = followResult(
 *   { get then() { throw new RangeError("no"); } },
 *   (v) => seen.push("ok", v),
 *   (e) => seen.push("err", (e as Error).message),
 * );
 * assert.equal(later, false);
 * assert.deepEqual(seen, ["err", "no"]);
 * ```
 */
export function followResult(
  result: unknown,
  ok: (value: unknown) => void,
  err: (reason: unknown) => void,
): boolean {
  if (
    (typeof result !== "object" || result === null) &&
    typeof result !== "function"
  ) {
    ok(result);
    return false;
  }
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch (e) {
    err(e);
    return false;
  }
  if (typeof then !== "function") {
    ok(result);
    return false;
  }
  followThen(result, then as (...args: never[]) => unknown, ok, err);
  return true;
}

/**
 * The thenable half of {@linkcode followResult}, for a caller that has
 * read `result.then` itself (once) and found the function `then`: calls
 * exactly one of `ok`/`err`, once — later, or now if a real Promise's
 * `then` throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { followThen } from "./_then.ts";
 * const twice = { then(ok: (v: number) => void) { ok(1); ok(2); } };
 * const seen: unknown[] = [];
 * followThen(twice, twice.then, (v) => seen.push(v), (e) => seen.push(e));
 * await new Promise((r) => setTimeout(r, 0));
 * assert.deepEqual(seen, [1]);
 * ```
 */
export function followThen(
  result: object,
  then: (...args: never[]) => unknown,
  ok: (value: unknown) => void,
  err: (reason: unknown) => void,
): void {
  if (then === promiseThen) {
    // a real Promise calls back once; on anything else it throws now
    try {
      (then as typeof promiseThen).call(result as Promise<unknown>, ok, err);
    } catch (e) {
      err(e);
    }
  } else {
    new Promise((resolve, reject) => {
      (then as (a: unknown, b: unknown) => unknown).call(
        result,
        resolve,
        reject,
      );
    }).then(ok, err);
  }
}
