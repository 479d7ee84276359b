/**
 * `ThreadPool`: Twisted's `twisted.python.threadpool.ThreadPool` on Web
 * Workers, built on a `Team` (see `thread_worker.ts` for how threads and
 * the Team's lanes map onto each other).
 *
 * A submitted task becomes a `Job`, handed to the Team as the work
 * `run(job)` (without making a closure per task: `doWith`). When a lane
 * runs it, it sends the job to the thread the lane picked — or, when no
 * thread is running it (memory workers in tests, or a host without
 * `Worker`), runs the task in-process. The work returns the job, a
 * thenable that settles once, so the lane stays busy until the outcome is
 * reported. `deferToThreadPool`'s job fires its Deferred itself (through
 * the reactor): a task costs a `Job`, the Deferred and its canceller.
 * Jobs not started yet sit in an intrusive list (O(1) add and remove), so
 * `backlog` is exact and a pool stopped before it ever started can fail
 * them instead of leaving them unsettled.
 *
 * Importing this module registers the reactor's thread-pool factory (see
 * `reactor/thread_pool_factory.ts`), unless one is registered already.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { reactor as defaultReactor } from "../reactor/reactor.ts";
import {
  getThreadPoolFactory,
  setThreadPoolFactory,
} from "../reactor/thread_pool_factory.ts";
import { Deferred } from "../defer/deferred.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import {
  permissionsEnforced,
  type ThreadPermissions,
  workerSupported,
} from "./_transport/host_worker.ts";
import { deliverOutcome } from "./_transport/deliver.ts";
import { runInProcess } from "./_in_process.ts";
import { DONE, Job, WaitingJobs } from "./_job.ts";
import type { CallFromThread, OnResult } from "./interfaces.ts";
import { AlreadyQuit } from "./errors.ts";
import { context } from "./context.ts";
import { doWith, type Statistics, Team } from "./team.ts";
import { requireTask, type TaskFunction, ThreadTask } from "./thread_task.ts";
import { type LanePool, lanePool } from "./lane_pool.ts";
import {
  runningThread,
  submitToThread,
  ThreadWorker,
} from "./thread_worker.ts";

/**
 * Options for a {@linkcode ThreadPool}.
 *
 * @example
 * ```ts
 * import { ThreadPool, type ThreadPoolOptions } from "@twisted-ts/core/threads";
 * const options: ThreadPoolOptions = {
 *   minthreads: 0,
 *   maxthreads: 4,
 *   name: "images",
 *   concurrency: 32,
 *   inProcess: true,
 * };
 * const pool = new ThreadPool(options);
 * if (pool.max !== 4 || pool.concurrency !== 32) throw new Error();
 * ```
 */
export interface ThreadPoolOptions {
  /** Threads kept even when idle, started by `start()`. Default 5. */
  minthreads?: number;
  /** The most threads (Web Workers) at once. Default 20. */
  maxthreads?: number;
  /**
   * Names the pool and its threads: `PoolThread-<name>-<n>`, where `n` is
   * the number of threads the pool had when it made this one (from 0, as
   * Twisted counts). A task reads its thread's name as `globalThis.name`.
   */
  name?: string;
  /**
   * How many tasks a thread may hold at once once all `maxthreads` threads
   * are busy (lanes per thread, see `thread_worker.ts`). More keeps each
   * Worker busy across round trips (the throughput lever); fewer keeps more
   * tasks in the backlog, where cancelling removes them. 1 gives Twisted's
   * one task per thread. Default 16.
   */
  concurrency?: number;
  /**
   * Deno permissions for the pool's Workers: `"none"`, `"inherit"`, or per
   * kind (`{ read: [url], net: false, … }`). Grant `read` (or `import`) for
   * the task modules: a worker imports them. Deno 2.9 requires
   * `--unstable-worker-options` (or `"unstable": ["worker-options"]` in
   * deno.json) for this; without it, Deno ends the process with exit code
   * 70 and the message "Unstable API 'Worker.deno.permissions'" when the
   * first thread starts — Deno gives a library no way to check first.
   * Accepted and **not enforced** on Bun, which has no worker permissions
   * (see {@linkcode ThreadPool.permissionsEnforced}).
   */
  permissions?: ThreadPermissions;
  /**
   * Run tasks on the main thread instead of in Web Workers. Default: only
   * where the host has no `Worker`.
   */
  inProcess?: boolean;
  /**
   * Where function proxies (functions passed as task arguments) and
   * blocking calls of thread tasks run: anything with `callFromThread`.
   * Default: the global `reactor` (so they wait for it to run, as in
   * Twisted); pass `{ callFromThread: (f, ...a) => f(...a) }` to run them
   * as soon as their message arrives.
   */
  reactor?: CallFromThread;
  /**
   * Twisted's `_pool` hook: builds the `Team` from `currentLimit` (the
   * thread limit: `maxthreads` while started, else 0) and `threadFactory`
   * (makes and records a thread). Tests pass one that builds a Team of
   * memory workers, each of which then counts as one thread.
   */
  pool?: (
    currentLimit: () => number,
    threadFactory: () => ThreadWorker,
  ) => Team;
}

