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
 * import assert from "node:assert/strict";
 * import { AlreadyQuit, createMemoryWorker } from "@twisted-ts/core/threads";
 * const [worker] = createMemoryWorker();
 * worker.quit();
 * assert.throws(() => worker.do(() => {}), AlreadyQuit);
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
 * import assert from "node:assert/strict";
 * import { Failure } from "@twisted-ts/core/defer";
 * import { WorkerDied } from "@twisted-ts/core/threads";
 * const failure = new Failure(new WorkerDied("task t#f failed: thread T died"));
 * assert.ok(failure.check(WorkerDied));
 * ```
 */
export class WorkerDied extends Error {
  /** `"WorkerDied"`. */
  override readonly name: string = "WorkerDied";
}

/**
 * A worker asked the main thread to run something it may not: from a
 * worker, `blockingCallFromThread` may run only the function proxies its
 * task was given, and the tasks its pool lists in `mainThreadTasks`. Thrown
 * inside the worker, by the `blockingCallFromThread` that asked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WorkerCallRefused } from "@twisted-ts/core/threads";
 * const e = new WorkerCallRefused("a worker may not run t#f on the main thread");
 * assert.equal(e.name, "WorkerCallRefused");
 * ```
 */
export class WorkerCallRefused extends Error {
  /** `"WorkerCallRefused"`. */
  override readonly name: string = "WorkerCallRefused";
}

/**
 * A pool refused a task because its backlog (tasks accepted and not yet
 * started) is at the pool's `maxQueue`. The task was not run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Failure } from "@twisted-ts/core/defer";
 * import { QueueFull } from "@twisted-ts/core/threads";
 * const f = new Failure(new QueueFull("pool p: 1000 tasks are waiting"));
 * assert.ok(f.check(QueueFull));
 * ```
 */
export class QueueFull extends Error {
  /** `"QueueFull"`. */
  override readonly name: string = "QueueFull";
}

/**
 * A pool refused a task whose module is not on its allowlist (the pool's
 * `modules` option): by default, tasks may come from `file:` URLs and from
 * the main module's own origin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ModuleNotAllowed, ThreadPool, threadTask } from "@twisted-ts/core/threads";
 * const pool = new ThreadPool({ minthreads: 0, maxthreads: 1, inProcess: true });
 * const evil = threadTask("data:text/javascript,export const f = () => 1;", "f");
 * assert.throws(() => pool.callInThread(evil), ModuleNotAllowed);
 * ```
 */
export class ModuleNotAllowed extends TypeError {
  /** `"ModuleNotAllowed"`. */
  override readonly name: string = "ModuleNotAllowed";
}
