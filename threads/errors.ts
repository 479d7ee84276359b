/**
 * The errors of the thread layer: `AlreadyQuit` (Twisted's), `WorkerDied`,
 * and the refusals a pool makes instead of hanging or growing without
 * bound.
 *
 * @module
 */

/**
 * Thrown by `do`, `quit` (and a `Team`'s `grow`/`shrink`) on a worker that
 * has already quit: Twisted's `twisted._threads.AlreadyQuit`.
 *
 * @example
 * ```ts
 * import { AlreadyQuit, createMemoryWorker } from "@twisted-ts/core/threads";
 * const [worker] = createMemoryWorker();
 * worker.quit();
 * try {
 *   worker.do(() => {});
 *   throw new Error("expected AlreadyQuit");
 * } catch (e) {
 *   if (!(e instanceof AlreadyQuit)) throw e;
 * }
 * ```
 */
export class AlreadyQuit extends Error {
  /** The error's name, `"AlreadyQuit"`. */
  override readonly name: string = "AlreadyQuit";

  /** Creates the error; `message` says which worker refused what. */
  constructor(message = "this worker has already quit") {
    super(message);
  }
}

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
