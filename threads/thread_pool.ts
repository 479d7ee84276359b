/**
 * `ThreadPool`: Twisted's `twisted.python.threadpool.ThreadPool` on worker
 * threads, built on a `Team` (see `lane_pool.ts` for how threads and the
 * Team's lanes map onto each other).
 *
 * A submitted task becomes a `Job`, handed to the Team as the work
 * `run(job, performer)` (without making a closure per task). When a lane
 * runs it, the performer is the thread the lane picked, and the job is
 * sent there — or, when the performer is not a thread with a worker
 * (memory workers in tests, an in-process pool), the task runs
 * in-process. The work returns the job, a thenable that settles once, so
 * the lane stays busy until the outcome is reported. `deferToThreadPool`'s
 * job fires its Deferred itself (through the reactor): a task costs a
 * `Job`, the Deferred and its canceller. Jobs not started yet sit in an
 * intrusive list (O(1) add and remove), so `backlog` is exact, `maxQueue`
 * can refuse work instead of growing without bound, and a stopping pool
 * can fail what nothing will start.
 *
 * Ending work that does not end: a cancelled task is first asked to stop
 * (its `taskSignal()` aborts); if it is still running `cancelGrace`
 * seconds later, its worker is terminated and replaced — the tasks it had
 * started fail with `WorkerDied`, the ones it had not are run elsewhere. A
 * task's timeout (`taskTimeout`, or the task's own) fails its Deferred
 * with `TimeoutError` and cancels it the same way. `stop()` waits at most
 * `stopTimeout` seconds before it terminates what is left; cancelling the
 * Deferred it returns terminates at once (what the reactor does on a
 * second signal).
 *
 * Importing this module registers the reactor's thread-pool factory (see
 * `reactor/thread_pool_factory.ts`), unless one is registered already.
 *
 * @module
 */
import {
  describeValue,
  requireBoolean,
  requireFunction,
  requireOptions,
} from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { TimeoutError } from "../defer/errors.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import type { IReactorTime } from "../reactor/interfaces.ts";
import { reactor as defaultReactor } from "../reactor/reactor.ts";
import {
  getThreadPoolFactory,
  setThreadPoolFactory,
} from "../reactor/thread_pool_factory.ts";
import { runInProcess } from "./_in_process.ts";
import { DONE, Job, WaitingJobs } from "./_job.ts";
import { type After, realTime, timersOf } from "./_timers.ts";
import { deliverOutcome } from "./_transport/deliver.ts";
import {
  backgroundTimer,
  denoWorkerOptionsEnabled,
  hardwareConcurrency,
  mainModuleUrl,
  permissionsEnforced,
  type ThreadPermissions,
  workersKillable,
  workerSupported,
} from "./_transport/host_worker.ts";
import { context } from "./context.ts";
import {
  AlreadyQuit,
  ModuleNotAllowed,
  QueueFull,
  WorkerDied,
} from "./errors.ts";
import type { CallFromThread, IWorker, OnResult } from "./interfaces.ts";
import { type LanePool, lanePool } from "./lane_pool.ts";
import {
  MetricsRecorder,
  type PoolMetrics,
  type TaskTrace,
} from "./pool_metrics.ts";
import type { Statistics, Team } from "./team.ts";
import { requireTask, type TaskFunction, ThreadTask } from "./thread_task.ts";
import {
  requirePermissions,
  requireSpin,
  ThreadWorker,
} from "./thread_worker.ts";

/**
 * Options for a {@linkcode ThreadPool}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ThreadPool, type ThreadPoolOptions } from "@twisted-ts/core/threads";
 * const options: ThreadPoolOptions = {
 *   minthreads: 0,
 *   maxthreads: 4,
 *   name: "images",
 *   concurrency: 32,
 *   taskTimeout: 30,
 *   maxQueue: 10_000,
 *   inProcess: true,
 * };
 * const pool = new ThreadPool(options);
 * assert.equal(pool.max, 4);
 * assert.equal(pool.concurrency, 32);
 * ```
 */
