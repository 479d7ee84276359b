/**
 * A `Job`: one submitted task on the main thread, from `callInThread…` until
 * its outcome is reported. It is also the thenable the pool's work returns
 * to the `Team`, so the Team keeps the lane busy until the job is done.
 *
 * States: queued (in the Team's backlog) → started (handed to a thread, or
 * running in-process) → done. Cancelling a queued job makes it done at
 * once: the Team skips it when it gets there. Cancelling a started job
 * asks the thread to skip it (if it has not begun) or to abort its signal
 * (and, past a grace period, to end its worker); it is done when the
 * thread reports. A job whose worker ended before starting it goes back
 * to queued (`requeue`), keeping its Deferred.
 *
 * Two steps end a job: *reporting* its outcome to whoever waits for it
 * (once: a timeout reports early, and the real outcome is then dropped),
 * and *finishing* (done: the Team's lane is free again).
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import { CancelledError } from "../defer/errors.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { context, type ContextDict } from "./context.ts";
import { deliverOutcome } from "./_transport/deliver.ts";
import { settlesOnce } from "./_settle.ts";
import type { CallFromThread, OnResult } from "./interfaces.ts";
import type { MetricsRecorder, Timed } from "./pool_metrics.ts";
import type { ThreadTask } from "./thread_task.ts";

/** Something a started job can be cancelled through. */
export interface JobRunner {
  /** Stops `job` from starting, or aborts it if it runs. */
  cancelJob(job: Job): void;
}

const NO_ARGS = Object.freeze([]) as unknown as unknown[];

/** Job states. */
export const QUEUED = 0, STARTED = 1, DONE = 2;

// `Job.#flags` bits
const CANCELLED = 1, TIMED_OUT = 2, REPORTED = 4;

/**
 * What only some jobs need, kept off the job itself so that the common one
 * (no timeout, no function arguments, no metrics) stays small: a pool
 * holds every accepted job at once when work is submitted faster than it
 * runs, so each field costs memory and collection time per task.
 */
class JobExtras implements Timed {
  /** Tokens of this job's function proxies on its thread. */
  tokens: number[] | null = null;
  /** Cancels the job's timeout, while one is armed. */
  disarm: (() => void) | null = null;
  /** For the recorder: see `pool_metrics.ts`. */
  traceId = 0;
  /** For the recorder: `performance.now()` at submission. */
  submittedAt = 0;
  /** For the recorder: `performance.now()` when a thread took it. */
  startedAt = 0;
}

/** One submitted task, on the main thread. */
export class Job {
  state: number = QUEUED;
  /** The thread's id for this job (set when it is sent). */
  id = 0;
  /** Who runs it once started. */
  runner: JobRunner | null = null;
  /** Neighbours in the pool's {@linkcode WaitingJobs}, while queued there. */
  prev: Job | null = null;
  /** Neighbours in the pool's {@linkcode WaitingJobs}, while queued there. */
  next: Job | null = null;
  /** The list of waiting jobs this one is in, while queued. */
  waitingIn: WaitingJobs | null = null;
  /**
   * The Deferred `deferToThreadPool` returned (instead of an `onResult`):
   * fired through `reactor` with the outcome, unless the job was cancelled.
   */
  deferred: Deferred<unknown> | null = null;
  /** The pool's metrics, told how the job ends. */
  recorder: MetricsRecorder | null = null;
  #flags = 0;
  #extras: JobExtras | null = null;
  #ok: (() => void) | undefined = undefined;

  constructor(
    public task: ThreadTask,
    public args: unknown[],
    public ctx: ContextDict | null,
    public reactor: CallFromThread,
    public onResult: OnResult | null,
  ) {}

