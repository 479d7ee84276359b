/**
 * `ThreadWorker` — one thread of a pool: a Web Worker and the FIFO of work
 * sent to it (see `lane_pool.ts` for how a pool's Team reaches threads).
 *
 * Running work: `do(work)` runs `work` on the main thread at once (FIFO, and
 * re-entrant calls wait their turn) with this thread as the *running
 * thread*; the pool's work closure looks that up ({@linkcode runningThread})
 * and sends its task here. A work item that does not send a task (under
 * memory workers, or an in-process thread) runs its task in-process.
 *
 * Faults: when the Web Worker dies, the jobs it held fail with `WorkerDied`
 * and a new Worker is started for the next job (lazily, so a worker that
 * cannot start fails jobs instead of restarting in a loop); `restarts`
 * counts them.
 *
 * @module
 */
import { requireFunction } from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { log } from "../defer/log.ts";
import {
  type ThreadPermissions,
  workerSupported,
} from "./_transport/host_worker.ts";
import type { Job } from "./_job.ts";
import type { CallFromThread } from "./interfaces.ts";
import { Quit } from "./_quit.ts";
import { type LinkOwner, WorkerLink } from "./_transport/link.ts";
import type { IWorker, Work } from "./interfaces.ts";
import { WorkerDied } from "./errors.ts";

/**
 * The worker entry module, next to this file: by URL, so it resolves from a
 * local checkout, a JSR import (an https URL on Deno) or an installed
 * package. JSR's npm build ships transpiled `.js` files, so when this
 * module is `.js` the entry is too.
 */
const ENTRY = import.meta.url.endsWith(".js")
  ? new URL("./_transport/entry.js", import.meta.url)
  : new URL("./_transport/entry.ts", import.meta.url);

/**
 * Options for a {@linkcode ThreadWorker}.
 *
 * @example
 * ```ts
 * import { ThreadWorker, type ThreadWorkerOptions } from "@twisted-ts/core/threads";
 * const options: ThreadWorkerOptions = { name: "solo", inProcess: true };
 * const thread = new ThreadWorker(options);
 * thread.quit();
 * if (thread.name !== "solo") throw new Error("unexpected");
 * ```
 */
export interface ThreadWorkerOptions {
  /** The thread's name (the Worker's `name`), used in errors. */
  name?: string;
  /**
   * Deno permissions for the Worker (`"none"`, `"inherit"`, or per kind);
   * see {@linkcode ThreadPoolOptions.permissions}. Not enforced on Bun.
   */
  permissions?: ThreadPermissions;
  /**
   * Where blocking calls of a `ThreadTask` (not of a function proxy, which
   * uses its task's reactor) run. Default: run at once.
   */
  reactor?: CallFromThread;
  /** Run tasks on the main thread instead of a Web Worker. */
  inProcess?: boolean;
  /** The worker entry module (default: this package's `_transport/entry.ts`). */
  entry?: URL;
}

const immediately: CallFromThread = {
  callFromThread(fn, ...args) {
    fn(...args);
  },
};

let running: ThreadWorker | null = null;

/**
 * Sends `job` to `thread`'s Web Worker (starting a new one if the last one
 * died). For the pool's work closure.
 */
export let submitToThread: (thread: ThreadWorker, job: Job) => void;

/**
 * The thread whose work is running right now on the main thread, or `null`
 * (under memory workers, or for an in-process thread).
 */
export function runningThread(): ThreadWorker | null {
  return running;
}

/**
 * One thread of a pool: a Web Worker (started at construction, replaced if
 * it dies) and the FIFO of work sent to it; Twisted's `ThreadWorker`.
 * Implements `IWorker`; in a pool the `Team` reaches it through lanes (see
 * {@linkcode pool}).
 *
 * @example Running work on a thread by hand
 * ```ts
 * import { ThreadWorker } from "@twisted-ts/core/threads";
 * const thread = new ThreadWorker({ name: "solo", inProcess: true });
 * let ran = false;
 * thread.do(() => { ran = true; });
 * thread.quit();
 * await thread.joined();
 * if (!ran || thread.alive) throw new Error("unexpected");
 * ```
 */
