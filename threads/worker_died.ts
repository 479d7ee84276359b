/**
 * `WorkerDied`: the error a task fails with when the Web Worker holding it
 * ends unexpectedly.
 *
 * @module
 */

/**
 * A task failed because the Web Worker running it (or about to) died: it
 * called `close()` or exited, threw an uncaught error, or its entry module
 * failed to load. The message names the task, the thread and the cause.
 * The pool replaces the worker; other tasks are unaffected.
 *
 * @example
 * ```ts
 * import { Failure } from "@twisted-ts/core/defer";
 * import { WorkerDied } from "@twisted-ts/core/threads";
 * const failure = new Failure(new WorkerDied("task t#f failed: thread T died"));
 * if (!failure.check(WorkerDied)) throw new Error("unexpected");
 * ```
 */
export class WorkerDied extends Error {
  /** `"WorkerDied"`. */
  override readonly name: string = "WorkerDied";
}