  /** Whether `cancel()` was called (or it timed out). */
  get cancelled(): boolean {
    return (this.#flags & CANCELLED) !== 0;
  }

  /** Whether its timeout ran out. */
  get timedOut(): boolean {
    return (this.#flags & TIMED_OUT) !== 0;
  }

  /** What the metrics recorder keeps on the job (made on first use). */
  get timing(): Timed {
    return this.#extras ??= new JobExtras();
  }

  /** Tokens of this job's function proxies on its thread, if any. */
  get tokens(): number[] | null {
    return this.#extras?.tokens ?? null;
  }
  set tokens(tokens: number[] | null) {
    if (tokens === null && this.#extras === null) return;
    (this.#extras ??= new JobExtras()).tokens = tokens;
  }

  /** Cancels the job's timeout, while one is armed. */
  get disarm(): (() => void) | null {
    return this.#extras?.disarm ?? null;
  }
  set disarm(disarm: (() => void) | null) {
    if (disarm === null && this.#extras === null) return;
    (this.#extras ??= new JobExtras()).disarm = disarm;
  }

  /**
   * Reports the outcome (once) and releases the Team's lane: see
   * {@linkcode Job.report}.
   */
  finish(ok: boolean, value: unknown): void {
    if (this.state === DONE) return;
    this.state = DONE;
    const extras = this.#extras;
    if (extras !== null && extras.disarm !== null) {
      extras.disarm();
      extras.disarm = null;
    }
    this.report(ok, value);
    const flags = this.#flags;
    this.recorder?.ended(
      this,
      this.task.key,
      (flags & TIMED_OUT) !== 0
        ? "timedOut"
        : (flags & CANCELLED) !== 0
        ? "cancelled"
        : ok
        ? "completed"
        : "failed",
    );
    this.args = NO_ARGS;
    this.ctx = null;
    this.onResult = null;
    this.deferred = null;
    this.runner = null;
    if (this.waitingIn !== null) this.waitingIn.remove(this);
    const okCb = this.#ok;
    this.#ok = undefined;
    okCb?.();
  }

  /**
   * Hands the outcome to whoever waits for it, the first time only:
   * `onResult(ok, ok ? value : Failure)`, in the submitter's context as
   * Twisted does — or, for a `deferred`, fires it through the reactor
   * (dropped if the Deferred was cancelled) — or logs a failure when there
   * is neither. What `onResult` (or the delivery) throws is logged here,
   * once, whichever way the job went (a thread, in-process, cancelled or
   * refused before it started): nobody else will see it.
   */
  report(ok: boolean, value: unknown): void {
    const flags = this.#flags;
    if ((flags & REPORTED) !== 0) return;
    this.#flags = flags | REPORTED;
    const deferred = this.deferred, onResult = this.onResult;
    const ctx = this.ctx;
    if (deferred !== null) {
      if ((flags & CANCELLED) !== 0) return;
      try {
        if (ctx === null) deliverOutcome(this.reactor, deferred, ok, value);
        else {
          context.call(ctx, deliverOutcome, this.reactor, deferred, ok, value);
        }
      } catch (e) {
        // log.err takes any value and never throws
        log.err(
          e,
          `ThreadPool: delivering the outcome of task ${this.task.key} raised:`,
        );
      }
    } else if (onResult !== null) {
      try {
        const result = ok ? value : new Failure(value);
        if (ctx === null) onResult(ok, result);
        else context.call(ctx, onResult, ok, result);
      } catch (e) {
        log.err(e, `ThreadPool: onResult of task ${this.task.key} raised:`);
      }
    } else if (
      !ok && !((flags & CANCELLED) !== 0 && value instanceof CancelledError)
    ) {
      log.err(new Failure(value), `ThreadPool: task ${this.task.key} failed:`);
    }
  }

  /** Cancels: a queued job is done now; a started one is asked to stop. */
  cancel(): void {
    if (this.state === DONE || (this.#flags & CANCELLED) !== 0) return;
    this.#flags |= CANCELLED;
    if (this.state === QUEUED) {
      this.finish(
        false,
        new CancelledError(
          `task ${this.task.key} was cancelled before it started`,
        ),
      );
    } else this.runner?.cancelJob(this);
  }

  /**
   * The job's time is up: reports `error` now, then cancels the job (its
   * late outcome is dropped).
   */
  expire(error: Error): void {
    if (this.#extras !== null) this.#extras.disarm = null;
    if (this.state === DONE) return;
    this.report(false, error);
    this.#flags |= TIMED_OUT | CANCELLED;
    if (this.state === QUEUED) this.finish(false, error);
    else this.runner?.cancelJob(this);
  }

  /**
   * Back to queued, for another worker: its worker ended before starting
   * it. The Team's lane is released (the pool submits the job again).
   * Returns whether it was: a job cancelled or timed out meanwhile is
   * finished instead (it must not start now, on a worker that would not
   * know it was cancelled), and one already done is left alone.
   */
  requeue(): boolean {
    if (this.state === DONE) return false;
    if ((this.#flags & CANCELLED) !== 0) {
      this.finish(
        false,
        new CancelledError(
          `task ${this.task.key} was cancelled before it started`,
        ),
      );
      return false;
    }
    this.state = QUEUED;
    this.id = 0;
    this.runner = null;
    this.tokens = null;
    const okCb = this.#ok;
    this.#ok = undefined;
    okCb?.();
    return true;
  }

  /** The Team may follow it with long-lived callbacks: see `then`. */
  get [settlesOnce](): true {
    return true;
  }

  /**
   * The Team's view: settles when the job is done (or handed back), by
   * calling `onOk` exactly once (a later `then` replaces it). It never
   * rejects: what the job's `onResult` raised is logged by
   * {@linkcode Job.report} itself.
   */
  then(onOk: () => void, _onErr?: (reason: unknown) => void): void {
    if (this.state !== STARTED) {
      // done, or handed back before the Team asked: the lane is free
      onOk();
      return;
    }
    this.#ok = onOk;
  }
}

/**
 * The jobs a pool has accepted and not yet started: an intrusive doubly
 * linked list (O(1) add and remove, no hashing), so the pool can count its
 * backlog and fail what is left if it stops before starting.
 */
export class WaitingJobs {
  #head: Job | null = null;
  #tail: Job | null = null;
  /** How many jobs are waiting. */
  size = 0;

  /** Appends `job`. */
  add(job: Job): void {
    job.waitingIn = this;
    job.prev = this.#tail;
    job.next = null;
    if (this.#tail === null) this.#head = job;
    else this.#tail.next = job;
    this.#tail = job;
    this.size++;
  }

  /** Removes `job` if it is here. */
  remove(job: Job): void {
    if (job.waitingIn !== this) return;
    if (job.prev === null) this.#head = job.next;
    else job.prev.next = job.next;
    if (job.next === null) this.#tail = job.prev;
    else job.next.prev = job.prev;
    job.waitingIn = job.prev = job.next = null;
    this.size--;
  }

  /** Removes and returns every waiting job, oldest first. */
  drain(): Job[] {
    const all: Job[] = [];
    for (let j = this.#head; j !== null; j = j.next) all.push(j);
    for (const j of all) j.waitingIn = j.prev = j.next = null;
    this.#head = this.#tail = null;
    this.size = 0;
    return all;
  }
}
