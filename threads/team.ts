/**
 * `Team`: a pool of workers that hands each task to an idle worker, creates
 * workers on demand up to whatever limit `createWorker` enforces, and
 * backlogs tasks when it cannot. Twisted's `twisted._threads.Team`, the
 * engine under `ThreadPool`.
 *
 * How and why: all of the team's bookkeeping (idle workers, busy count,
 * backlog, pending shrinks, "quitting") is touched only by work submitted to
 * the *coordinator*, an exclusive worker (a `LockWorker` in the pool, a
 * memory worker in tests). `do`, `grow`, `shrink` and `quit` only check the
 * quit flag and submit coordinator work, so the team is pure and
 * deterministic: it owns no timers, threads or promises of its own, and
 * every step can be taken by hand in a test.
 *
 * A task runs on a worker inside a job that reports the task's exception to
 * `logException` and then asks the coordinator to recycle the worker.
 * Recycling puts the worker back among the idle ones, then in this order:
 * dispatches the oldest backlogged task (even after `quit`, so no accepted
 * task is dropped); or, when quitting, quits every idle worker (and the
 * coordinator once nothing is busy); or applies a pending shrink to it.
 *
 * Thenables (the `IWorker` extension): a task that returns a thenable keeps
 * its worker busy until it settles; the job returns a thenable in turn so
 * the worker itself knows it is busy. A rejection is reported like a throw.
 * A returned `Deferred` is followed synchronously (recycling happens inside
 * its `callback()`); its failure is consumed and reported.
 *
 * Costs: every operation is O(1) amortised (idle workers are a stack, the
 * backlog a queue with a moving head) except `shrink`/`quit`, which are
 * O(workers quit). Each worker gets a *slot* when it is made: the work
 * function handed to it, its recycling step and its settle callbacks are
 * made once there and reused for every task it runs (a worker runs one
 * task at a time), so a task submitted to an idle `LockWorker`
 * coordinator (run at once, no closure) whose job is a thenable that
 * settles once (the thread pool's) costs no allocation in the Team. Differences from Twisted: the most recently idle worker
 * is reused first (Twisted pops an arbitrary one from a set); `logException`
 * receives the `Failure` (Python calls it inside the `except` block); an
 * exception from `createWorker` or from a worker's `do` puts the task back
 * in the backlog before propagating, instead of losing it; an exception
 * from `logException` itself goes to `log.err`.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { Quit } from "./_quit.ts";
import { settle, settlesOnce } from "./_settle.ts";
import type { IWorker, Work } from "./interfaces.ts";
import { LockWorker } from "./lock_worker.ts";

/**
 * A task: `fn(arg, performer)`, or `fn(performer)` for the `Work` given to
 * `do` — `performer` being the worker that runs it.
 */
type TaskFn = (a?: unknown, b?: unknown) => unknown;

/** The `arg` of a task given as plain `Work` (called with no argument). */
const NO_ARG: unique symbol = Symbol("no argument");

/** One worker and what it needs to run a task, made once per worker. */
interface Slot {
  readonly worker: IWorker;
  /** The task handed to the worker and not started yet. */
  fn: TaskFn | undefined;
  arg: unknown;
  /** Whether the running task's once-settling thenable has called back. */
  heard: boolean;
  /** The worker's callback, when it follows the thenable `run` returned. */
  resume: (() => void) | undefined;
  /** The work given to `worker.do`: runs the slot's task. */
  readonly run: Work;
  /** Coordinator work: the task is over; the worker is idle again. */
  readonly recycle: Work;
  /** The task settled (with its failure, if it failed). */
  readonly done: (failure: Failure | undefined) => void;
  readonly onOk: () => void;
  readonly onErr: (reason: unknown) => void;
  /** `run`'s result is the slot itself: busy until the task settles. */
  readonly then: (onOk: () => void) => void;
}

/**
 * A snapshot of a {@linkcode Team}'s activity, as of the last coordinator
 * work performed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LockWorker, type Statistics, Team } from "@twisted-ts/core/threads";
 * const team = new Team(new LockWorker(), () => new LockWorker(), () => {});
 * team.grow(2);
 * const stats: Statistics = team.statistics();
 * assert.deepEqual(stats, {
 *   idleWorkerCount: 2,
 *   busyWorkerCount: 0,
 *   backloggedWorkCount: 0,
 * });
 * team.quit();
 * ```
 */
