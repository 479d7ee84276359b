/**
 * Cancellation that reaches the outside world, through the web-standard
 * `AbortSignal`: `cancelOnAbort` lets a signal cancel a Deferred, and
 * `fromAbortable` lets cancelling a Deferred abort the work behind it
 * (a `fetch`, a stream, anything that takes a `signal`). Extensions: Twisted
 * has no `AbortSignal`; these connect its `cancel()` to the one JavaScript
 * uses.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { Deferred, isDeferred } from "./deferred.ts";
import { Failure, isFailure } from "./failure.ts";
import { log } from "./log.ts";

function requireSignal(what: string, signal: unknown): void {
  if (
    typeof signal !== "object" || signal === null ||
    typeof (signal as AbortSignal).addEventListener !== "function" ||
    typeof (signal as AbortSignal).aborted !== "boolean"
  ) {
    throw new TypeError(
      `${what} must be an AbortSignal, got ${describeValue(signal)}`,
    );
  }
}

/**
 * Cancels `d` when `signal` aborts — at once if it already has — and
 * returns `d`. The abort listener is removed as soon as `d` has a result
 * (so a long-lived signal does not keep finished Deferreds alive); until
 * then the signal holds a reference to `d`.
 *
 * The Deferred fails with `CancelledError` (or whatever its canceller fires
 * it with), as for any `cancel()`; the signal's `reason` is not used. If
 * cancelling throws (a canceller that throws), the error is reported
 * through `log` rather than thrown into the signal's event dispatch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError, Deferred, cancelOnAbort } from "@twisted-ts/core/defer";
 * const controller = new AbortController();
 * const d = cancelOnAbort(new Deferred<string>(), controller.signal);
 * let cancelled = false;
 * d.addErrback((f) => { cancelled = f.check(CancelledError) !== undefined; });
 * controller.abort();
 * assert.ok(cancelled);
 * ```
 */
export function cancelOnAbort<T>(
  d: Deferred<T>,
  signal: AbortSignal,
): Deferred<T> {
  if (!isDeferred(d)) {
    throw new TypeError(
      `cancelOnAbort: d must be a Deferred, got ${describeValue(d)}`,
    );
  }
  requireSignal("cancelOnAbort: signal", signal);
  if (signal.aborted) {
    d.cancel();
    return d;
  }
  // fired and not waiting on another Deferred: cancel() could do nothing
  if (d.called && !isDeferred(d.result)) return d;
  const onAbort = () => {
    try {
      d.cancel();
    } catch (e) {
      log.err(e, "cancelOnAbort: cancelling the Deferred raised:");
    }
  };
  signal.addEventListener("abort", onAbort, { once: true });
  d.addBoth((outcome: unknown) => {
    signal.removeEventListener("abort", onAbort);
    return outcome;
  });
  return d;
}

function isObjectLike(value: unknown): value is { then?: unknown } {
  return typeof value === "object" && value !== null ||
    typeof value === "function";
}

function isAbortError(reason: unknown, signal: AbortSignal): boolean {
  if (reason === signal.reason) return true;
  try {
    return (reason as { name?: unknown })?.name === "AbortError";
  } catch {
    return false;
  }
}

/**
 * Starts abortable work and returns a Deferred of its outcome whose
 * `cancel()` aborts it. `start` receives a fresh `AbortSignal` and returns
 * a promise (any thenable) or a plain value; a throw fails the Deferred.
 *
 * Cancelling fails the Deferred with `CancelledError` at once and aborts the
 * signal (`signal.reason` is the default `AbortError`). What the work does
 * afterwards is ignored: its rejection with the abort reason (or any
 * `AbortError`) is expected and dropped — never an unhandled rejection,
 * never a second firing; a late value is dropped too; any other late
 * rejection is reported through `log`, since it is an error nobody else
 * will see.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError, fromAbortable } from "@twisted-ts/core/defer";
 * // a stand-in for fetch(url, { signal }): never finishes unless aborted
 * const download = (signal: AbortSignal) =>
 *   new Promise<string>((_resolve, reject) => {
 *     signal.addEventListener("abort", () => reject(signal.reason));
 *   });
 * let aborted = false;
 * const d = fromAbortable((signal) => {
 *   signal.addEventListener("abort", () => { aborted = true; });
 *   return download(signal);
 * });
 * d.addErrback((f) => f.trap(CancelledError));
 * d.cancel();
 * assert.ok(aborted, "cancel() should abort the signal");
 * ```
 */
export function fromAbortable<T>(
  start: (signal: AbortSignal) => T | PromiseLike<T>,
): Deferred<Awaited<T>> {
  requireFunction("fromAbortable: start", start);
  const controller = new AbortController();
  const signal = controller.signal;
  const d = new Deferred<Awaited<T>>(() => controller.abort());
  let outcome: T | PromiseLike<T>;
  try {
    outcome = start(signal);
  } catch (e) {
    d.errback(isFailure(e) ? e : new Failure(e));
    return d;
  }
  let then: unknown;
  try {
    then = isObjectLike(outcome) ? outcome.then : undefined;
  } catch (e) {
    d.errback(new Failure(e)); // a throwing `then` getter: as a promise rejects
    return d;
  }
  if (typeof then !== "function") {
    d.callback(outcome as Awaited<T>);
    return d;
  }
  let settled = false; // a thenable's first call back counts, as in a promise
  const onValue = (value: unknown) => {
    if (settled) return;
    settled = true;
    if (!d.called) d.callback(value as Awaited<T>);
  };
  const onReason = (reason: unknown) => {
    if (settled) return;
    settled = true;
    if (!d.called) d.errback(new Failure(reason));
    else if (!isAbortError(reason, signal)) {
      log.err(
        reason,
        "fromAbortable: the work failed after its Deferred was cancelled:",
      );
    }
  };
  try {
    then.call(outcome, onValue, onReason);
  } catch (e) {
    onReason(e);
  }
  return d;
}
