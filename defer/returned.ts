/**
 * `whenRejected`: what becomes of a promise that a callback returned to
 * code that does not wait for it — a `callLater` function, a system event
 * trigger, a protocol method written `async`.
 *
 * Twisted ignores what such a callable returns; a failed Deferred among it
 * is reported as unhandled when collected, and so it is here (the Deferred
 * is its owner's, so nothing is added to its chain). A promise is another
 * matter: its rejection, left alone, is the host's unhandled rejection,
 * which ends the program on Deno and reaches no `log` observer anywhere.
 * So a returned promise (any thenable not a Deferred) is followed, and its
 * rejection handed to the caller's handler, which logs it as it would a
 * throw. Following it adds a handler and changes nothing for the promise's
 * other consumers.
 *
 * @module
 */
import { asDeferred, isDeferred } from "./deferred.ts";
import type { Failure } from "./failure.ts";

/**
 * @internal If `value` — what a callback returned — is a promise or
 * another thenable (not a Deferred: see the module doc), calls
 * `onRejected(failure)` should it reject. Does nothing otherwise, and
 * never throws (a thenable whose `then` throws counts as rejected).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { whenRejected } from "./returned.ts";
 * const seen: string[] = [];
 * whenRejected(Promise.reject(new RangeError("late")), (f) => {
 *   seen.push(f.getErrorMessage());
 * });
 * await new Promise((r) => setTimeout(r, 0));
 * assert.deepEqual(seen, ["late"]);
 * ```
 */
export function whenRejected(
  value: unknown,
  onRejected: (failure: Failure) => void,
): void {
  if (
    (typeof value !== "object" || value === null) &&
    typeof value !== "function"
  ) return;
  if (isDeferred(value)) return;
  const followed = asDeferred(value);
  if (followed === undefined) return;
  followed.addErrback((failure: Failure) => {
    onRejected(failure);
  });
}
