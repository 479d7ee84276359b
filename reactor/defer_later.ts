/**
 * `deferLater`: a Deferred that fires after a delay — Twisted's
 * `twisted.internet.task.deferLater`.
 *
 * @module
 */
import {
  describeValue,
  requireFunction,
  requireSeconds,
} from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import type { IDelayedCall, IReactorTime } from "./interfaces.ts";

/**
 * Returns a Deferred that fires after `delay` seconds on `clock` with the
 * result of `fn(...args)` (or with `undefined` when no `fn` is given). If
 * `fn` throws, the Deferred fails with the error; if it returns a Deferred
 * or a promise, the Deferred fires with its outcome.
 *
 * Cancelling the Deferred before the delay is over removes the timed call:
 * `fn` never runs and the Deferred fails with `CancelledError`.
 *
 * `clock` is anything with `callLater` (a `Clock`, a `Reactor`); `delay`
 * must be a finite number >= 0 (`RangeError`/`TypeError` otherwise) and
 * `fn`, when given, a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, deferLater } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const d = deferLater(clock, 3, (a: number, b: number) => a + b, 1, 2);
 * let sum = 0;
 * d.addCallback((n) => { sum = n; });
 * clock.advance(3);
 * assert.equal(sum, 3);
 * ```
 *
 * @example Cancelling
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError } from "@twisted-ts/core/defer";
 * import { Clock, deferLater } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * let ran = false;
 * const d = deferLater(clock, 1, () => { ran = true; });
 * let cancelled = false;
 * d.addErrback((f) => { cancelled = f.check(CancelledError) !== undefined; });
 * d.cancel();
 * clock.advance(1);
 * assert.ok(!ran);
 * assert.ok(cancelled);
 * assert.equal(clock.getDelayedCalls().length, 0);
 * ```
 */
export function deferLater<R = undefined, A extends unknown[] = []>(
  clock: Pick<IReactorTime, "callLater">,
  delay: number,
  fn?: ((...args: A) => R) | null,
  ...args: A
): Deferred<Awaited<R>> {
  if (
    typeof (clock as Partial<IReactorTime> | null)?.callLater !== "function"
  ) {
    throw new TypeError(
      `deferLater: clock must have a callLater method, got ${
        describeValue(clock)
      }`,
    );
  }
  requireSeconds("deferLater: delay", delay);
  if (fn !== undefined && fn !== null) requireFunction("deferLater: fn", fn);
  let call: IDelayedCall | undefined = undefined;
  const d = new Deferred<unknown>(() => {
    if (call?.active()) call.cancel();
  });
  if (fn !== undefined && fn !== null) d.addCallback(() => fn(...args));
  call = clock.callLater(delay, d.callback, undefined);
  return d as Deferred<Awaited<R>>;
}