let poolCount = 0;

/**
 * Submits `task(...args)` to `pool` with `reactor` for its function
 * proxies, reporting to `onResult`; returns the job (to cancel it), or
 * `undefined` if the pool refused it.
 */
export let submitJob: (
  pool: ThreadPool,
  caller: string,
  onResult: OnResult | null,
  task: ThreadTask,
  args: unknown[],
  reactor: CallFromThread,
) => Job | undefined;

/**
 * {@linkcode submitJob} for `deferToThreadPool`: the job fires `deferred`
 * through `reactor` with the outcome (nothing else to allocate); if the
 * pool refuses the task, `deferred` fails with `AlreadyQuit`.
 */
export let submitDeferredJob: (
  pool: ThreadPool,
  caller: string,
  deferred: Deferred<unknown>,
  task: ThreadTask,
  args: unknown[],
  reactor: CallFromThread,
) => Job | undefined;

/**
 * A pool of threads (Web Workers) that run {@linkcode ThreadTask}s: Twisted's
 * `ThreadPool`. Threads are started on demand up to `maxthreads`, and
 * `minthreads` are kept; tasks submitted before `start()` wait and run once
 * it is started. `stop()` waits for the tasks handed over so far; a stopped
 * pool cannot be restarted, as in Twisted.
 *
 * Results: `callInThreadWithCallback(onResult, task, ...args)` calls
 * `onResult(true, result)` or `onResult(false, failure)` on the main thread
 * when the outcome arrives (in Twisted it runs in the pool thread; here that
 * thread is another realm). `deferToThreadPool` wraps this in a Deferred.
 *
 * @example
 * ```ts
 * import { ThreadPool, threadTask } from "@twisted-ts/core/threads";
 * const pool = new ThreadPool({ minthreads: 0, maxthreads: 2, name: "doc" });
 * const add = threadTask<(a: number, b: number) => number>(
 *   "data:text/javascript,export const add = (a, b) => a + b;",
 *   "add",
 * );
 * const result = new Promise((resolve) =>
 *   pool.callInThreadWithCallback((ok, value) => resolve([ok, value]), add, 2, 3)
 * );
 * pool.start();
 * const [ok, value] = await result as [boolean, number];
 * await pool.stop();
 * if (!ok || value !== 5) throw new Error(`unexpected: ${ok} ${value}`);
 * ```
 */
export class ThreadPool {
  /** The least threads kept while started. */
  min: number;
  /** The most threads at once. */
  max: number;
  /** The pool's name. */
  readonly name: string;
  /** Tasks in flight per thread: the Team's lanes per thread. */
  readonly concurrency: number;
  /** Whether tasks run on the main thread instead of in Web Workers. */
  readonly inProcess: boolean;
  /**
   * Whether the `permissions` option is enforced on this host (Deno: yes;
   * Bun: no, accepted and ignored; in-process: no).
   */
  readonly permissionsEnforced: boolean;
  /** Where function proxies and blocking calls of thread tasks run. */
  readonly reactor: CallFromThread;
  /** Whether `start()` was called and `stop()` not yet. */
  started = false;
  /** Whether `stop()` was called. */
  joined = false;
  /** Every thread the pool has made, in order. */
  readonly threads: ThreadWorker[] = [];
  readonly #team: Team;
  readonly #lanes: LanePool | undefined;
  readonly #waiting = new WaitingJobs();
  readonly #runJob = (job: Job) => this.#run(job);