export interface Statistics {
  /** Workers waiting for a task. */
  readonly idleWorkerCount: number;
  /** Workers running a task (or waiting on the thenable it returned). */
  readonly busyWorkerCount: number;
  /** Tasks accepted by `do` and not yet handed to a worker. */
  readonly backloggedWorkCount: number;
}

/**
 * A pool of workers made by `createWorker` and coordinated by
 * `coordinator`: Twisted's `twisted._threads.Team`.
 *
 * - `coordinator`: an exclusive worker (`LockWorker`, or a memory worker in
 *   tests) that runs the team's bookkeeping, one item at a time.
 * - `createWorker()`: returns a new worker, or `null`/`undefined` when no
 *   more may be made (the tasks then wait in the backlog).
 * - `logException(failure)`: receives the `Failure` of every task that
 *   throws or whose returned thenable rejects (the thread pool passes
 *   `log.err`).
 *
 * @example Stepping a team by hand with memory workers
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryWorker, Team } from "@twisted-ts/core/threads";
 * const [coordinator, coordinate] = createMemoryWorker();
 * const performers: Array<() => boolean> = [];
 * const team = new Team(coordinator, () => {
 *   const [worker, perform] = createMemoryWorker();
 *   performers.push(perform);
 *   return worker;
 * }, (failure) => console.error(failure.getTraceback()));
 *
 * let ran = false;
 * team.do(() => { ran = true; });
 * while (coordinate()); // the coordinator creates a worker, hands it the task
 * assert.equal(team.statistics().busyWorkerCount, 1);
 * performers[0]!(); // the worker runs the task
 * while (coordinate()); // and the coordinator takes the worker back
 * assert.ok(ran);
 * assert.equal(team.statistics().idleWorkerCount, 1);
 * assert.equal(team.statistics().busyWorkerCount, 0);
 * ```
 */
export class Team implements IWorker {
  readonly #quit = new Quit("Team");
  readonly #coordinator: IWorker;
  readonly #createWorker: () => IWorker | null | undefined;
  readonly #logException: (failure: Failure) => void;
  /** The coordinator when it is exactly a `LockWorker` (run at once). */
  readonly #lock: LockWorker | null;
  readonly #coordinateNew = (fn: TaskFn, arg: unknown) =>
    this.#coordinate(fn, arg, false);
  // Touched only by coordinator work:
  #idle: Slot[] = [];
  #busy = 0;
  /** `[fn, arg, fn, arg, …]` from `#backlogHead` on. */
  #backlog: unknown[] = [];
  #backlogHead = 0;
  #shouldQuitCoordinator = false;
  #toShrink = 0;

  /**
   * Creates an empty team: no worker exists until `grow` or `do` asks
   * `createWorker` for one.
   */
  constructor(
    coordinator: IWorker,
    createWorker: () => IWorker | null | undefined,
    logException: (failure: Failure) => void,
  ) {
    requireWorker("Team: coordinator", coordinator);
    requireFunction("Team: createWorker", createWorker);
    requireFunction("Team: logException", logException);
    this.#coordinator = coordinator;
    this.#createWorker = createWorker;
    this.#logException = logException;
    this.#lock = Object.getPrototypeOf(coordinator) === LockWorker.prototype
      ? coordinator as LockWorker
      : null;
  }

