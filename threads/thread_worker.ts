/**
 * `ThreadWorker` — one thread of a pool: a worker (a Web Worker or a
 * `node:worker_threads` thread, see `_transport/host_worker.ts`) and the
 * FIFO of work sent to it. See `lane_pool.ts` for how a pool's Team
 * reaches threads.
 *
 * Running work: `do(work)` runs `work(thread)` on the main thread at once
 * (FIFO, and re-entrant calls wait their turn): the work is *told* which
 * thread performs it, and the pool's work sends its task there. A thread
 * that runs tasks in-process (no workers on this host, or asked for) sends
 * nothing; the pool runs its task on the main thread.
 *
 * A thread's worker changes over its life:
 * - when it dies, the jobs it had started fail with `WorkerDied`, the ones
 *   it had not started go back to the pool, and a new worker is started
 *   for the next job (lazily, so a worker that cannot start fails jobs
 *   instead of restarting in a loop); `restarts` counts these;
 * - after `maxTasks` jobs, or once its heap is over `heapLimitMb`, it is
 *   *retired*: it gets no more jobs, finishes what it holds and exits,
 *   while the next job starts a fresh worker;
 * - a cancelled job still running after `cancelGrace` seconds ends it.
 *
 * @module
 */
import {
  describeError,
  describeValue,
  requireBoolean,
  requireFunction,
  requireOptions,
} from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { log } from "../defer/log.ts";
import type { IReactorTime } from "../reactor/interfaces.ts";
import type { Job } from "./_job.ts";
import { Quit } from "./_quit.ts";
import { type After, realTime, timersOf } from "./_timers.ts";
import {
  atomicWake,
  type ThreadPermissions,
  workerSupported,
} from "./_transport/host_worker.ts";
import { type LinkOwner, WorkerLink } from "./_transport/link.ts";
import { WorkerDied } from "./errors.ts";
import type { CallFromThread, IWorker, Work } from "./interfaces.ts";
import type { ThreadTask } from "./thread_task.ts";

/**
 * The worker entry module, next to this file: by URL, so it resolves from a
 * local checkout, a JSR import (an https URL on Deno) or an installed
 * package. JSR's npm build ships transpiled `.js` files, so when this
 * module is `.js` the entry is too.
 */
const ENTRY = import.meta.url.endsWith(".js")
  ? new URL("./_transport/entry.js", import.meta.url)
  : new URL("./_transport/entry.ts", import.meta.url);

let defaultEntry: URL = ENTRY;

/**
 * Never called (the entry runs only in a worker: importing it here would
 * connect this thread as one). It makes the entry a dependency of this
 * module for tools that follow imports: JSR's npm build converts to `.js`
 * only the modules the package's exports reach, and without this edge the
 * entry, reached by URL alone, would be left out — a pool installed from
 * npm could start no worker.
 */
// deno-lint-ignore no-unused-vars
const entryInModuleGraph = (): Promise<unknown> =>
  import("./_transport/entry.ts");

/**
 * Tells every thread made from now on (the reactor's pool's too) where the
 * worker entry module is, when it is not next to this file: in a
 * single-file executable, where a bundler has moved the library. With
 * `bun build --compile`, add the entry (and your task modules) to the
 * build's entry points, then name it here by the same path (`bunx jsr add`
 * installs the package in `node_modules/@twisted-ts/core`):
 *
 * ```sh
 * bun build --compile ./app.ts ./tasks.ts \
 *   ./node_modules/@twisted-ts/core/threads/_transport/entry.js \
 *   --outfile app
 * ```
 *
 * Returns the entry in use before.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { setWorkerEntry } from "@twisted-ts/core/threads";
 * const before = setWorkerEntry(
 *   new URL(
 *     "./node_modules/@twisted-ts/core/threads/_transport/entry.js",
 *     "file:///$bunfs/root/app",
 *   ),
 * );
 * assert.ok(before instanceof URL);
 * setWorkerEntry(before); // as it was
 * ```
 */
