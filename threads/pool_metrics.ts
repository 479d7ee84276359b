/**
 * What a `ThreadPool` can tell about its work: counts of every outcome,
 * always; and, with the pool's `metrics` option (or a `trace` hook), how
 * long tasks waited for a thread and how long they took, as percentiles,
 * and how busy the threads were.
 *
 * Costs: a counter per task, always; with timing on, two
 * `performance.now()` calls and two histogram entries per task (~100 ns).
 *
 * @module
 */
import { log } from "../defer/log.ts";
import {
  LatencyHistogram,
  type LatencySummary,
} from "../_util/latency_histogram.ts";

/**
 * A snapshot of a pool's work since it was made (or since the last
 * `metrics({ reset: true })`). Durations are in seconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ThreadPool, type PoolMetrics } from "@twisted-ts/core/threads";
 * const pool = new ThreadPool({ inProcess: true, metrics: true });
 * const m: PoolMetrics = pool.metrics();
 * assert.equal(m.submitted, 0);
 * assert.equal(m.queueWait?.count, 0);
 * ```
 */
export interface PoolMetrics {
  /** Tasks accepted. */
  readonly submitted: number;
  /** Tasks that returned a result. */
  readonly completed: number;
  /** Tasks that failed (threw, or their worker died). */
  readonly failed: number;
  /** Tasks cancelled (before they started, or while they ran). */
  readonly cancelled: number;
  /** Tasks whose timeout ran out. */
  readonly timedOut: number;
  /** Tasks refused at once (stopped pool, full backlog). */
  readonly refused: number;
  /** Tasks accepted and not finished. */
  readonly pending: number;
  /** Time from submission to a thread taking the task (timing on), else `null`. */
  readonly queueWait: LatencySummary | null;
  /**
   * Time from a thread taking the task to its outcome on the main thread
   * (timing on), else `null`.
   */
  readonly runTime: LatencySummary | null;
  /**
   * The share of the pool's capacity (`maxthreads` threads) that had a task
   * in flight, over the window the snapshot covers: 0..1.
   */
  readonly utilization: number;
}

/**
 * One traced moment of a task: handed to a thread (`"start"`), or its
 * outcome in (`"end"`). `at` is `performance.now()` (milliseconds).
 *
 * @example Forwarding to the host's performance timeline
 * ```ts
 * import assert from "node:assert/strict";
 * import { deferToThreadPool, ThreadPool, threadTask, type TaskTrace } from "@twisted-ts/core/threads";
 * const now = { callFromThread: (f: (...a: unknown[]) => unknown, ...a: unknown[]) => f(...a) };
 * const starts = new Map<number, number>();
 * const pool = new ThreadPool({
 *   maxthreads: 1,
 *   modules: ["data:"],
 *   reactor: now,
 *   trace: (e: TaskTrace) => {
 *     if (e.type === "start") starts.set(e.id, e.at);
 *     else {
 *       performance.measure(`task ${e.task}`, { start: starts.get(e.id)!, end: e.at });
 *       starts.delete(e.id);
 *     }
 *   },
 * });
 * pool.start();
 * const one = threadTask("data:text/javascript,export const one = () => 1;", "one");
 * await deferToThreadPool(now, pool, one);
 * assert.equal(performance.getEntriesByType("measure").length >= 1, true);
 * performance.clearMeasures(); // the timeline keeps entries until cleared
 * await pool.stop();
 * ```
 */
export interface TaskTrace {
  /** `"start"`: a thread took the task; `"end"`: its outcome is in. */
  readonly type: "start" | "end";
  /** The pool's name. */
  readonly pool: string;
  /** The task (`moduleUrl#exportName`). */
  readonly task: string;
  /** A number for this task, unique in its pool. */
  readonly id: number;
  /** `performance.now()` at the moment. */
  readonly at: number;
  /** On `"end"`: how it ended. */
  readonly outcome?: "completed" | "failed" | "cancelled" | "timedOut";
}

/** What a job carries for the recorder. */
export interface Timed {
  traceId: number;
  submittedAt: number;
  startedAt: number;
}

/** A job, as the recorder sees it: its `timing` is made on first use. */
export interface TimedJob {
  readonly timing: Timed;
}

/** The pool's side: counts, histograms and the trace hook. */
export class MetricsRecorder {
  submitted = 0;
  completed = 0;
  failed = 0;
  cancelled = 0;
  timedOut = 0;
  refused = 0;
  /** Whether tasks are timed (the `metrics` option, or a trace hook). */
  readonly timing: boolean;
  readonly #queueWait = new LatencyHistogram();
  readonly #runTime = new LatencyHistogram();
  readonly #trace: ((event: TaskTrace) => void) | undefined;
  readonly #pool: string;
  #nextId = 0;
  #windowStart = performance.now();
  #busyAtWindowStart = 0;

  constructor(
    pool: string,
    timing: boolean,
    trace: ((event: TaskTrace) => void) | undefined,
  ) {
    this.#pool = pool;
    this.#trace = trace;
    this.timing = timing || trace !== undefined;
  }

  /** A task was accepted. */
  accepted(job: TimedJob): void {
    this.submitted++;
    if (!this.timing) return;
    const timing = job.timing;
    timing.traceId = ++this.#nextId;
    timing.submittedAt = performance.now();
  }

  /** A thread took `job`. */
  started(job: TimedJob, task: string): void {
    const at = performance.now();
    const timing = job.timing;
    timing.startedAt = at;
    this.#queueWait.record((at - timing.submittedAt) / 1000);
    this.#emit({
      type: "start",
      pool: this.#pool,
      task,
      id: timing.traceId,
      at,
    });
  }

  /** `job` ended with `outcome`. */
  ended(
    job: TimedJob,
    task: string,
    outcome: "completed" | "failed" | "cancelled" | "timedOut",
  ): void {
    this[outcome]++;
    if (!this.timing) return;
    const at = performance.now();
    const timing = job.timing;
    if (timing.startedAt > 0) {
      this.#runTime.record((at - timing.startedAt) / 1000);
    }
    this.#emit({
      type: "end",
      pool: this.#pool,
      task,
      id: timing.traceId,
      at,
      outcome,
    });
  }

  #emit(event: TaskTrace): void {
    try {
      this.#trace?.(event);
    } catch (e) {
      // a trace hook must not break the pool, nor its error be lost
      log.err(e, `ThreadPool ${this.#pool}: the trace hook raised:`);
    }
  }

  /** The snapshot; `busy` is the threads' busy time so far (ms). */
  snapshot(busy: number, capacity: number, reset: boolean): PoolMetrics {
    const now = performance.now();
    const window = now - this.#windowStart;
    const used = busy - this.#busyAtWindowStart;
    const finished = this.completed + this.failed + this.cancelled +
      this.timedOut;
    const metrics: PoolMetrics = {
      submitted: this.submitted,
      completed: this.completed,
      failed: this.failed,
      cancelled: this.cancelled,
      timedOut: this.timedOut,
      refused: this.refused,
      pending: this.submitted - finished,
      queueWait: this.timing ? this.#queueWait.summary() : null,
      runTime: this.timing ? this.#runTime.summary() : null,
      utilization: window > 0 && capacity > 0
        ? Math.min(1, used / (window * capacity))
        : 0,
    };
    if (reset) {
      const pending = metrics.pending;
      this.submitted = pending;
      this.completed =
        this.failed =
        this.cancelled =
        this.timedOut =
          0;
      this.refused = 0;
      this.#queueWait.reset();
      this.#runTime.reset();
      this.#windowStart = now;
      this.#busyAtWindowStart = busy;
    }
    return metrics;
  }
}