  /**
   * The number of idle and busy workers and of backlogged tasks, as of the
   * last coordinator work performed.
   */
  statistics(): Statistics {
    return {
      idleWorkerCount: this.#idle.length,
      busyWorkerCount: this.#busy,
      backloggedWorkCount: (this.#backlog.length - this.#backlogHead) / 2,
    };
  }

  /**
   * Creates up to `n` more workers (stopping when `createWorker` returns
   * `null`); each picks up backlogged work at once. Throws `AlreadyQuit`
   * after {@linkcode quit}.
   */
  grow(n: number): void {
    this.#quit.check("Team.grow");
    requireCount("Team.grow: n", n);
    this.#coordinator.do(() => {
      for (let i = 0; i < n; i++) {
        const slot = this.#newSlot();
        if (slot === undefined) return;
        this.#recycle(slot);
      }
    });
  }

  /**
   * Quits `n` idle workers (default: all workers); when fewer are idle, the
   * rest are quit as they finish their tasks. Throws `AlreadyQuit` after
   * {@linkcode quit}.
   */
  shrink(n?: number | null): void {
    this.#quit.check("Team.shrink");
    if (n !== undefined && n !== null) requireCount("Team.shrink: n", n);
    this.#coordinator.do(() => this.#quitIdlers(n ?? undefined));
  }

  /**
   * Runs `task` on a worker: an idle one, a new one from `createWorker`, or
   * — when neither is available — the first worker to become free. An
   * exception from `task` (or a rejection of the thenable it returns) goes
   * to `logException`. Throws `AlreadyQuit` after {@linkcode quit}.
   */
  do(task: Work): void {
    this.#quit.check("Team.do");
    requireFunction("Team.do: task", task);
    this.#submit(task as TaskFn, NO_ARG);
  }

  /**
   * @internal the thread pool's: `do` of the work `fn(arg, performer)`,
   * without making a closure per task
   */
  _doWith<A>(fn: (arg: A, performer: IWorker) => unknown, arg: A): void {
    this.#quit.check("Team.do");
    this.#submit(fn as TaskFn, arg);
  }

  /** Hands `fn(arg)` to the coordinator: at once if it is an idle lock. */
  #submit(fn: TaskFn, arg: unknown): void {
    const lock = this.#lock;
    if (lock === null || !lock._runNow(this.#coordinateNew, fn, arg)) {
      this.#coordinator.do(() => this.#coordinate(fn, arg, false));
    }
  }

  /**
   * Refuses further work, quits the idle workers now and the busy ones when
   * they finish (backlogged tasks still run first), then quits the
   * coordinator. A second call throws `AlreadyQuit`.
   */
  quit(): void {
    this.#quit.set("Team.quit");
    this.#coordinator.do(() => {
      this.#shouldQuitCoordinator = true;
      this.#quitIdlers(undefined);
    });
  }

  /** Coordinator: a slot for a worker from `createWorker`, or `undefined`. */
  #newSlot(): Slot | undefined {
    const worker = this.#createWorker();
    if (worker === null || worker === undefined) return undefined;
    requireWorker("Team: createWorker()'s result", worker);
    const slot: Slot = {
      worker,
      fn: undefined,
      arg: undefined,
      heard: false,
      resume: undefined,
      run: (performer) => this.#run(slot, performer),
      recycle: () => {
        this.#busy--;
        this.#recycle(slot);
      },
      done: (failure) => {
        if (failure) this.#report(failure);
        try {
          this.#coordinator.do(slot.recycle);
        } catch (e) {
          log.err(e, "Team: could not hand a worker back to its coordinator");
        }
      },
      onOk: () => this.#settled(slot, undefined),
      onErr: (reason) => this.#settled(slot, new Failure(reason)),
      then: (onOk) => {
        if (slot.heard) onOk();
        else slot.resume = onOk;
      },
    };
    return slot;
  }

  /** Coordinator: hand `fn(arg)` to a worker, or backlog it. */
  #coordinate(fn: TaskFn, arg: unknown, fromBacklog: boolean): void {
    let slot: Slot | undefined;
    try {
      slot = this.#idle.pop() ?? this.#newSlot();
    } catch (e) {
      this.#requeue(fn, arg, fromBacklog);
      throw e;
    }
    if (slot === undefined) {
      this.#requeue(fn, arg, fromBacklog);
      return;
    }
    this.#busy++;
    slot.fn = fn;
    slot.arg = arg;
    try {
      slot.worker.do(slot.run);
    } catch (e) {
      // a worker that refuses work is dropped; the task is not
      this.#busy--;
      slot.fn = slot.arg = undefined;
      this.#requeue(fn, arg, fromBacklog);
      throw e;
    }
  }

  /** Coordinator: put `fn(arg)` back at its place in the backlog. */
  #requeue(fn: TaskFn, arg: unknown, fromBacklog: boolean): void {
    const backlog = this.#backlog;
    if (!fromBacklog) backlog.push(fn, arg);
    else if (this.#backlogHead > 0) {
      backlog[--this.#backlogHead] = arg;
      backlog[--this.#backlogHead] = fn;
    } else backlog.unshift(fn, arg);
  }

  /**
   * The work a worker runs for its slot's task: run it, report a failure,
   * hand the worker back once the task has settled. Returns `undefined` if
   * that happened already, else a thenable that settles right after.
   */
  #run(slot: Slot, performer: IWorker): unknown {
    const fn = slot.fn!, arg = slot.arg;
    slot.fn = slot.arg = undefined;
    let result: unknown;
    try {
      result = arg === NO_ARG ? fn(performer) : fn(arg, performer);
    } catch (e) {
      this.#report(new Failure(e));
    }
    if (
      typeof result === "object" && result !== null &&
      (result as { [settlesOnce]?: unknown })[settlesOnce] === true
    ) {
      slot.heard = false;
      slot.resume = undefined;
      (result as PromiseLike<unknown>).then(slot.onOk, slot.onErr);
      return slot.heard ? undefined : slot;
    }
    return settle(result, slot.done);
  }

  /** The slot's once-settling task called back: done, then its worker. */
  #settled(slot: Slot, failure: Failure | undefined): void {
    if (slot.heard) return;
    slot.heard = true;
    const resume = slot.resume;
    slot.resume = undefined;
    try {
      slot.done(failure);
    } finally {
      resume?.();
    }
  }

  /** Reports a task's failure; `logException` failing must not lose it. */
  #report(failure: Failure): void {
    try {
      this.#logException(failure);
    } catch (e) {
      log.err(failure, "Team: a task failed, and logException raised:");
      log.err(e, "Team: logException raised");
    }
  }

  /** Coordinator: the slot's worker is idle again; give it work, or quit it. */
  #recycle(slot: Slot): void {
    this.#idle.push(slot);
    const backlog = this.#backlog;
    if (this.#backlogHead < backlog.length) {
      const head = this.#backlogHead;
      const fn = backlog[head] as TaskFn, arg = backlog[head + 1];
      backlog[head] = backlog[head + 1] = undefined;
      this.#backlogHead = head + 2;
      if (this.#backlogHead === backlog.length) {
        this.#backlog = [];
        this.#backlogHead = 0;
      } else if (
        this.#backlogHead > 2048 && this.#backlogHead * 2 > backlog.length
      ) {
        this.#backlog = backlog.slice(this.#backlogHead);
        this.#backlogHead = 0;
      }
      this.#coordinate(fn, arg, true);
    } else if (this.#shouldQuitCoordinator) {
      this.#quitIdlers(undefined);
    } else if (this.#toShrink > 0) {
      this.#toShrink--;
      this.#idle.pop()!.worker.quit();
    }
  }

  /** Coordinator: quit `n` workers (default all), idle ones now. */
  #quitIdlers(n: number | undefined): void {
    const count = n ?? this.#idle.length + this.#busy;
    for (let i = 0; i < count; i++) {
      const slot = this.#idle.pop();
      if (slot !== undefined) slot.worker.quit();
      else this.#toShrink++;
    }
    if (this.#shouldQuitCoordinator && this.#busy === 0) {
      this.#coordinator.quit();
    }
  }
}

function requireWorker(what: string, value: unknown): void {
  const w = value as Partial<IWorker> | null | undefined;
  if (
    typeof w !== "object" || w === null || typeof w.do !== "function" ||
    typeof w.quit !== "function"
  ) {
    throw new TypeError(
      `${what} must be a worker (an object with do and quit methods), got ${
        describeValue(value)
      }`,
    );
  }
}

function requireCount(what: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(
      `${what} must be an integer >= 0, got ${describeValue(value)}`,
    );
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${what} must be an integer >= 0, got ${describeValue(value)}`,
    );
  }
}