export function setWorkerEntry(entry: URL | string): URL {
  let url: URL;
  if (entry instanceof URL) url = entry;
  else if (typeof entry === "string" && URL.canParse(entry)) {
    url = new URL(entry);
  } else {
    throw new TypeError(
      `setWorkerEntry: entry must be an absolute URL, got ${
        describeValue(entry)
      }`,
    );
  }
  const before = defaultEntry;
  defaultEntry = url;
  return before;
}

/** Deno's permission kinds, as a worker's `deno.permissions` takes them. */
const PERMISSION_KINDS = [
  "read",
  "write",
  "net",
  "env",
  "run",
  "ffi",
  "sys",
  "import",
];

/**
 * @internal Throws a `TypeError` naming `what` unless `value` is a
 * {@linkcode ThreadPermissions}: a worker given something else would run
 * with every permission (`null`) or fail to start (anything else).
 */
export function requirePermissions(what: string, value: unknown): void {
  if (value === "inherit" || value === "none") return;
  const wanted = `"inherit", "none", or an object of ${
    PERMISSION_KINDS.join("/")
  }`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${what} must be ${wanted}, got ${describeValue(value)}`,
    );
  }
  for (const [kind, grant] of Object.entries(value)) {
    if (!PERMISSION_KINDS.includes(kind)) {
      throw new TypeError(
        `${what}: unknown permission ${JSON.stringify(kind)}; known: ${
          PERMISSION_KINDS.join(", ")
        }`,
      );
    }
    const ok = grant === undefined || typeof grant === "boolean" ||
      grant === "inherit" ||
      (Array.isArray(grant) &&
        grant.every((g) => typeof g === "string" || g instanceof URL));
    if (!ok) {
      throw new TypeError(
        `${what}.${kind} must be true, false, "inherit" or an array of strings or URLs, got ${
          describeValue(grant)
        }`,
      );
    }
  }
}

/**
 * Options for a {@linkcode ThreadWorker}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ThreadWorker, type ThreadWorkerOptions } from "@twisted-ts/core/threads";
 * const options: ThreadWorkerOptions = { name: "solo", inProcess: true };
 * const thread = new ThreadWorker(options);
 * thread.quit();
 * assert.equal(thread.name, "solo");
 * ```
 */
export interface ThreadWorkerOptions {
  /** The thread's name (the worker's `name`), used in errors. */
  name?: string;
  /**
   * Deno permissions for the worker (`"none"`, `"inherit"`, or per kind);
   * see {@linkcode ThreadPoolOptions.permissions}. Not enforced on Bun.
   */
  permissions?: ThreadPermissions;
  /**
   * Where calls of `mainThreadTasks` made from the worker run (function
   * proxies use their own task's reactor). Default: run at once.
   */
  reactor?: CallFromThread;
  /** Run tasks on the main thread instead of a worker. */
  inProcess?: boolean;
  /**
   * The worker entry module (default: this package's `_transport/entry.ts`,
   * or what {@linkcode setWorkerEntry} set).
   */
  entry?: URL;
  /**
   * Seconds a cancelled task may go on running before its worker is ended
   * (and replaced). Default 5; `Infinity` never ends one (Twisted's way).
   */
  cancelGrace?: number;
  /** Tasks a worker runs before it is replaced by a fresh one. Default: no limit. */
  maxTasks?: number;
  /**
   * A worker whose JavaScript heap is over this many MiB after a task is
   * replaced by a fresh one (and on Node, where the host can, twice this is
   * its hard limit). Default: no limit.
   */
  heapLimitMb?: number;
  /**
   * Tasks a worker may run on the main thread with `blockingCallFromThread`
   * (besides the function proxies its task was given). Default: none.
   */
  mainThreadTasks?: readonly ThreadTask[];
  /** Where the grace period is timed. Default: the host's timers. */
  clock?: IReactorTime;
  /**
   * Microseconds to spin for the outcomes of ring tasks just sent (the
   * main thread) and for more tasks (the worker): see
   * {@linkcode ThreadPoolOptions.spinMicros}. Default 0.
   */
  spinMicros?: number;
  /**
   * Whether tasks that fit go through a shared-memory ring (default
   * `true`); `false` sends everything by message. See
   * {@linkcode ThreadPoolOptions.sharedMemory}.
   */
  sharedMemory?: boolean;
}

const immediately: CallFromThread = {
  callFromThread(fn, ...args) {
    fn(...args);
  },
};

/**
 * One thread of a pool: a worker (started at construction, replaced when
 * it dies or is retired) and the FIFO of work sent to it; Twisted's
 * `ThreadWorker`. Implements `IWorker`; in a pool the `Team` reaches it
 * through lanes (see {@linkcode pool}).
 *
 * @example Running work on a thread by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { ThreadWorker } from "@twisted-ts/core/threads";
 * const thread = new ThreadWorker({ name: "solo", inProcess: true });
 * let ranOn: unknown;
 * thread.do((performer) => { ranOn = performer; });
 * thread.quit();
 * await thread.joined();
 * assert.equal(ranOn, thread);
 * assert.equal(thread.alive, false);
 * ```
 */
export class ThreadWorker implements IWorker {
  /** The thread's name. */
  readonly name: string;
  /** Whether tasks run on the main thread rather than in a worker. */
  readonly inProcess: boolean;
  /** Where calls of `mainThreadTasks` from the worker run. */
  readonly reactor: CallFromThread;
  /**
   * @internal the pool's hook: jobs whose worker ended before starting
   * them (without it, they fail with `WorkerDied`)
   */
  _requeue: ((jobs: Job[]) => void) | null = null;
  /**
   * @internal the lane pool's hook: tasks left this thread (finished,
   * failed or given back), once per turn in which some did
   */
  _tasksLeft: (() => void) | null = null;
  readonly #permissions: ThreadPermissions | undefined;
  readonly #entry: URL;
  readonly #quit = new Quit("ThreadWorker");
  readonly #maxTasks: number;
  readonly #heapLimit: number;
  readonly #spinMicros: number;
  readonly #sharedMemory: boolean;
  /** How its workers and this thread wake each other (see `host_worker.ts`). */
  readonly #atomicWake = atomicWake();
  readonly #owner: LinkOwner;
  #link: WorkerLink | null = null;
  /** Retired or quitting links still finishing their jobs. */
  readonly #retiring = new Set<WorkerLink>();
  #restarts = 0;
  /** Busy time of the workers that have ended (ms). */
  #busyOfEnded = 0;
  /** Jobs finished by the workers that have ended. */
  #finishedOfEnded = 0;
  /** The current worker ended abnormally: the next one is a restart. */
  #replacing = false;
  #fifo: Array<Work | undefined> = [];
  #head = 0;
  #draining = false;
  #ended = false;
  #joinWaiters: Deferred<void>[] = [];

  /** Creates the thread and starts its worker (unless in-process). */
  constructor(options: ThreadWorkerOptions = {}) {
    requireOptions("ThreadWorker: options", options, [
      "name",
      "permissions",
      "reactor",
      "inProcess",
      "entry",
      "cancelGrace",
      "maxTasks",
      "heapLimitMb",
      "mainThreadTasks",
      "clock",
      "spinMicros",
      "sharedMemory",
    ]);
    const {
      name = "ThreadWorker",
      permissions,
      reactor = immediately,
      inProcess = !workerSupported,
      entry = defaultEntry,
      cancelGrace = 5,
      maxTasks = Infinity,
      heapLimitMb = 0,
      mainThreadTasks = [],
      clock,
      spinMicros = 0,
      sharedMemory = true,
    } = options;
    requireSecondsOrInfinity("ThreadWorker: cancelGrace", cancelGrace);
    requireSpin("ThreadWorker: spinMicros", spinMicros);
    requireBoolean("ThreadWorker: sharedMemory", sharedMemory);
    requireBoolean("ThreadWorker: inProcess", inProcess);
    if (permissions !== undefined) {
      requirePermissions("ThreadWorker: permissions", permissions);
    }
    requireCountOrInfinity("ThreadWorker: maxTasks", maxTasks, 1);
    requireCountOrInfinity("ThreadWorker: heapLimitMb", heapLimitMb, 0);
    this.name = String(name);
    this.inProcess = inProcess;
    this.reactor = reactor;
    this.#permissions = permissions;
    this.#entry = entry;
    this.#maxTasks = maxTasks;
    this.#heapLimit = heapLimitMb < Infinity ? heapLimitMb * 2 ** 20 : 0;
    this.#spinMicros = spinMicros;
    this.#sharedMemory = sharedMemory;
    const tasks = new Map(mainThreadTasks.map((t) => [t.key, t]));
    const after: After = clock === undefined ? realTime : timersOf(clock);
    this.#owner = {
      name: this.name,
      reactor,
      cancelGrace,
      after,
      mainThreadTask: (url, exportName) => tasks.get(`${url}#${exportName}`),
      linkEnded: (link, clean) => this.#linkEnded(link, clean),
      requeue: (jobs, what) => this.#requeue(jobs, what),
      retire: (link) => this.#retire(link),
      tasksLeft: () => this._tasksLeft?.(),
    };
    if (!inProcess) {
      try {
        this.#startLink();
      } catch {
        // e.g. Bun throws here for a missing entry file; the first task
        // tries again and fails with the error
      }
    }
  }

  /** How many times its worker was replaced after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Whether the thread has not ended yet. */
  get alive(): boolean {
    return !this.#ended;
  }

  /** Whether it still accepts work (it has not quit). */
  get accepting(): boolean {
    return !this.#quit.isSet;
  }

  /**
   * @internal the pool's metrics: milliseconds its workers have had tasks
   * in flight, over the thread's life
   */
  _busyTime(): number {
    let t = this.#busyOfEnded + (this.#link?.busyTime() ?? 0);
    for (const link of this.#retiring) t += link.busyTime();
    return t;
  }

  /**
   * @internal the lane pool's adaptive depth: jobs its workers have
   * finished (or given back), over the thread's life
   */
  _finished(): number {
    let n = this.#finishedOfEnded + (this.#link?.finished ?? 0);
    for (const link of this.#retiring) n += link.finished;
    return n;
  }

  /** Tasks sent to its workers and not yet reported. */
  get inFlight(): number {
    let n = this.#link?.size ?? 0;
    for (const link of this.#retiring) n += link.size;
    return n;
  }

  /**
   * Runs `work(this)` on the main thread: now, or after the work item in
   * progress (FIFO). Its return value is not awaited here — a `Team`
   * tracks each lane's work. Throws `AlreadyQuit` after
   * {@linkcode ThreadWorker.quit}.
   */
  do(work: Work): void {
    this.#quit.check("ThreadWorker.do");
    requireFunction("ThreadWorker.do: work", work);
    if (this.#draining) {
      this.#fifo.push(work);
      return;
    }
    this.#draining = true;
    try {
      this.#perform(work);
      // work handed over while that ran, in order (rare: re-entrant calls)
      while (this.#head < this.#fifo.length) {
        const item = this.#fifo[this.#head]!;
        this.#fifo[this.#head++] = undefined;
        this.#perform(item);
      }
    } finally {
      if (this.#head > 0) {
        this.#fifo = [];
        this.#head = 0;
      }
      this.#draining = false;
    }
  }

  #perform(work: Work): void {
    try {
      work(this);
    } catch (e) {
      log.err(e, `thread ${this.name}: work raised an exception`);
    }
  }

  /**
   * Stops accepting work; its workers finish what they hold, then exit.
   * Throws `AlreadyQuit` if called twice.
   */
  quit(): void {
    this.#quit.set("ThreadWorker.quit");
    const link = this.#link;
    if (link !== null && !link.ended) {
      this.#link = null;
      this.#retiring.add(link);
    }
    for (const l of this.#retiring) l.quit();
    if (this.#retiring.size === 0) this.#finish();
  }

  /** A Deferred that fires once the thread has ended. */
  joined(): Deferred<void> {
    const d = new Deferred<void>();
    if (this.#ended) d.callback(undefined);
    else this.#joinWaiters.push(d);
    return d;
  }

  /**
   * @internal the pool's: sends `job` to the worker, starting a new one if
   * there is none (the last died or was retired)
   */
  _send(job: Job): void {
    let link = this.#link;
    if (link === null || link.ended) {
      // (a link that ended while its jobs were being failed is still here)
      if (link !== null && !link.endedCleanly) this.#replacing = true;
      try {
        link = this.#startLink();
      } catch (e) {
        job.finish(
          false,
          new WorkerDied(
            `task ${job.task.key} failed: the worker of thread ${this.name} could not be started (${
              describeError(e)
            })`,
            { cause: e },
          ),
        );
        return;
      }
    }
    link.submit(job);
    if (link.sent >= this.#maxTasks) this.#retire(link);
  }

  /**
   * @internal the pool's: ends its workers now; their started jobs fail
   * with `WorkerDied` naming `reason`, the others go back to the pool
   */
  _kill(reason: string): void {
    const links = [...this.#retiring];
    if (this.#link !== null) links.push(this.#link);
    for (const link of links) link.kill(reason);
  }

  /** `<ThreadWorker name>`. */
  toString(): string {
    return `<ThreadWorker ${this.name}>`;
  }

  #startLink(): WorkerLink {
    if (this.#replacing) this.#restarts++;
    this.#replacing = false;
    const link = new WorkerLink(this.#owner, {
      entry: this.#entry,
      permissions: this.#permissions,
      heapLimit: this.#heapLimit,
      spinMicros: this.#spinMicros,
      ring: this.#sharedMemory,
      atomicWake: this.#atomicWake,
    });
    this.#link = link;
    return link;
  }

  /** Sends `link` no more jobs; it finishes what it holds and exits. */
  #retire(link: WorkerLink): void {
    if (link !== this.#link || link.ended) return;
    this.#link = null;
    this.#retiring.add(link);
    link.quit();
  }

  #linkEnded(link: WorkerLink, clean: boolean): void {
    this.#busyOfEnded += link.busyTime();
    this.#finishedOfEnded += link.finished;
    this.#retiring.delete(link);
    if (link === this.#link) {
      this.#link = null;
      // the next job starts a new worker: a replacement, unless it left cleanly
      this.#replacing = !clean;
    }
    if (this.#quit.isSet && this.#link === null && this.#retiring.size === 0) {
      this.#finish();
    }
    // its jobs are gone: the lane pool may send parked ones
    if (this._tasksLeft !== null) queueMicrotask(this._tasksLeft);
  }

  #requeue(jobs: Job[], what: string): void {
    const requeue = this._requeue;
    if (requeue !== null) {
      requeue(jobs);
      return;
    }
    for (const job of jobs) {
      job.finish(
        false,
        new WorkerDied(
          `task ${job.task.key} failed: the worker of thread ${this.name} ${what} before starting it`,
        ),
      );
    }
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiters = this.#joinWaiters;
    this.#joinWaiters = [];
    for (const d of waiters) d.callback(undefined);
  }
}

function requireSecondsOrInfinity(what: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0)) {
    const E = typeof value === "number" ? RangeError : TypeError;
    throw new E(
      `${what} must be a number >= 0 (seconds) or Infinity, got ${
        describeValue(value)
      }`,
    );
  }
}

/** The most `spinMicros` accepted: 10 ms of spinning per wait. */
const MAX_SPIN_MICROS = 10_000;

/** @internal `spinMicros`: a number of microseconds from 0 to `MAX_SPIN_MICROS` */
export function requireSpin(what: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_SPIN_MICROS)) {
    const E = typeof value === "number" ? RangeError : TypeError;
    throw new E(
      `${what} must be a number of microseconds from 0 to ${MAX_SPIN_MICROS}, got ${
        describeValue(value)
      }`,
    );
  }
}

function requireCountOrInfinity(
  what: string,
  value: unknown,
  least: number,
): void {
  if (
    typeof value !== "number" ||
    !(value === Infinity || (Number.isInteger(value) && value >= least))
  ) {
    const E = typeof value === "number" ? RangeError : TypeError;
    throw new E(
      `${what} must be an integer >= ${least} or Infinity, got ${
        describeValue(value)
      }`,
    );
  }
}
