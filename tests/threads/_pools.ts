/**
 * Test helpers for the thread pool tests: a reactor whose `callFromThread`
 * queue is drained by hand, the fixture tasks, a pool whose Team is made of
 * memory workers (Twisted's `PoolHelper`), and bounded waiting.
 *
 * @module
 */
import type { Deferred } from "../../defer/deferred.ts";
import type { Failure } from "../../defer/failure.ts";
import { setAtomicWake } from "../../threads/_transport/host_worker.ts";
import { loadTask } from "../../threads/_transport/load_task.ts";
import { createMemoryWorker } from "../../threads/memory_worker.ts";
import { Team } from "../../threads/team.ts";
import type { IWorker } from "../../threads/interfaces.ts";
import {
  ThreadPool,
  type ThreadPoolOptions,
} from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import type * as tasks from "./fixtures/tasks.ts";
import type * as faults from "./fixtures/faults.ts";

const TASKS = new URL("./fixtures/tasks.ts", import.meta.url);
const FAULTS = new URL("./fixtures/faults.ts", import.meta.url);

/** The fixture tasks, as thread tasks. */
export const T = {
  add: threadTask<typeof tasks.add>(TASKS, "add"),
  echo: threadTask<typeof tasks.echo>(TASKS, "echo"),
  later: threadTask<typeof tasks.later>(TASKS, "later"),
  raise: threadTask<typeof tasks.raise>(TASKS, "raise"),
  raiseRange: threadTask<typeof tasks.raiseRange>(TASKS, "raiseRange"),
  rejectLater: threadTask<typeof tasks.rejectLater>(TASKS, "rejectLater"),
  throwValue: threadTask<typeof tasks.throwValue>(TASKS, "throwValue"),
  unclonable: threadTask<typeof tasks.unclonable>(TASKS, "unclonable"),
  detachedArray: threadTask<typeof tasks.detachedArray>(
    TASKS,
    "detachedArray",
  ),
  callBack: threadTask<typeof tasks.callBack>(TASKS, "callBack"),
  callMany: threadTask<typeof tasks.callMany>(TASKS, "callMany"),
  callBoth: threadTask<typeof tasks.callBoth>(TASKS, "callBoth"),
  argCount: threadTask<typeof tasks.argCount>(TASKS, "argCount"),
  aSymbol: threadTask<typeof tasks.aSymbol>(TASKS, "aSymbol"),
  contextValue: threadTask<typeof tasks.contextValue>(TASKS, "contextValue"),
  waitForAbort: threadTask<typeof tasks.waitForAbort>(TASKS, "waitForAbort"),
  spin: threadTask<typeof tasks.spin>(TASKS, "spin"),
  blockingCall: threadTask<typeof tasks.blockingCall>(TASKS, "blockingCall"),
  blockingCallTask: threadTask<typeof tasks.blockingCallTask>(
    TASKS,
    "blockingCallTask",
  ),
  blockingCallCatch: threadTask<typeof tasks.blockingCallCatch>(
    TASKS,
    "blockingCallCatch",
  ),
  makeBuffer: threadTask<typeof tasks.makeBuffer>(TASKS, "makeBuffer"),
  measure: threadTask<typeof tasks.measure>(TASKS, "measure"),
  inWorker: threadTask<typeof tasks.inWorker>(TASKS, "inWorker"),
  threadName: threadTask<typeof tasks.threadName>(TASKS, "threadName"),
  count: threadTask<typeof tasks.count>(TASKS, "count"),
  note: threadTask<typeof tasks.note>(TASKS, "note"),
  overlap: threadTask<typeof tasks.overlap>(TASKS, "overlap"),
  notes: threadTask<typeof tasks.notes>(TASKS, "notes"),
  missing: threadTask(TASKS, "noSuchExport"),
  broken: threadTask(
    new URL("./fixtures/broken_module.ts", import.meta.url),
    "anything",
  ),
  die: threadTask<typeof faults.die>(FAULTS, "die"),
  blockingLoop: threadTask<typeof tasks.blockingLoop>(TASKS, "blockingLoop"),
  spinForever: threadTask<typeof faults.spinForever>(FAULTS, "spinForever"),
  retain: threadTask<typeof faults.retain>(FAULTS, "retain"),
  slowSum: threadTask<typeof tasks.slowSum>(TASKS, "slowSum"),
};

/**
 * Loads every fixture task in this realm, so in-process runs call them
 * synchronously (no first-import delay).
 */
export async function preload(): Promise<void> {
  for (const task of Object.values(T)) {
    if (task === T.missing || task === T.broken) continue;
    await loadTask(task.moduleUrl, task.exportName, task.key);
  }
}

