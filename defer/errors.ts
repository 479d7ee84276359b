/**
 * The errors a Deferred and its helpers raise, named as in Twisted.
 *
 * @module
 */
import type { Failure } from "./failure.ts";

/**
 * Raised by `callback()`/`errback()` on a Deferred that has already fired.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AlreadyCalledError, Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * d.callback(1);
 * assert.throws(() => d.callback(2), AlreadyCalledError);
 * ```
 */
export class AlreadyCalledError extends Error {
  /** The error's name, `"AlreadyCalledError"`. */
  override readonly name: string = "AlreadyCalledError";
}

/**
 * The failure a Deferred carries after `cancel()` when its canceller did not
 * fire it with something else.
 *
 * @example
 * ```ts
 * import { CancelledError, Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred();
 * d.addErrback((f) => f.trap(CancelledError));
 * d.cancel();
 * ```
 */
export class CancelledError extends Error {
  /** The error's name, `"CancelledError"`. */
  override readonly name: string = "CancelledError";
}

/**
 * The failure `addTimeout` gives a Deferred that did not fire in time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimeoutError } from "@twisted-ts/core/defer";
 * const e = new TimeoutError(5);
 * assert.equal(e.timeout, 5);
 * ```
 */
export class TimeoutError extends Error {
  /** The error's name, `"TimeoutError"`. */
  override readonly name: string = "TimeoutError";
  /** The timeout, in seconds, that ran out. */
  readonly timeout: number;
  /** Creates the error for a `timeout`-second limit. */
  constructor(timeout: number, what = "Deferred") {
    super(`${what} timed out after ${timeout} seconds`);
    this.timeout = timeout;
  }
}

/**
 * The first failure among a `DeferredList` with `fireOnOneErrback` (and so
 * `gatherResults`): which member failed (`index`) and how (`subFailure`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Failure, FirstError } from "@twisted-ts/core/defer";
 * const e = new FirstError(new Failure(new Error("boom")), 2);
 * assert.equal(e.index, 2);
 * assert.equal(e.subFailure.getErrorMessage(), "boom");
 * ```
 */
export class FirstError extends Error {
  /** The error's name, `"FirstError"`. */
  override readonly name: string = "FirstError";
  /** The member's failure. */
  readonly subFailure: Failure;
  /** The member's position in the list. */
  readonly index: number;
  /** Wraps the failure of member `index`. */
  constructor(subFailure: Failure, index: number) {
    super(`FirstError[#${index}, ${subFailure}]`);
    this.subFailure = subFailure;
    this.index = index;
  }
}

/**
 * The failure of a `race` in which every contestant failed: their
 * failures, in input order. (Newer Twisted's `FailureGroup`.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Failure, FailureGroup } from "@twisted-ts/core/defer";
 * const e = new FailureGroup([new Failure(new Error("a")), new Failure(new Error("b"))]);
 * assert.equal(e.failures.length, 2);
 * ```
 */
export class FailureGroup extends Error {
  /** The error's name, `"FailureGroup"`. */
  override readonly name: string = "FailureGroup";
  /** Every failure, in the order of the inputs that produced them. */
  readonly failures: readonly Failure[];
  /** Groups `failures`. */
  constructor(failures: readonly Failure[]) {
    super(
      `all ${failures.length} failed: ${
        failures.map((f) => f.getErrorMessage()).join("; ")
      }`,
    );
    this.failures = failures;
  }
}

/**
 * Raised by `DeferredQueue.put` when the queue is full.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { QueueOverflow } from "@twisted-ts/core/defer";
 * assert.equal(new QueueOverflow().name, "QueueOverflow");
 * ```
 */
export class QueueOverflow extends Error {
  /** The error's name, `"QueueOverflow"`. */
  override readonly name: string = "QueueOverflow";
}

/**
 * Raised by `DeferredQueue.get` when too many callers already wait.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { QueueUnderflow } from "@twisted-ts/core/defer";
 * assert.equal(new QueueUnderflow().name, "QueueUnderflow");
 * ```
 */
export class QueueUnderflow extends Error {
  /** The error's name, `"QueueUnderflow"`. */
  override readonly name: string = "QueueUnderflow";
}

/**
 * Raised by `ensureDeferred` (a `TypeError`) when given something that is
 * neither a Deferred, a promise, nor a generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NotACoroutineError } from "@twisted-ts/core/defer";
 * assert.ok(new NotACoroutineError("x") instanceof TypeError);
 * ```
 */
export class NotACoroutineError extends TypeError {
  /** The error's name, `"NotACoroutineError"`. */
  override readonly name: string = "NotACoroutineError";
}
