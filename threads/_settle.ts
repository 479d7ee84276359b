/**
 * The thenable extension of `IWorker`, in one place: a work function may
 * return a thenable, and whoever ran it stays busy until it settles.
 *
 * How: {@linkcode settle} looks at a work function's result once.
 * - Not a thenable: settled now; `done` runs synchronously; nothing returned.
 * - A `Deferred`: followed with `addCallbacks`, so a Deferred that has
 *   already fired settles synchronously, and one fired later calls `done`
 *   inside its `callback()`/`errback()` — deterministic, as in Twisted. Its
 *   failure is consumed (handed to `done`, which reports it); its value is
 *   left in the chain.
 * - Any other thenable (a Promise): followed with its `then`; `done` runs in
 *   a later microtask. A `then` getter or call that throws counts as a
 *   rejection; a thenable that calls back twice is heard once.
 *
 * When the result did not settle synchronously, `settle` returns a
 * `Deferred<void>` that fires (always with `undefined`, never failing) just
 * after `done` has run, so a caller that is itself a work function can
 * return it and keep *its* runner busy in turn — synchronously followed
 * again if that runner uses `settle` too.
 *
 * Cost: O(1) per call; one extra Deferred only for an unsettled thenable.
 * A thenable that marks itself {@linkcode settlesOnce} promises to call
 * back exactly once and never again, so a caller on a hot path may hand it
 * long-lived callbacks instead of going through `settle` (the `Team` does,
 * for the thread pool's jobs).
 *
 * @module
 */
import { Deferred, isDeferred } from "../defer/deferred.ts";
import { Failure } from "../defer/failure.ts";

/**
 * The mark of a thenable whose `then(onOk, onErr)` calls exactly one of
 * them, exactly once, and keeps no reference afterwards: `x[settlesOnce]`
 * is `true`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { settlesOnce } from "./_settle.ts";
 * const once = { [settlesOnce]: true, then(ok: () => void) { ok(); } };
 * assert.equal(once[settlesOnce], true);
 * ```
 */
export const settlesOnce: unique symbol = Symbol("settlesOnce");

/**
 * Calls `done` once `result` has settled: with `undefined` on success, with a
 * `Failure` on rejection. Returns `undefined` if that already happened,
 * otherwise a `Deferred<void>` that fires after `done` ran.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { settle } from "./_settle.ts";
 * let outcome = "pending";
 * const busy = settle(42, (failure) => { outcome = failure ? "failed" : "ok"; });
 * assert.equal(busy, undefined);
 * assert.equal(outcome, "ok");
 * ```
 */
export function settle(
  result: unknown,
  done: (failure: Failure | undefined) => void,
): Deferred<void> | undefined {
  if (isDeferred(result)) return followDeferred(result, done);
  if (
    (typeof result !== "object" || result === null) &&
    typeof result !== "function"
  ) {
    done(undefined);
    return undefined;
  }
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch (e) {
    done(new Failure(e));
    return undefined;
  }
  if (typeof then !== "function") {
    done(undefined);
    return undefined;
  }
  const finished = new Deferred<void>();
  let heard = false;
  const finish = (failure: Failure | undefined) => {
    if (heard) return;
    heard = true;
    try {
      done(failure);
    } finally {
      finished.callback(undefined);
    }
  };
  try {
    then.call(
      result,
      () => finish(undefined),
      (reason: unknown) => finish(new Failure(reason)),
    );
  } catch (e) {
    finish(new Failure(e));
  }
  return finished.called ? undefined : finished;
}

function followDeferred(
  d: Deferred<unknown>,
  done: (failure: Failure | undefined) => void,
): Deferred<void> | undefined {
  const finished = new Deferred<void>();
  const finish = (failure: Failure | undefined) => {
    try {
      done(failure);
    } finally {
      finished.callback(undefined);
    }
  };
  d.addCallbacks(
    (value: unknown) => {
      finish(undefined);
      return value;
    },
    (failure: Failure) => {
      finish(failure);
      return undefined;
    },
  );
  return finished.called ? undefined : finished;
}