export interface ThreadPoolOptions {
  /**
   * Threads kept even when idle, started by `start()`. Default: 5, or
   * `maxthreads` if that is smaller.
   */
  minthreads?: number;
  /**
   * The most threads at once. Default: the number of cores
   * (`navigator.hardwareConcurrency`). Twisted's 20 threads share one core
   * under Python's GIL; JavaScript workers run in parallel, so more threads
   * than cores only adds memory.
   */
  maxthreads?: number;
  /** The pool's name (threads are named `PoolThread-<name>-<n>`). */
  name?: string;
  /**
   * How many tasks a thread may hold at once once all `maxthreads` threads
   * are busy (lanes per thread, see `lane_pool.ts`). More keeps each
   * worker busy across round trips (the throughput lever); fewer keeps more
   * tasks in the backlog, where cancelling removes them. 1 gives Twisted's
   * one task per thread. Default 16. This is the floor when the depth
   * adapts (see `maxConcurrency`).
   */
  concurrency?: number;
  /**
   * The most tasks a thread may hold when its tasks prove short: the pool
   * measures its threads' busy time per finished task and lets each thread
   * hold about a millisecond of work, between `concurrency` and this
   * (tiny tasks then stay fed across message latency; tasks of a
   * millisecond or more keep `concurrency`). Default 256 when
   * `concurrency` is not given, else `concurrency` (a fixed depth); must
   * be at least `concurrency`.
   */
  maxConcurrency?: number;
  /**
   * Deno permissions for the pool's workers: `"none"`, `"inherit"`, or per
   * kind (`{ read: [url], net: false, … }`). Grant `read` (or `import`) for
   * the task modules: a worker imports them. Deno 2.9 requires
   * `--unstable-worker-options` (or `"unstable": ["worker-options"]` in
   * deno.json) for this; without it, Deno ends the process (exit code 70)
   * when the first thread starts. Deno has no API to ask, so the pool
   * looks at the config file, and at the command line where Deno lets it
   * (only under `--allow-all`): when it finds the flag missing, it throws a
   * `TypeError` saying what to add instead. With permissions, Deno's workers are
   * Web Workers (a worker stuck in a synchronous loop is abandoned, as any
   * Deno worker: see {@linkcode ThreadPool.canTerminate}).
   * Accepted and **not enforced** on Bun, which has no worker permissions
   * (see {@linkcode ThreadPool.permissionsEnforced}).
   */
  permissions?: ThreadPermissions;
  /**
   * Run tasks on the main thread instead of in workers. Default: only where
   * the host has no workers (then the pool says so once, through `log`).
   */
  inProcess?: boolean;
  /**
   * Where function proxies (functions passed as task arguments) and
   * blocking calls of `mainThreadTasks` run: anything with
   * `callFromThread`. Default: the global `reactor` (so they wait for it to
   * run, as in Twisted); pass `{ callFromThread: (f, ...a) => f(...a) }` to
   * run them as soon as their message arrives.
   */
  reactor?: CallFromThread;
  /**
   * Seconds a cancelled (or timed-out) task may go on running before its
   * worker is terminated and replaced. Default 5; `Infinity` never
   * terminates one (Twisted's way: the task runs to its end).
   */
  cancelGrace?: number;
  /**
   * Seconds a task may take, from submission, before its Deferred fails
   * with `TimeoutError` and the task is cancelled (see `cancelGrace`). A
   * task's own `timeout` (see `threadTask`) takes precedence. Default: none.
   */
  taskTimeout?: number;
  /**
   * Seconds `stop()` waits for the tasks handed over before it terminates
   * the workers still running them (their tasks fail with `WorkerDied`).
   * Default 10; `Infinity` waits for ever (Twisted's way).
   */
  stopTimeout?: number;
  /**
   * The most tasks waiting to start; past it, a task is refused with
   * `QueueFull` (a Deferred fails, `onResult` hears it, `callInThread`
   * logs it). Default: no limit.
   */
  maxQueue?: number;
  /**
   * Seconds the pool may sit idle — nothing in flight, nothing handed out —
   * before it shrinks back to `minthreads`. Default 60; `Infinity` keeps
   * threads until `stop()` (Twisted's way).
   */
  idleTimeout?: number;
  /** Tasks a worker runs before a fresh one replaces it. Default: no limit. */
  maxTasksPerWorker?: number;
  /**
   * A worker whose JavaScript heap is over this many MiB after a task is
   * replaced by a fresh one (its tasks in flight finish first). On Node,
   * twice this is the worker's hard limit (it dies with `WorkerDied` past
   * it);
   * Deno and Bun cannot confine one task's allocation, so a single task
   * that exhausts memory still ends the process there. Default: no limit.
   */
  heapLimitMb?: number;
  /**
   * Tasks that code in the pool's workers may run on the main thread with
   * `blockingCallFromThread(reactor, task, ...args)`. Nothing else may run
   * there but the function proxies a task was given. Default: none.
   */
  mainThreadTasks?: readonly ThreadTask[];
  /**
   * Latency for CPU (opt-in): microseconds to *spin* for answers. Tasks
   * whose arguments and results are numbers, booleans, `null`/`undefined`,
   * short strings or a small typed array travel through a shared-memory
   * ring per worker (see `sharedMemory`; anything else takes messages,
   * transparently). With `spinMicros` > 0, after sending such tasks the
   * main thread polls the ring for their outcomes for up to this long — blocking its event loop
   * meanwhile — and each worker, once idle, polls its ring up to this long
   * (at most 2 ms in a row) for more tasks before going back to its event
   * loop: a round trip then takes a few microseconds instead of two
   * event-loop hops and two thread wakes, at the cost of a busy main
   * thread and workers that hold a core while they poll. Worth it for a few latency-bound
   * callers on a machine with cores to spare; leave it at 0 (the default)
   * for throughput, on shared machines, and in servers with other work on
   * the main thread.
   */
  spinMicros?: number;
  /**
   * Whether tasks that fit travel through a `SharedArrayBuffer` ring per
   * worker instead of a structured-clone message (default `true`): tasks
   * whose arguments and results are numbers, booleans, `null`/`undefined`,
   * strings of up to 1024 characters or one small typed array (≤ 4 KiB),
   * with no context and no function arguments. Everything else, and
   * everything once a ring is full, takes messages; order, cancellation,
   * timeouts and `WorkerDied` behave the same either way. The rings are
   * private to the library (task code cannot reach them) and every record
   * read from them is checked. `false` sends every task and outcome by
   * message: an escape hatch, and how the test suites check that both
   * paths behave the same.
   */
  sharedMemory?: boolean;
  /**
   * Where task modules may come from, besides `file:` URLs and the main
   * module's own origin (always allowed): URL prefixes (`"https://cdn.example.com/tasks/"`)
   * or schemes (`"data:"`). A task from elsewhere is refused with
   * `ModuleNotAllowed`. See also {@linkcode ThreadPool.allowModules}.
   */
  modules?: readonly (string | URL)[];
  /** Where timeouts and grace periods are timed. Default: the host's timers. */
  clock?: IReactorTime;
  /**
   * Time tasks (queue wait, run time) for {@linkcode ThreadPool.metrics}.
   * Counts are kept either way. Default `false` (timing costs ~100 ns a
   * task).
   */
  metrics?: boolean;
  /**
   * Called when a thread takes a task and when its outcome is in (see
   * {@linkcode TaskTrace}); turns timing on. An exception from it is
   * ignored.
   */
  trace?: (event: TaskTrace) => void;
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
let saidInProcess = false;

/**
 * A pool of threads (workers) that run {@linkcode ThreadTask}s: Twisted's
 * `ThreadPool`. Threads are started on demand up to `maxthreads`, and
 * `minthreads` are kept; tasks submitted before `start()` wait and run once
 * it is started. `stop()` waits for the tasks handed over so far (at most
 * `stopTimeout` seconds); a stopped pool cannot be restarted, as in
 * Twisted.
 *
 * Results: `callInThreadWithCallback(onResult, task, ...args)` calls
 * `onResult(true, result)` or `onResult(false, failure)` on the main thread
 * when the outcome arrives (in Twisted it runs in the pool thread; here that
 * thread is another realm). `deferToThreadPool` wraps this in a Deferred.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ThreadPool, threadTask } from "@twisted-ts/core/threads";
 * const pool = new ThreadPool({
 *   minthreads: 0,
 *   maxthreads: 2,
 *   name: "doc",
 *   modules: ["data:"], // tasks from data: URLs are refused unless listed
 * });
 * const add = threadTask<(a: number, b: number) => number>(
 *   "data:text/javascript,export const add = (a, b) => a + b;",
 *   "add",
 * );
 * const result = new Promise((resolve) =>
 *   pool.callInThreadWithCallback((ok, value) => resolve([ok, value]), add, 2, 3)
 * );
 * pool.start();
 * assert.deepEqual(await result, [true, 5]);
 * await pool.stop();
 * ```
 */
export class ThreadPool {
  /** The least threads kept while started. */
  min: number;
  /** The most threads at once. */
  max: number;
  /** The pool's name. */
  readonly name: string;
  /** Tasks in flight per thread: the Team's lanes per thread (the floor). */
  readonly concurrency: number;
  /** The most tasks in flight per thread when tasks prove short. */
  readonly maxConcurrency: number;

