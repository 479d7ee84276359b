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
 * import { AlreadyCalledError, Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * d.callback(1);
 * try { d.callback(2); } catch (e) { if (!(e instanceof AlreadyCalledError)) throw e; }
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
 * import { TimeoutError } from "@twisted-ts/core/defer";
 * const e = new TimeoutError(5);
 * if (e.timeout !== 5) throw new Error("unexpected");
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
 * import { Failure, FirstError } from "@twisted-ts/core/defer";
 * const e = new FirstError(new Failure(new Error("boom")), 2);
 * if (e.index !== 2 || e.subFailure.getErrorMessage() !== "boom") throw e;
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
 * import { Failure, FailureGroup } from "@twisted-ts/core/defer";
 * const e = new FailureGroup([new Failure(new Error("a")), new Failure(new Error("b"))]);
 * if (e.failures.length !== 2) throw e;
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
 * import { QueueOverflow } from "@twisted-ts/core/defer";
 * if (new QueueOverflow().name !== "QueueOverflow") throw new Error();
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
 * import { QueueUnderflow } from "@twisted-ts/core/defer";
 * if (new QueueUnderflow().name !== "QueueUnderflow") throw new Error();
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
 * import { NotACoroutineError } from "@twisted-ts/core/defer";
 * if (!(new NotACoroutineError("x") instanceof TypeError)) throw new Error();
 * ```
 */
export class NotACoroutineError extends TypeError {
  /** The error's name, `"NotACoroutineError"`. */
  override readonly name: string = "NotACoroutineError";
}