/** A reactor stand-in: `callFromThread` queues; `drain()` runs the queue. */
export class FakeReactor {
  readonly queue: Array<() => void> = [];
  callFromThread<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): void {
    this.queue.push(() => fn(...args));
  }
  /** Runs queued calls (and calls they queue) until none is left. */
  drain(): number {
    let n = 0;
    while (this.queue.length > 0) {
      this.queue.shift()!();
      n++;
    }
    return n;
  }
}

/** Twisted's `PoolHelper`: a ThreadPool on a Team of memory workers. */
export class PoolHelper {
  readonly threadpool: ThreadPool;
  readonly workers: Array<[IWorker, () => boolean]> = [];
  readonly #coordinate: () => boolean;

  constructor(options: ThreadPoolOptions) {
    const [coordinator, coordinate] = createMemoryWorker();
    this.#coordinate = coordinate;
    const failures: unknown[] = [];
    this.threadpool = new ThreadPool({
      ...options,
      pool: (currentLimit) => {
        const team: Team = new Team(coordinator, () => {
          const s = team.statistics();
          if (s.busyWorkerCount + s.idleWorkerCount >= currentLimit()) {
            return null;
          }
          const pair = createMemoryWorker();
          this.workers.push(pair);
          return pair[0];
        }, (failure) => failures.push(failure));
        return team;
      },
    });
  }

  /** Runs all pending coordination. */
  performAllCoordination(): void {
    while (this.#coordinate());
  }

  /** Runs one queued item on every worker that has one; true if any ran. */
  performWorkers(): boolean {
    let any = false;
    for (const [, perform] of this.workers) any = perform() || any;
    return any;
  }

  /** Coordinates and works until nothing is left to do. */
  settle(): void {
    do this.performAllCoordination(); while (this.performWorkers());
    this.performAllCoordination();
  }
}

/**
 * Waits until `check()` is true, polling every few milliseconds; fails
 * after `ms` with `what` in the message.
 */
export async function waitFor(
  check: () => boolean,
  what: string,
  ms = 5000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Resolves with `p`'s value, or rejects after `ms` naming `what` (a
 * function is asked at the deadline, to describe the state then).
 */
export function within<T>(
  p: PromiseLike<T>,
  what: string | (() => string),
  ms = 5000,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    Promise.resolve(p),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out after ${ms} ms: ${
                typeof what === "function" ? what() : what
              }`,
            ),
          ),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Lets pending promise callbacks and an event-loop turn run. */
export function turn(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/** A `callFromThread` that runs each call at once: no reactor turn. */
export const now = {
  callFromThread<A extends unknown[]>(fn: (...a: A) => unknown, ...a: A) {
    fn(...a);
  },
};

/**
 * `[true, value]` or `[false, failure]` once `d` fires; rejects after `ms`
 * if it has not.
 */
export function outcome<T>(
  d: Deferred<T>,
  ms = 30000,
): Promise<[boolean, unknown]> {
  return within(
    new Promise((resolve) => {
      d.addCallbacks(
        (v: T) => resolve([true, v]),
        (f: Failure) => resolve([false, f]),
      );
    }),
    "a task's Deferred",
    ms,
  );
}

/** How a pool's threads wake each other for ring records. */
export type Wake = "message" | "atomics";

/**
 * Runs `make()` (which makes threads) with the threads waking each other
 * as `wake` says, whatever this host's default (see `host_worker.ts`).
 */
export function waking<T>(wake: Wake, make: () => T): T {
  setAtomicWake(wake === "atomics");
  try {
    return make();
  } finally {
    setAtomicWake(undefined);
  }
}

/** The ways a pool's threads talk, for suites run over each of them. */
export const TRANSPORTS: readonly {
  ring: boolean;
  wake: Wake;
  label: string;
}[] = [
  {
    ring: true,
    wake: "message",
    label: "shared-memory ring, woken by message",
  },
  { ring: true, wake: "atomics", label: "shared-memory ring, woken by notify" },
  { ring: false, wake: "message", label: "messages only" },
];

/**
 * A started pool of one thread (so every task shares its worker), talking
 * over `transport`, named `<name>-<ring>-<wake>`.
 */
export function oneWorkerPool(
  name: string,
  transport: { ring: boolean; wake: Wake },
): ThreadPool {
  const { ring, wake } = transport;
  const pool = waking(wake, () =>
    new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      name: `${name}-${ring}-${wake}`,
      reactor: now,
      sharedMemory: ring,
    }));
  pool.start();
  return pool;
}