  /**
   * Tasks a thread may hold now: `concurrency`, or more (up to
   * `maxConcurrency`) while the pool's tasks prove short.
   */
  get currentConcurrency(): number {
    return this.#lanes?.lanesPerThread() ?? this.concurrency;
  }
  /** Whether tasks run on the main thread instead of in workers. */
  readonly inProcess: boolean;
  /**
   * Whether the `permissions` option is enforced on this host (Deno: yes;
   * Bun: no, accepted and ignored; in-process: no).
   */
  readonly permissionsEnforced: boolean;
  /**
   * Whether a worker stuck in a task that never yields can be terminated
   * here: on Bun and Node; not on Deno (measured on 2.9.6: such a worker is
   * abandoned and replaced, and its thread runs on until the task returns;
   * the process can still exit), nor in-process.
   */
  readonly canTerminate: boolean;
  /** Where function proxies and blocking calls of main-thread tasks run. */
  readonly reactor: CallFromThread;
  /** Whether `start()` was called and `stop()` not yet. */
  started = false;
  /** Whether `stop()` was called. */
  joined = false;
  /**
   * The pool's threads, oldest first. A thread that ends while the pool
   * runs (shrunk after `idleTimeout`, or by `adjustPoolsize`) leaves the
   * list: a pool that shrinks when idle and grows under load would
   * otherwise keep every thread it ever made. Those that `stop()` ends
   * stay listed.
   */
  readonly threads: ThreadWorker[] = [];
  /** Busy time of the threads that left {@linkcode threads} (ms). */
  #busyOfEnded = 0;
  readonly #team: Team;
  readonly #lanes: LanePool | undefined;
  /** In-process jobs started, for `#terminate` (see `#runningHere`). */
  readonly #inProcessJobs = new Set<Job>();
  #inProcessPruneAt = 64;
  readonly #waiting = new WaitingJobs();
  readonly #runJob = (job: Job, performer: IWorker) =>
    this.#run(job, performer);
  readonly #after: After;
  readonly #taskTimeout: number;
  readonly #stopTimeout: number;
  readonly #maxQueue: number;
  readonly #idleTimeout: number;
  readonly #background: After;
  readonly #allowed: string[] = ["file:"];
  #allowedTask: ThreadTask | undefined = undefined;
  #stopping: Deferred<void> | undefined = undefined;
  #idleCheck: (() => void) | undefined = undefined;
  readonly #recorder: MetricsRecorder;