  /**
   * Creates a pool; no thread starts until `start()` or work needs one.
   * `start` and `stop` are bound to the pool, for Twisted's idioms
   * `reactor.callWhenRunning(pool.start)` and
   * `reactor.addSystemEventTrigger("during", "shutdown", pool.stop)`.
   */
  constructor(options: ThreadPoolOptions = {}) {
    this.start = this.start.bind(this);
    this.stop = this.stop.bind(this);
    const {
      minthreads = 5,
      maxthreads = 20,
      name = `ThreadPool-${++poolCount}`,
      concurrency = 16,
      permissions,
      inProcess = !workerSupported,
      reactor = defaultReactor,
      pool: makeTeam,
    } = options;
    checkLimits("ThreadPool", minthreads, maxthreads);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `ThreadPool: concurrency must be an integer >= 1, got ${
          describeValue(concurrency)
        }`,
      );
    }
    if (typeof reactor?.callFromThread !== "function") {
      throw new TypeError(
        `ThreadPool: reactor must have a callFromThread method, got ${
          describeValue(reactor)
        }`,
      );
    }
    this.min = minthreads;
    this.max = maxthreads;
    this.name = String(name);
    this.concurrency = concurrency;
    this.inProcess = inProcess;
    this.reactor = reactor;
    this.permissionsEnforced = permissions !== undefined && !inProcess &&
      permissionsEnforced;
    const threadFactory = () => {
      const thread = new ThreadWorker({
        // as Twisted: numbered by the workers there are when it is made
        name: `PoolThread-${this.name}-${this.workers}`,
        reactor: this.reactor,
        inProcess: this.inProcess,
        ...(permissions === undefined ? {} : { permissions }),
      });
      this.threads.push(thread);
      return thread;
    };
    const currentLimit = () => this.started ? this.max : 0;
    if (makeTeam !== undefined) {
      requireFunction("ThreadPool: pool", makeTeam);
      this.#team = makeTeam(currentLimit, threadFactory);
    } else {
      this.#lanes = lanePool(currentLimit, threadFactory, concurrency);
      this.#team = this.#lanes.team;
    }
  }

  /**
   * Live threads (Twisted's `workers`). With a custom `pool` hook: the
   * Team's workers, idle or busy.
   */
  get workers(): number {
    if (this.#lanes !== undefined) return this.#lanes.threadCount();
    const s = this.#team.statistics();
    return s.idleWorkerCount + s.busyWorkerCount;
  }

  /**
   * The Team's statistics: lanes (tasks in flight, see `thread_worker.ts`)
   * idle and busy, and the backlog — as of the last coordinator step.
   */
  statistics(): Statistics {
    return this.#team.statistics();
  }

  /**
   * Tasks accepted and not started yet (cancelled ones excluded): waiting
   * for a lane, or handed to a memory worker that has not performed them.
   * Twisted's `q.qsize()`.
   */
  get backlog(): number {
    return this.#waiting.size;
  }

  /**
   * Starts the pool: grows to `minthreads`, plus enough for the work
   * already submitted (up to `maxthreads`). Throws `AlreadyQuit` if the
   * pool was stopped and must grow.
   */
  start(): void {
    this.joined = false;
    this.started = true;
    this.adjustPoolsize();
    const backlog = this.#team.statistics().backloggedWorkCount;
    if (backlog > 0) this.#team.grow(backlog);
  }

  /**
   * Changes the limits (omitted ones stay); while started, quits surplus
   * threads (busy ones when they finish) or starts missing ones.
   */
  adjustPoolsize(minthreads?: number, maxthreads?: number): void {
    const min = minthreads ?? this.min;
    const max = maxthreads ?? this.max;
    checkLimits("ThreadPool.adjustPoolsize", min, max);
    this.min = min;
    this.max = max;
    if (!this.started) return;
    const s = this.#team.statistics();
    const lanes = s.idleWorkerCount + s.busyWorkerCount;
    const most = this.#lanes === undefined ? max : max * this.concurrency;
    if (lanes > most) this.#team.shrink(lanes - most);
    if (lanes < min) this.#team.grow(min - lanes);
    this.#lanes?.trim();
  }

  /**
   * Runs `task(...args)` in a thread; a failure is logged. See
   * {@linkcode ThreadPool.callInThreadWithCallback}.
   */
  callInThread<F extends TaskFunction>(
    task: ThreadTask<F>,
    ...args: Parameters<F>
  ): void {
    this.#submit("ThreadPool.callInThread", null, task, args);
  }

  /**
   * Runs `task(...args)` in a thread and calls `onResult(true, result)` or
   * `onResult(false, failure)` on the main thread when it is done (an
   * exception from `onResult` is logged). Arguments and the result are
   * structured-cloned; a function argument arrives as a proxy whose calls
   * run the original through the pool's `reactor.callFromThread`. The
   * caller's innermost `context` object (the one its `context.call`
   * pushed) travels with the task, cloned, and the task and `onResult` run
   * inside it — only the innermost, as in Twisted. Values set with
   * `context.setDefault` stay in their realm: a Web Worker has its own
   * default context, where Twisted's threads share one.
   *
   * After `stop()`, the task is refused: `onResult(false, failure)` with an
   * `AlreadyQuit` is called at once (Twisted drops it silently, which leaves
   * a `deferToThread` Deferred unfired). After a restart of a stopped pool,
   * this throws `AlreadyQuit`, as in Twisted.
   */
  callInThreadWithCallback<F extends TaskFunction>(
    onResult: ((ok: boolean, result: unknown) => void) | null,
    task: ThreadTask<F>,
    ...args: Parameters<F>
  ): void {
    if (onResult !== null) {
      requireFunction(
        "ThreadPool.callInThreadWithCallback: onResult",
        onResult,
      );
    }
    this.#submit("ThreadPool.callInThreadWithCallback", onResult, task, args);
  }

  /**
   * Stops the pool: refuses new tasks, lets the tasks handed over so far
   * finish, quits the threads. Returns a Deferred that fires when every
   * thread has exited. Tasks still waiting because the pool never started
   * fail with `AlreadyQuit`. A second `stop()` throws `AlreadyQuit`.
   */
  stop(): Deferred<void> {
    this.joined = true;
    this.started = false;
    if (this.#waiting.size > 0 && this.workers === 0) {
      // nothing will ever take these: fail them rather than leave them
      for (const job of this.#waiting.drain()) {
        job.finish(
          false,
          new AlreadyQuit(
            `ThreadPool.stop: pool ${this.name} stopped before task ${job.task.key} started`,
          ),
        );
      }
    }
    this.#team.quit();
    return joinAll(this.threads);
  }

  static {
    submitJob = (pool, caller, onResult, task, args, reactor) =>
      pool.#submitJob(caller, onResult, null, task, args, reactor);
    submitDeferredJob = (pool, caller, deferred, task, args, reactor) =>
      pool.#submitJob(caller, null, deferred, task, args, reactor);
  }

  #submitJob(
    caller: string,
    onResult: OnResult | null,
    deferred: Deferred<unknown> | null,
    task: ThreadTask,
    args: unknown[],
    reactor: CallFromThread,
  ): Job | undefined {
    if (!(task instanceof ThreadTask)) requireTask(`${caller}: task`, task);
    if (this.joined) {
      const refusal = new AlreadyQuit(
        `${caller}: pool ${this.name} is stopped; task ${task.key} was not run`,
      );
      if (deferred !== null) deliverOutcome(reactor, deferred, false, refusal);
      else if (onResult === null) log.err(refusal, `${caller}:`);
      else onResult(false, new Failure(refusal));
      return undefined;
    }
    const ctx = context.current();
    const job = new Job(
      task,
      args,
      ctx === context.defaultContextDict ? null : ctx,
      reactor,
      onResult,
    );
    job.deferred = deferred;
    this.#waiting.add(job);
    try {
      const team = this.#team;
      if (team instanceof Team) doWith(team, this.#runJob, job);
      else (team as Team).do(() => this.#run(job));
    } catch (e) {
      this.#waiting.remove(job);
      throw e;
    }
    return job;
  }

  #submit(
    caller: string,
    onResult: OnResult | null,
    task: ThreadTask,
    args: unknown[],
  ): void {
    this.#submitJob(caller, onResult, null, task, args, this.reactor);
  }

  #run(job: Job): Job | undefined {
    if (job.state === DONE) return undefined; // cancelled while waiting
    this.#waiting.remove(job);
    const thread = runningThread();
    if (thread !== null) submitToThread(thread, job);
    else runInProcess(job);
    return job; // settles (perhaps already) when the outcome is reported
  }

  /** `<ThreadPool name min=… max=…>`. */
  toString(): string {
    return `<ThreadPool ${this.name} min=${this.min} max=${this.max}>`;
  }
}

