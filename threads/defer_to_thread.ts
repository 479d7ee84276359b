/**
 * `deferToThread` and `deferToThreadPool`: run a task in a pool thread and
 * get its result as a Deferred that fires on the reactor thread.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { reactor as defaultReactor } from "../reactor/reactor.ts";
import { Deferred } from "../defer/deferred.ts";
import type { Job } from "./_job.ts";
import type { CallFromThread } from "./interfaces.ts";
import { ThreadPool } from "./thread_pool.ts";
import type { TaskFunction, ThreadTask } from "./thread_task.ts";

/**
 * What a task's Deferred fires with: the awaited return type of `F`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { TaskResult } from "@twisted-ts/core/threads";
 * const n: TaskResult<(s: string) => Promise<number>> = 3;
 * assert.equal(n, 3);
 * ```
 */
export type TaskResult<F extends TaskFunction> = Awaited<ReturnType<F>>;

/**
 * Runs `task(...args)` in a thread of the global reactor's thread pool
 * (`reactor.getThreadPool()`: up to one thread per core, started when the
 * reactor runs) and returns a Deferred that fires on the reactor thread
 * with its result, or errbacks with a `Failure` of its error. Twisted's
 * `deferToThread`; see {@linkcode deferToThreadPool} for the details.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reactor } from "@twisted-ts/core/reactor";
 * import { deferToThread, reactorThreadPool, threadTask } from "@twisted-ts/core/threads";
 * // tasks usually live in a module of yours: new URL("./tasks.ts", import.meta.url);
 * // a data: URL must be allowed first
 * reactorThreadPool().allowModules("data:");
 * const upper = threadTask<(s: string) => string>(
 *   "data:text/javascript,export const upper = (s) => s.toUpperCase();",
 *   "upper",
 * );
 * reactor.callWhenRunning(async () => {
 *   try {
 *     assert.equal(await deferToThread(upper, "hi"), "HI");
 *   } finally {
 *     reactor.stop();
 *   }
 * });
 * await reactor.run();
 * ```
 */
export function deferToThread<F extends TaskFunction>(
  task: ThreadTask<F>,
  ...args: Parameters<F>
): Deferred<TaskResult<F>> {
  return deferToThreadPool(
    defaultReactor,
    reactorThreadPool(),
    task,
    ...args,
  );
}

/**
 * Runs `task(...args)` in `pool` and returns a Deferred that fires — on the
 * reactor thread, through `reactor.callFromThread` — with the task's result,
 * or errbacks with a `Failure` carrying the error the task threw (its name,
 * message and stack, as thrown in the worker). Twisted's
 * `deferToThreadPool`; `reactor` is anything with `callFromThread`, and
 * function arguments' proxies run through it too.
 *
 * `cancel()` on the Deferred removes the task if it is still waiting for a
 * thread; if it is running, its `taskSignal()` aborts, and if it is still
 * running the pool's `cancelGrace` seconds later, its worker is terminated
 * and replaced. Either way the Deferred errbacks with `CancelledError` at
 * once. A task with a timeout (the pool's `taskTimeout`, or the task's
 * own) fails with `TimeoutError` when it runs out and is cancelled the
 * same way. A refused task fails at once: `AlreadyQuit` from a stopped
 * pool, `QueueFull` from one whose backlog is at `maxQueue`. A task whose
 * module the pool does not allow throws `ModuleNotAllowed` here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deferToThreadPool, ThreadPool, threadTask } from "@twisted-ts/core/threads";
 * const now = { callFromThread: (fn: (...a: unknown[]) => unknown, ...a: unknown[]) => fn(...a) };
 * const pool = new ThreadPool({ minthreads: 1, maxthreads: 1, modules: ["data:"] });
 * pool.start();
 * const upper = threadTask<(s: string) => string>(
 *   "data:text/javascript,export const upper = (s) => s.toUpperCase();",
 *   "upper",
 * );
 * assert.equal(await deferToThreadPool(now, pool, upper, "hi"), "HI");
 * await pool.stop();
 * ```
 */
export function deferToThreadPool<F extends TaskFunction>(
  reactor: CallFromThread,
  pool: ThreadPool,
  task: ThreadTask<F>,
  ...args: Parameters<F>
): Deferred<TaskResult<F>> {
  if (typeof reactor?.callFromThread !== "function") {
    throw new TypeError(
      `deferToThreadPool: reactor must have a callFromThread method, got ${
        describeValue(reactor)
      }`,
    );
  }
  if (!(pool instanceof ThreadPool)) {
    throw new TypeError(
      `deferToThreadPool: pool must be a ThreadPool, got ${
        describeValue(pool)
      }`,
    );
  }
  const d = new TaskDeferred<TaskResult<F>>();
  d._job = pool._submit(
    "deferToThreadPool",
    null,
    d as Deferred<unknown>,
    task,
    args,
    reactor,
  );
  return d;
}

/**
 * The Deferred `deferToThreadPool` returns: it knows its job, so cancelling
 * it cancels the job through one shared canceller rather than a closure
 * per task (the pool may hold 100,000 of them at once).
 *
 * `cancel()` errbacks the Deferred itself; the task's late outcome (its
 * result, or the error it ends with once aborted) is then dropped — the job
 * fires the Deferred only if it was not cancelled, and only if the Deferred
 * has not fired.
 */
class TaskDeferred<T> extends Deferred<T> {
  /** @internal the job, once submitted (`undefined` if refused) */
  _job: Job | undefined = undefined;

  constructor() {
    super(cancelJob);
  }
}

function cancelJob(d: Deferred<unknown>): void {
  (d as TaskDeferred<unknown>)._job?.cancel();
}

/**
 * The reactor's thread pool (Twisted's `reactor.getThreadPool()`), as the
 * `ThreadPool` it is — to configure it (`allowModules`, `adjustPoolsize`)
 * with its type. Throws a `TypeError` if an application registered a pool
 * factory of its own that makes something else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor } from "@twisted-ts/core/reactor";
 * import { reactorThreadPool, ThreadPool } from "@twisted-ts/core/threads";
 * const r = new Reactor({ installSignalHandlers: false });
 * const pool = reactorThreadPool(r);
 * assert.ok(pool instanceof ThreadPool);
 * assert.equal(pool.name, "twisted.internet.reactor");
 * pool.allowModules("data:");
 * ```
 */
export function reactorThreadPool(
  reactor: { getThreadPool(): unknown } = defaultReactor,
): ThreadPool {
  if (typeof reactor?.getThreadPool !== "function") {
    throw new TypeError(
      `reactorThreadPool: reactor must have a getThreadPool method, got ${
        describeValue(reactor)
      }`,
    );
  }
  const pool = reactor.getThreadPool();
  if (!(pool instanceof ThreadPool)) {
    throw new TypeError(
      `reactorThreadPool: the reactor's thread pool is not a ThreadPool (a custom factory is registered), got ${
        describeValue(pool)
      }; use deferToThreadPool with a pool of your own`,
    );
  }
  return pool;
}