  /**
   * Creates a pool; no thread starts until `start()` or work needs one.
   * `start` and `stop` are bound to the pool, for Twisted's idioms
   * `reactor.callWhenRunning(pool.start)` and
   * `reactor.addSystemEventTrigger("during", "shutdown", pool.stop)`.
   */
  constructor(options: ThreadPoolOptions = {}) {
    this.start = this.start.bind(this);
    this.stop = this.stop.bind(this);
    requireOptions("ThreadPool: options", options, POOL_OPTIONS);
    const {
      maxthreads = hardwareConcurrency(),
      name = `ThreadPool-${++poolCount}`,
      concurrency = 16,
      permissions,
      inProcess = !workerSupported,
      reactor = defaultReactor,
      cancelGrace = 5,
      taskTimeout = Infinity,
      stopTimeout = 10,
      maxQueue = Infinity,
      idleTimeout = 60,
      maxTasksPerWorker = Infinity,
      heapLimitMb = Infinity,
      mainThreadTasks = [],
      modules = [],
      clock,
      metrics = false,
      trace,
      pool: makeTeam,
      spinMicros = 0,
      sharedMemory = true,
    } = options;
    const minthreads = options.minthreads ??
      (typeof maxthreads === "number" ? Math.min(5, maxthreads) : 5);
    checkLimits("ThreadPool", minthreads, maxthreads);
    requireBoolean("ThreadPool: inProcess", inProcess);
    requireBoolean("ThreadPool: metrics", metrics);
    if (permissions !== undefined) {
      requirePermissions("ThreadPool: permissions", permissions);
    }
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `ThreadPool: concurrency must be an integer >= 1, got ${
          describeValue(concurrency)
        }`,
      );
    }
    const maxConcurrency = options.maxConcurrency ??
      (options.concurrency === undefined ? 256 : concurrency);
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < concurrency) {
      throw new RangeError(
        `ThreadPool: maxConcurrency must be an integer >= concurrency (${concurrency}), got ${
          describeValue(maxConcurrency)
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
    requireSeconds("ThreadPool: taskTimeout", taskTimeout);
    requireSeconds("ThreadPool: cancelGrace", cancelGrace);
    requireLimit("ThreadPool: maxTasksPerWorker", maxTasksPerWorker, 1);
    if (typeof heapLimitMb !== "number" || !(heapLimitMb > 0)) {
      const E = typeof heapLimitMb === "number" ? RangeError : TypeError;
      throw new E(
        `ThreadPool: heapLimitMb must be a number of MiB > 0 (or Infinity), got ${
          describeValue(heapLimitMb)
        }`,
      );
    }
    if (clock !== undefined && typeof clock?.callLater !== "function") {
      throw new TypeError(
        `ThreadPool: clock must have a callLater method (a Clock or a reactor), got ${
          describeValue(clock)
        }`,
      );
    }
    requireSpin("ThreadPool: spinMicros", spinMicros);
    requireBoolean("ThreadPool: sharedMemory", sharedMemory);
    requireSeconds("ThreadPool: stopTimeout", stopTimeout);
    requireSeconds("ThreadPool: idleTimeout", idleTimeout);
    requireLimit("ThreadPool: maxQueue", maxQueue, 0);
    if (!Array.isArray(mainThreadTasks)) {
      throw new TypeError(
        `ThreadPool: mainThreadTasks must be an array of ThreadTasks, got ${
          describeValue(mainThreadTasks)
        }`,
      );
    }
    mainThreadTasks.forEach((t, i) =>
      requireTask(`ThreadPool: mainThreadTasks[${i}]`, t)
    );
    if (!Array.isArray(modules)) {
      throw new TypeError(
        `ThreadPool: modules must be an array of URL prefixes, got ${
          describeValue(modules)
        }`,
      );
    }
    if (permissions !== undefined && !inProcess && permissionsEnforced) {
      if (denoWorkerOptionsEnabled() === false) {
        throw new TypeError(
          'ThreadPool: permissions need Deno\'s --unstable-worker-options flag (or "unstable": ["worker-options"] in deno.json), and neither is set; without it Deno would end the process (exit code 70) when the first thread starts',
        );
      }
    }
    this.min = minthreads;
    this.max = maxthreads;
    this.name = String(name);
    this.concurrency = concurrency;
    this.maxConcurrency = maxConcurrency;
    this.inProcess = inProcess;
    this.reactor = reactor;
    this.permissionsEnforced = permissions !== undefined && !inProcess &&
      permissionsEnforced;
    this.canTerminate = !inProcess &&
      workersKillable(permissions !== undefined);
    this.#after = clock === undefined ? realTime : timersOf(clock);
    this.#background = clock === undefined ? backgroundTimer : this.#after;
    if (trace !== undefined) requireFunction("ThreadPool: trace", trace);
    this.#taskTimeout = taskTimeout;
    this.#stopTimeout = stopTimeout;
    this.#maxQueue = maxQueue;
    this.#idleTimeout = idleTimeout;
    const main = mainModuleUrl();
    if (main !== undefined && URL.canParse(main)) {
      const origin = new URL(main).origin;
      if (origin !== "null") this.#allowed.push(`${origin}/`);
    }
    this.allowModules(...modules);
    this.#recorder = new MetricsRecorder(this.name, metrics === true, trace);
    if (inProcess && options.inProcess === undefined && !saidInProcess) {
      saidInProcess = true;
      log.msg(
        `ThreadPool ${this.name}: this host has no worker threads, so tasks run on the main thread, one after another, and block the reactor while they run`,
      );
    }
    const threadFactory = () => {
      const thread = new ThreadWorker({
        // as Twisted: numbered by the workers there are when it is made
        name: `PoolThread-${this.name}-${this.workers}`,
        reactor: this.reactor,
        inProcess: this.inProcess,
        cancelGrace,
        maxTasks: maxTasksPerWorker,
        heapLimitMb,
        mainThreadTasks,
        spinMicros,
        sharedMemory,
        ...(clock === undefined ? {} : { clock }),
        ...(permissions === undefined ? {} : { permissions }),
      });
      thread._requeue = (jobs) => this.#requeue(jobs);
      this.threads.push(thread);
      thread.joined().addCallback(() => this.#forget(thread));
      return thread;
    };
    const currentLimit = () => this.started ? this.max : 0;
    if (makeTeam !== undefined) {
      requireFunction("ThreadPool: pool", makeTeam);
      this.#team = makeTeam(currentLimit, threadFactory);
    } else {
      this.#lanes = lanePool(
        currentLimit,
        threadFactory,
        concurrency,
        maxConcurrency,
      );
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
   * The Team's statistics: lanes (tasks in flight, see `lane_pool.ts`)
   * idle and busy, and the backlog — as of the last coordinator step.
   * Tasks a lane holds while every thread is at its adaptive depth (see
   * `maxConcurrency`) count as backlogged, not busy: no worker has them.
   */
  statistics(): Statistics {
    const s = this.#team.statistics();
    const parked = this.#lanes?.parkedCount() ?? 0;
    if (parked === 0) return s;
    return {
      idleWorkerCount: s.idleWorkerCount,
      busyWorkerCount: s.busyWorkerCount - parked,
      backloggedWorkCount: s.backloggedWorkCount + parked,
    };
  }

  /**
   * What the pool has done: counts of every outcome, and — with the
   * `metrics` option or a `trace` hook — queue wait and run time
   * percentiles; the threads' utilization. With `reset`, the next snapshot
   * covers only what happens from now on.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { deferToThreadPool, ThreadPool, threadTask } from "@twisted-ts/core/threads";
   * const now = { callFromThread: (f: (...a: unknown[]) => unknown, ...a: unknown[]) => f(...a) };
   * const pool = new ThreadPool({ maxthreads: 1, metrics: true, modules: ["data:"], reactor: now });
   * pool.start();
   * const two = threadTask("data:text/javascript,export const two = () => 2;", "two");
   * await deferToThreadPool(now, pool, two);
   * const m = pool.metrics();
   * assert.equal(m.completed, 1);
   * assert.equal(m.runTime?.count, 1);
   * await pool.stop();
   * ```
   */
  metrics(options: { reset?: boolean } = {}): PoolMetrics {
    let busy = this.#busyOfEnded;
    for (const thread of this.threads) busy += thread._busyTime();
    return this.#recorder.snapshot(
      busy,
      Math.max(this.max, 1),
      options.reset === true,
    );
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
   * Adds to the places task modules may come from: URL prefixes
   * (`"https://cdn.example.com/tasks/"`; an origin alone allows all of it)
   * or schemes (`"data:"`, `"blob:"`). For the reactor's pool:
   * `reactorThreadPool().allowModules(...)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { deferToThreadPool, ThreadPool, threadTask } from "@twisted-ts/core/threads";
   * const now = { callFromThread: (f: (...a: unknown[]) => unknown, ...a: unknown[]) => f(...a) };
   * const pool = new ThreadPool({ maxthreads: 1, inProcess: true, reactor: now });
   * pool.allowModules("data:");
   * pool.start();
   * const two = threadTask("data:text/javascript,export const two = () => 2;", "two");
   * assert.equal(await deferToThreadPool(now, pool, two), 2);
   * await pool.stop();
   * ```
   */
  allowModules(...prefixes: (string | URL)[]): void {
    for (const [i, p] of prefixes.entries()) {
      const text = p instanceof URL ? p.href : p;
      if (typeof text !== "string" || text === "") {
        throw new TypeError(
          `ThreadPool.allowModules: prefix ${i} must be a URL prefix or a scheme like "data:", got ${
            describeValue(p)
          }`,
        );
      }
      if (/^[a-z][a-z0-9+.-]*:$/i.test(text)) {
        this.#allowed.push(text.toLowerCase());
      } else if (URL.canParse(text)) this.#allowed.push(new URL(text).href);
      else {
        throw new TypeError(
          `ThreadPool.allowModules: prefix ${i} must be an absolute URL or a scheme like "data:", got ${
            describeValue(p)
          }`,
        );
      }
    }
    this.#allowedTask = undefined;
  }

  /**
   * Starts the pool: grows to `minthreads`, plus enough for the work
   * already submitted (up to `maxthreads`). Throws `AlreadyQuit`, changing
   * nothing, if the pool was stopped (Twisted's restarts one that needs no
   * thread, whose tasks then raise instead of being refused).
   */
  start(): void {
    if (this.joined) {
      throw new AlreadyQuit(
        `ThreadPool.start: pool ${this.name} was stopped, and a stopped pool cannot be restarted`,
      );
    }
    this.joined = false;
    this.started = true;
    this.adjustPoolsize();
    const backlog = this.#team.statistics().backloggedWorkCount;
    if (backlog > 0) this.#team.grow(backlog);
    this.#watchIdle();
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
    const most = this.#lanes === undefined
      ? max
      : max * this.#lanes.lanesPerThread();
    if (lanes > most) this.#team.shrink(lanes - most);
    if (lanes < min) this.#team.grow(min - lanes);
    this.#lanes?.trim();
    // lanes left idle by an earlier burst or shrink have no thread of
    // their own: `minthreads` counts threads
    this.#lanes?.ensureThreads(min);
  }

  /**
   * Runs `task(...args)` in a thread; a failure is logged. See
   * {@linkcode ThreadPool.callInThreadWithCallback}.
   */
  callInThread<F extends TaskFunction>(
    task: ThreadTask<F>,
    ...args: Parameters<F>
  ): void {
    this._submit(
      "ThreadPool.callInThread",
      null,
      null,
      task,
      args,
      this.reactor,
    );
  }

  /**
   * Runs `task(...args)` in a thread and calls `onResult(true, result)` or
   * `onResult(false, failure)` on the main thread when it is done (an
   * exception from `onResult` is logged). Testing `ok` narrows the second
   * argument to the task's result or to the `Failure`. Arguments and the result are
   * structured-cloned; a function argument arrives as a proxy whose calls
   * run the original through the pool's `reactor.callFromThread`. The
   * caller's innermost `context` object (the one its `context.call`
   * pushed) travels with the task, cloned, and the task and `onResult` run
   * inside it — only the innermost, as in Twisted. Values set with
   * `context.setDefault` stay in their realm: a worker has its own default
   * context, where Twisted's threads share one.
   *
   * A refused task — the pool is stopped, or its backlog is at `maxQueue` —
   * calls `onResult(false, failure)` at once (`AlreadyQuit`, `QueueFull`);
   * Twisted drops it silently, which leaves a `deferToThread` Deferred
   * unfired. A task whose module is not allowed (see `modules`) throws
   * `ModuleNotAllowed`.
   */
  callInThreadWithCallback<F extends TaskFunction>(
    onResult:
      | ((
        ...outcome:
          | [ok: true, result: Awaited<ReturnType<F>>]
          | [ok: false, failure: Failure]
      ) => void)
      | null,
    task: ThreadTask<F>,
    ...args: Parameters<F>
  ): void {
    if (onResult !== null) {
      requireFunction(
        "ThreadPool.callInThreadWithCallback: onResult",
        onResult,
      );
    }
    this._submit(
      "ThreadPool.callInThreadWithCallback",
      onResult as OnResult | null,
      null,
      task,
      args,
      this.reactor,
    );
  }

  /**
   * Stops the pool: refuses new tasks, lets the tasks handed over so far
   * finish, quits the threads. Returns a Deferred that fires when every
   * thread has exited. After `stopTimeout` seconds — or at once, if the
   * Deferred is cancelled — the workers still running tasks are
   * terminated: those tasks fail with `WorkerDied`, and tasks not started
   * yet fail with `AlreadyQuit`. A second `stop()` throws `AlreadyQuit`.
   */
  stop(): Deferred<void> {
    if (this.#stopping !== undefined) {
      throw new AlreadyQuit(
        `ThreadPool.stop: pool ${this.name} is already stopped`,
      );
    }
    this.joined = true;
    this.started = false;
    this.#idleCheck?.();
    this.#idleCheck = undefined;
    if (this.#waiting.size > 0 && this.workers === 0) {
      // nothing will ever take these: fail them rather than leave them
      this.#failWaiting();
    }
    let bound: (() => void) | undefined;
    const done = new Deferred<void>(() => {
      bound?.();
      this.#terminate("the pool's stop() was cancelled");
    });
    this.#stopping = done;
    this.#team.quit();
    joinAll(this.threads).addCallback(() => {
      bound?.();
      if (!done.called) done.callback(undefined);
    });
    if (!done.called && this.#stopTimeout < Infinity) {
      const seconds = this.#stopTimeout;
      bound = this.#after(seconds, () => {
        bound = undefined;
        this.#terminate(
          `its task was still running ${seconds} s after the pool's stop()`,
        );
      });
    }
    return done;
  }

  /**
   * @internal `deferToThreadPool`'s way in: submits `task(...args)` with
   * `reactor` for its function proxies, reporting to `onResult` or firing
   * `deferred`; returns the job (to cancel it), or `undefined` if the pool
   * refused it (the refusal is reported the same way).
   */
  _submit(
    caller: string,
    onResult: OnResult | null,
    deferred: Deferred<unknown> | null,
    task: ThreadTask,
    args: unknown[],
    reactor: CallFromThread,
  ): Job | undefined {
    if (!(task instanceof ThreadTask)) requireTask(`${caller}: task`, task);
    if (task !== this.#allowedTask) this.#checkModule(caller, task);
    let refusal: Error | undefined;
    if (this.joined) {
      refusal = new AlreadyQuit(
        `${caller}: pool ${this.name} is stopped; task ${task.key} was not run`,
      );
    } else if (this.#waiting.size >= this.#maxQueue) {
      refusal = new QueueFull(
        `${caller}: pool ${this.name} already has ${this.#waiting.size} tasks waiting (maxQueue); task ${task.key} was not run`,
      );
    }
    if (refusal !== undefined) {
      this.#recorder.refused++;
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
    job.recorder = this.#recorder;
    this.#recorder.accepted(job);
    const seconds = task.timeout ?? this.#taskTimeout;
    if (seconds < Infinity) {
      job.disarm = this.#after(
        seconds,
        () => job.expire(new TimeoutError(seconds, `task ${task.key}`)),
      );
    }
    this.#waiting.add(job);
    try {
      this.#team._doWith(this.#runJob, job);
    } catch (e) {
      this.#waiting.remove(job);
      job.disarm?.();
      this.#recorder.submitted--; // not submitted after all: it throws
      throw e;
    }
    return job;
  }

  #checkModule(caller: string, task: ThreadTask): void {
    const url = task.moduleUrl;
    if (!this.#allowed.some((prefix) => url.startsWith(prefix))) {
      throw new ModuleNotAllowed(
        `${caller}: pool ${this.name} does not run tasks from ${
          describeValue(url)
        }: allowed are ${
          this.#allowed.join(", ")
        } (add more with the pool's modules option or allowModules)`,
      );
    }
    this.#allowedTask = task;
  }

  #run(job: Job, performer: IWorker): Job | undefined {
    if (job.state === DONE) return undefined; // cancelled while waiting
    this.#waiting.remove(job);
    if (this.#recorder.timing) this.#recorder.started(job, job.task.key);
    if (performer instanceof ThreadWorker && !performer.inProcess) {
      performer._send(job);
    } else {
      runInProcess(job);
      if (job.state !== DONE) this.#runningHere(job);
    }
    return job; // settles (perhaps already) when the outcome is reported
  }

  /**
   * Keeps `job`, running in-process, for `#terminate`: no worker can be
   * ended under it, so ending means failing it. Finished jobs are dropped
   * as the set grows (amortised O(1)).
   */
  #runningHere(job: Job): void {
    const jobs = this.#inProcessJobs;
    if (jobs.size >= this.#inProcessPruneAt) {
      for (const j of jobs) if (j.state === DONE) jobs.delete(j);
      this.#inProcessPruneAt = Math.max(64, jobs.size * 2);
    }
    jobs.add(job);
  }

  /** Jobs whose worker ended before starting them: run them elsewhere. */
  #requeue(jobs: Job[]): void {
    for (const job of jobs) {
      if (!job.requeue()) continue; // cancelled meanwhile: finished
      if (this.joined) {
        job.finish(
          false,
          new AlreadyQuit(
            `pool ${this.name} stopped before task ${job.task.key} started`,
          ),
        );
        continue;
      }
      this.#waiting.add(job);
      try {
        this.#team._doWith(this.#runJob, job);
      } catch (e) {
        this.#waiting.remove(job);
        job.finish(
          false,
          new WorkerDied(
            `task ${job.task.key} failed: its worker ended before starting it, and the pool could not take it back (${
              describeValue(e)
            })`,
          ),
        );
      }
    }
  }

  /** Lets go of a thread that ended while the pool runs. */
  #forget(thread: ThreadWorker): void {
    if (this.joined) return; // stopping: stop() waits for the listed ones
    const i = this.threads.indexOf(thread);
    if (i < 0) return;
    this.threads.splice(i, 1);
    this.#busyOfEnded += thread._busyTime();
  }

  /** Terminates every worker and fails whatever has not started. */
  #terminate(reason: string): void {
    this.#failWaiting();
    for (const thread of this.threads) thread._kill(reason);
    // in-process tasks have no worker to end: they fail, and their lanes
    // (and so the threads and stop()) are let go
    const here = [...this.#inProcessJobs];
    this.#inProcessJobs.clear();
    for (const job of here) {
      if (job.state === DONE) continue;
      try {
        job.runner?.cancelJob(job); // its taskSignal aborts
      } catch (e) {
        log.err(e, `ThreadPool ${this.name}: cancelling task ${job.task.key}`);
      }
      job.finish(
        false,
        new WorkerDied(
          `task ${job.task.key} failed: it ran in-process and ${reason}`,
        ),
      );
    }
    this.#failWaiting();
  }

  /** Fails the tasks waiting for a lane: the stopped pool will not start them. */
  #failWaiting(): void {
    for (const job of this.#waiting.drain()) {
      job.finish(
        false,
        new AlreadyQuit(
          `ThreadPool.stop: pool ${this.name} stopped before task ${job.task.key} started`,
        ),
      );
    }
  }

  /**
   * While started: every half `idleTimeout`, shrinks the pool back to
   * `minthreads` once it has been idle (nothing in flight, nothing handed
   * out) for a whole `idleTimeout`. Runs on a timer that does not keep the
   * process alive.
   */
  #watchIdle(): void {
    const lanes = this.#lanes;
    if (lanes === undefined || !(this.#idleTimeout < Infinity)) return;
    this.#idleCheck?.();
    const period = this.#idleTimeout / 2;
    let seen = lanes.handedOut();
    let quietPeriods = 0;
    const check = () => {
      this.#idleCheck = undefined;
      if (!this.started) return;
      const handed = lanes.handedOut();
      const quiet = handed === seen && lanes.inFlight() === 0 &&
        this.#waiting.size === 0;
      seen = handed;
      quietPeriods = quiet ? quietPeriods + 1 : 0;
      const surplus = lanes.laneCount() - this.min;
      if (quietPeriods >= 2 && surplus > 0 && lanes.threadCount() > this.min) {
        this.#team.shrink(surplus);
        quietPeriods = 0;
      }
      this.#idleCheck = this.#background(period, check);
    };
    this.#idleCheck = this.#background(period, check);
  }

  /** `<ThreadPool name min=… max=…>`. */
  toString(): string {
    return `<ThreadPool ${this.name} min=${this.min} max=${this.max}>`;
  }
}