function checkLimits(caller: string, min: unknown, max: unknown): void {
  if (typeof min !== "number" || !Number.isInteger(min) || min < 0) {
    throw new RangeError(
      `${caller}: minthreads must be an integer >= 0, got ${
        describeValue(min)
      }`,
    );
  }
  if (typeof max !== "number" || !Number.isInteger(max) || max < 0) {
    throw new RangeError(
      `${caller}: maxthreads must be an integer >= 0, got ${
        describeValue(max)
      }`,
    );
  }
  if (min > max) {
    throw new RangeError(
      `${caller}: minthreads (${min}) must not exceed maxthreads (${max})`,
    );
  }
}

function joinAll(threads: readonly ThreadWorker[]): Deferred<void> {
  const done = new Deferred<void>();
  let waiting = threads.length + 1;
  const one = () => {
    if (--waiting === 0) done.callback(undefined);
  };
  for (const t of threads) t.joined().addCallback(one);
  one();
  return done;
}

// The reactor's thread pool (`Reactor.getThreadPool`, `callInThread`,
// `suggestThreadPoolSize`): registered when this module loads, unless the
// application registered its own factory first.
if (getThreadPoolFactory() === undefined) {
  setThreadPoolFactory((options) =>
    new ThreadPool({
      minthreads: options.minthreads,
      maxthreads: options.maxthreads,
      name: options.name,
      reactor: options.reactor,
    })
  );
}
