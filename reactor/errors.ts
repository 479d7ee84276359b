/**
 * The errors the reactor layer raises, named as in Twisted: the reactor's
 * and `DelayedCall`'s (`twisted.internet.error`), and the `Cooperator`'s
 * (`twisted.internet.task`).
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
 * import assert from "node:assert/strict";
 * import { AlreadyCalled, Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const call = clock.callLater(1, () => {});
 * clock.advance(1);
 * assert.throws(() => call.cancel(), AlreadyCalled);
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
 * import assert from "node:assert/strict";
 * import { AlreadyCancelled, Clock } from "@twisted-ts/core/reactor";
 * const call = new Clock().callLater(1, () => {});
 * call.cancel();
 * assert.throws(() => call.cancel(), AlreadyCancelled);
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
 * import assert from "node:assert/strict";
 * import { ReactorNotRunning } from "@twisted-ts/core/reactor";
 * const e = new ReactorNotRunning();
 * assert.equal(e.message, "Can't stop reactor that isn't running.");
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
 * import assert from "node:assert/strict";
 * import { ReactorAlreadyRunning } from "@twisted-ts/core/reactor";
 * assert.equal(new ReactorAlreadyRunning().name, "ReactorAlreadyRunning");
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
 * import assert from "node:assert/strict";
 * import { ReactorNotRestartable } from "@twisted-ts/core/reactor";
 * assert.equal(new ReactorNotRestartable().name, "ReactorNotRestartable");
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

/**
 * Python's `SystemExit`, as `react` reads it: the `main` given to
 * {@linkcode react} failing with it ends the program with its `code`, and
 * nothing is logged (any other failure is logged and ends it with 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fail } from "@twisted-ts/core/defer";
 * import { react, Reactor, SystemExit } from "@twisted-ts/core/reactor";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const code = await react(() => fail(new SystemExit(23)), [], { reactor, exit: false });
 * assert.equal(code, 23);
 * ```
 */
export class SystemExit extends Error {
  /** The error's name, `"SystemExit"`. */
  override readonly name: string = "SystemExit";
  /** The exit code: an integer from 0 to 255. */
  readonly code: number;
  /** Creates the error for exit code `code` (default 0). */
  constructor(code = 0) {
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new RangeError(
        `SystemExit: code must be an integer from 0 to 255, got ${
          typeof code === "number" ? code : typeof code
        }`,
      );
    }
    super(String(code));
    this.code = code;
  }
}

/**
 * Raised when the Cooperator or one of its tasks is in the wrong state for
 * the operation; the base class of the other Cooperator errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SchedulerError, TaskDone } from "@twisted-ts/core/reactor";
 * assert.ok(new TaskDone() instanceof SchedulerError);
 * ```
 */
export class SchedulerError extends Error {
  /** The error's name, `"SchedulerError"`. */
  override readonly name: string = "SchedulerError";
  /** Creates the error, with a default message saying what went wrong. */
  constructor(
    message = "the Cooperator or one of its tasks is in the wrong state",
  ) {
    super(message);
  }
}

/**
 * The Cooperator was stopped: a task that was scheduled (or added, or
 * resumed, afterwards) fails with it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cooperator, SchedulerStopped } from "@twisted-ts/core/reactor";
 * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
 * let stopped = false;
 * coop.coiterate([1, 2, 3]).addErrback((f) => {
 *   stopped = f.check(SchedulerStopped) !== undefined;
 * });
 * coop.stop();
 * assert.ok(stopped);
 * ```
 */
export class SchedulerStopped extends SchedulerError {
  /** The error's name, `"SchedulerStopped"`. */
  override readonly name: string = "SchedulerStopped";
  /** Creates the error. */
  constructor(message = "the Cooperator was stopped") {
    super(message);
  }
}

/**
 * The task has finished, one way or another; `pause()` and `stop()` on it
 * throw a subclass saying how.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TaskFinished, TaskStopped } from "@twisted-ts/core/reactor";
 * assert.ok(new TaskStopped() instanceof TaskFinished);
 * ```
 */
export class TaskFinished extends SchedulerError {
  /** The error's name, `"TaskFinished"`. */
  override readonly name: string = "TaskFinished";
  /** Creates the error. */
  constructor(message = "the task has already finished") {
    super(message);
  }
}

/**
 * The task finished normally: its iterator is exhausted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cooperator, TaskDone } from "@twisted-ts/core/reactor";
 * const ticks: (() => void)[] = [];
 * const coop = new Cooperator({
 *   scheduler: (tick) => (ticks.push(tick), { cancel() {} }),
 * });
 * const task = coop.cooperate([]);
 * ticks.shift()!();
 * assert.throws(() => task.stop(), TaskDone);
 * ```
 */
export class TaskDone extends TaskFinished {
  /** The error's name, `"TaskDone"`. */
  override readonly name: string = "TaskDone";
  /** Creates the error. */
  constructor(message = "the task is done: its iterator is exhausted") {
    super(message);
  }
}

/**
 * The task was stopped with `stop()`; its `whenDone()` Deferreds fail with
 * it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cooperator, TaskStopped } from "@twisted-ts/core/reactor";
 * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
 * const task = coop.cooperate([1, 2]);
 * let stopped = false;
 * task.whenDone().addErrback((f) => {
 *   stopped = f.check(TaskStopped) !== undefined;
 * });
 * task.stop();
 * assert.ok(stopped);
 * ```
 */
export class TaskStopped extends TaskFinished {
  /** The error's name, `"TaskStopped"`. */
  override readonly name: string = "TaskStopped";
  /** Creates the error. */
  constructor(message = "the task was stopped") {
    super(message);
  }
}

/**
 * The task ended with an error: its iterator threw, or a Deferred it
 * yielded failed. (Its `whenDone()` Deferreds fail with that error itself.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TaskFailed, TaskFinished } from "@twisted-ts/core/reactor";
 * assert.ok(new TaskFailed() instanceof TaskFinished);
 * ```
 */
export class TaskFailed extends TaskFinished {
  /** The error's name, `"TaskFailed"`. */
  override readonly name: string = "TaskFailed";
  /** Creates the error. */
  constructor(
    message =
      "the task failed: its iterator threw, or a Deferred it yielded failed",
  ) {
    super(message);
  }
}

/**
 * Raised by `resume()` on a task that is not paused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cooperator, NotPaused } from "@twisted-ts/core/reactor";
 * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
 * const task = coop.cooperate([1]);
 * assert.throws(() => task.resume(), NotPaused);
 * ```
 */
export class NotPaused extends SchedulerError {
  /** The error's name, `"NotPaused"`. */
  override readonly name: string = "NotPaused";
  /** Creates the error. */
  constructor(message = "the task is not paused") {
    super(message);
  }
}