export class ThreadWorker implements IWorker {
  /** The thread's name. */
  readonly name: string;
  /** Whether tasks run on the main thread rather than a Web Worker. */
  readonly inProcess: boolean;
  /** Where blocking calls of thread tasks run. */
  readonly reactor: CallFromThread;
  readonly #permissions: ThreadPermissions | undefined;
  readonly #entry: URL;
  readonly #quit = new Quit("ThreadWorker");
  #link: WorkerLink | null = null;
  #restarts = 0;
  #fifo: Array<Work | undefined> = [];
  #head = 0;
  #draining = false;
  #ended = false;
  #joinWaiters: Deferred<void>[] = [];

  /** Creates the thread and starts its Web Worker (unless in-process). */
  constructor(options: ThreadWorkerOptions = {}) {
    const {
      name = "ThreadWorker",
      permissions,
      reactor = immediately,
      inProcess = !workerSupported,
      entry = ENTRY,
    } = options;
    this.name = String(name);
    this.inProcess = inProcess;
    this.reactor = reactor;
    this.#permissions = permissions;
    this.#entry = entry;
    if (!inProcess) {
      try {
        this.#startLink();
      } catch {
        // e.g. Bun throws here for a missing entry file; the first task
        // tries again and fails with the error
      }
    }
  }

  /** How many times its Web Worker was replaced after dying. */
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

  /** Tasks sent to its Web Worker and not yet reported. */
  get inFlight(): number {
    return this.#link?.size ?? 0;
  }

  /**
   * Runs `work` on the main thread with this thread as the running thread:
   * now, or after the work item in progress (FIFO). Its return value is not
   * awaited here — a `Team` tracks each lane's work. Throws `AlreadyQuit`
   * after {@linkcode ThreadWorker.quit}.
   */
  do(work: Work): void {
    this.#quit.check("ThreadWorker.do");
    requireFunction("ThreadWorker.do: work", work);
    if (this.#draining) {
      this.#fifo.push(work);
      return;
    }
    this.#draining = true;
    const previous = running;
    running = this.inProcess ? null : this;
    try {
      this.#perform(work);
      // work handed over while that ran, in order (rare: re-entrant calls)
      while (this.#head < this.#fifo.length) {
        const item = this.#fifo[this.#head]!;
        this.#fifo[this.#head++] = undefined;
        this.#perform(item);
      }
    } finally {
      running = previous;
      if (this.#head > 0) {
        this.#fifo.length = 0;
        this.#head = 0;
      }
      this.#draining = false;
    }
  }

  #perform(work: Work): void {
    try {
      work();
    } catch (e) {
      log.err(e, `thread ${this.name}: work raised an exception`);
    }
  }

  /**
   * Stops accepting work; the Web Worker finishes what it holds, then
   * exits. Throws `AlreadyQuit` if called twice.
   */
  quit(): void {
    this.#quit.set("ThreadWorker.quit");
    if (this.#link !== null && !this.#link.ended) this.#link.quit();
    else this.#finish();
  }

  /** A Deferred that fires once the thread has ended. */
  joined(): Deferred<void> {
    const d = new Deferred<void>();
    if (this.#ended) d.callback(undefined);
    else this.#joinWaiters.push(d);
    return d;
  }

  static {
    submitToThread = (thread, job) => thread.#submit(job);
  }

  /** Sends `job` to the Web Worker, starting a new one if the last died. */
  #submit(job: Job): void {
    let link = this.#link;
    if (link === null || link.ended) {
      try {
        if (link !== null) this.#restarts++;
        link = this.#startLink();
      } catch (e) {
        job.finish(
          false,
          new WorkerDied(
            `task ${job.task.key} failed: the Web Worker of thread ${this.name} could not be started (${
              e instanceof Error ? `${e.name}: ${e.message}` : String(e)
            })`,
            { cause: e },
          ),
        );
        return;
      }
    }
    link.submit(job);
  }

  #linkEnded(link: WorkerLink): void {
    if (link !== this.#link) return;
    if (this.#quit.isSet) this.#finish();
  }

  /** `<ThreadWorker name>`. */
  toString(): string {
    return `<ThreadWorker ${this.name}>`;
  }

  #startLink(): WorkerLink {
    const owner: LinkOwner = {
      name: this.name,
      reactor: this.reactor,
      linkEnded: (link) => this.#linkEnded(link),
    };
    const link = new WorkerLink(this.#entry, owner, this.#permissions);
    this.#link = link;
    return link;
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiters = this.#joinWaiters;
    this.#joinWaiters = [];
    for (const d of waiters) d.callback(undefined);
  }
}