function checkLimits(caller: string, min: unknown, max: unknown): void {
  // max first: an unset min is derived from it
  for (const [what, value] of [["maxthreads", max], ["minthreads", min]]) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      const E = typeof value === "number" ? RangeError : TypeError;
      throw new E(
        `${caller}: ${what} must be an integer >= 0, got ${
          describeValue(value)
        }`,
      );
    }
  }
  if ((min as number) > (max as number)) {
    throw new RangeError(
      `${caller}: minthreads (${min}) must not exceed maxthreads (${max})`,
    );
  }
}

/** The keys of {@linkcode ThreadPoolOptions}. */
const POOL_OPTIONS = [
  "minthreads",
  "maxthreads",
  "name",
  "concurrency",
  "maxConcurrency",
  "permissions",
  "inProcess",
  "reactor",
  "cancelGrace",
  "taskTimeout",
  "stopTimeout",
  "maxQueue",
  "idleTimeout",
  "maxTasksPerWorker",
  "heapLimitMb",
  "mainThreadTasks",
  "spinMicros",
  "sharedMemory",
  "modules",
  "clock",
  "metrics",
  "trace",
  "pool",
];

function requireSeconds(what: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0)) {
    const E = typeof value === "number" ? RangeError : TypeError;
    throw new E(
      `${what} must be a number of seconds >= 0 (or Infinity), got ${
        describeValue(value)
      }`,
    );
  }
}

function requireLimit(what: string, value: unknown, least: number): void {
  if (
    typeof value !== "number" ||
    !(value === Infinity || (Number.isInteger(value) && value >= least))
  ) {
    const E = typeof value === "number" ? RangeError : TypeError;
    throw new E(
      `${what} must be an integer >= ${least} (or Infinity), got ${
        describeValue(value)
      }`,
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
// application registered its own factory first. The reactor asks for
// Twisted's 10 threads; JavaScript workers run in parallel (no GIL), so the
// default is the number of cores instead (see the README's differences).
if (getThreadPoolFactory() === undefined) {
  setThreadPoolFactory((options) =>
    new ThreadPool({
      minthreads: Math.min(options.minthreads, hardwareConcurrency()),
      maxthreads: options.maxthreads === 10
        ? hardwareConcurrency()
        : options.maxthreads,
      name: options.name,
      reactor: options.reactor,
    })
  );
}
