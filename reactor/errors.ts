/**
 * The errors the reactor layer raises, named as in Twisted's
 * `twisted.internet.error`.
 *
 * @module
 */

/**
 * Raised by `cancel()`, `reset()` or `delay()` on a `DelayedCall` that has
 * already run (it is marked called just before its function starts, so a
 * call cannot cancel itself).
 *
 * @example
 * ```ts
 * import { AlreadyCalled, Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const call = clock.callLater(1, () => {});
 * clock.advance(1);
 * try {
 *   call.cancel();
 * } catch (e) {
 *   if (!(e instanceof AlreadyCalled)) throw e;
 * }
 * ```
 */
export class AlreadyCalled extends Error {
  /** The error's name, `"AlreadyCalled"`. */
  override readonly name: string = "AlreadyCalled";
  /** Creates the error for `action` (`"cancel"`, `"reset"`, `"delay"`). */
  constructor(action = "cancel") {
    super(`Tried to ${action} an already-called event.`);
  }
}

/**
 * Raised by `cancel()`, `reset()` or `delay()` on a `DelayedCall` that was
 * cancelled.
 *
 * @example
 * ```ts
 * import { AlreadyCancelled, Clock } from "@twisted-ts/core/reactor";
 * const call = new Clock().callLater(1, () => {});
 * call.cancel();
 * try {
 *   call.cancel();
 * } catch (e) {
 *   if (!(e instanceof AlreadyCancelled)) throw e;
 * }
 * ```
 */
export class AlreadyCancelled extends Error {
  /** The error's name, `"AlreadyCancelled"`. */
  override readonly name: string = "AlreadyCancelled";
  /** Creates the error for `action` (`"cancel"`, `"reset"`, `"delay"`). */
  constructor(action = "cancel") {
    super(`Tried to ${action} an already-cancelled event.`);
  }
}

/**
 * Raised by `stop()` on a reactor that is not running (never started, or
 * already stopped).
 *
 * @example
 * ```ts
 * import { ReactorNotRunning } from "@twisted-ts/core/reactor";
 * const e = new ReactorNotRunning();
 * if (e.message !== "Can't stop reactor that isn't running.") throw e;
 * ```
 */
export class ReactorNotRunning extends Error {
  /** The error's name, `"ReactorNotRunning"`. */
  override readonly name: string = "ReactorNotRunning";
  /** Creates the error with Twisted's message, or `message`. */
  constructor(message = "Can't stop reactor that isn't running.") {
    super(message);
  }
}

/**
 * Raised by `run()` on a reactor that is already running.
 *
 * @example
 * ```ts
 * import { ReactorAlreadyRunning } from "@twisted-ts/core/reactor";
 * if (new ReactorAlreadyRunning().name !== "ReactorAlreadyRunning") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class ReactorAlreadyRunning extends Error {
  /** The error's name, `"ReactorAlreadyRunning"`. */
  override readonly name: string = "ReactorAlreadyRunning";
  /** Creates the error. */
  constructor(message = "The reactor is already running.") {
    super(message);
  }
}

/**
 * Raised by `run()` on a reactor that was stopped with `stop()`: a stopped
 * reactor cannot run again (one stopped with `crash()` can).
 *
 * @example
 * ```ts
 * import { ReactorNotRestartable } from "@twisted-ts/core/reactor";
 * if (new ReactorNotRestartable().name !== "ReactorNotRestartable") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class ReactorNotRestartable extends Error {
  /** The error's name, `"ReactorNotRestartable"`. */
  override readonly name: string = "ReactorNotRestartable";
  /** Creates the error. */
  constructor(
    message = "The reactor was stopped and cannot be run again.",
  ) {
    super(message);
  }
}
