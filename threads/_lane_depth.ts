/**
 * `LaneDepth`: how many tasks a pool's thread may hold at once (its lanes,
 * see `lane_pool.ts`), adapted to how long the tasks take.
 *
 * How and why: a thread holding `d` tasks answers them about one round
 * trip later, so `d` tasks per round trip is its throughput (Little's
 * law). With tiny tasks the round trip is all message latency (50–250 µs
 * on a loaded machine) and 16 tasks per round trip leaves the worker idle
 * most of the time; with long tasks every task held beyond the first waits
 * on that thread even when another thread is free, and cancelling it costs
 * a message. So the depth follows the tasks:
 * - Every so often the pool reports its threads' busy time (wall time with
 *   tasks in flight) and how many tasks they finished. Busy time per task
 *   is the thread's own cost plus its share of the round trip's latency —
 *   an upper bound on the real cost that shrinks as the depth grows.
 * - The depth becomes `budgetMs / (busy per task)`, kept between the
 *   pool's `concurrency` (the floor) and its `maxConcurrency`: a thread
 *   holds about `budgetMs` of work. With tiny tasks it settles where one
 *   round trip takes about `budgetMs`; with tasks of a millisecond or
 *   more it stays at the floor.
 * - It moves by at most a factor of two per sample, and falls only when
 *   the fit is under half the current depth, so a noisy sample does not
 *   make lanes come and go (the round trip grows with the depth, so a
 *   jump straight to the fit overshoots and oscillates).
 *
 * Pure arithmetic, no clock of its own: tests feed it samples by hand.
 *
 * @module
 */

/** Work a thread may hold, in milliseconds, when its depth adapts. */
export const DEPTH_BUDGET_MS = 1;

/** Finished tasks a sample needs before it moves the depth. */
export const MIN_SAMPLE_TASKS = 32;

/**
 * Busy milliseconds a sample needs: shorter samples are mostly the noise
 * of when within a round trip they were taken.
 */
export const MIN_SAMPLE_MS = 4;

/** A thread depth that adapts to the busy time per finished task. */
export class LaneDepth {
  /** The depth now: tasks a thread may hold. */
  current: number;
  readonly #floor: number;
  readonly #ceiling: number;
  readonly #budgetMs: number;
  #busyAtMark = 0;
  #doneAtMark = 0;

  /** Starts at `floor`; never goes above `ceiling`. */
  constructor(floor: number, ceiling: number, budgetMs = DEPTH_BUDGET_MS) {
    this.#floor = floor;
    this.#ceiling = Math.max(floor, ceiling);
    this.#budgetMs = budgetMs;
    this.current = floor;
  }

  /** Whether the depth can change at all (`ceiling` above `floor`). */
  get adapts(): boolean {
    return this.#ceiling > this.#floor;
  }

  /**
   * Takes the threads' running totals — busy milliseconds and finished
   * tasks — and returns the new depth (or the same one). Totals that went
   * back (a thread ended and left the sums) only restart the sample.
   */
  sample(busyMs: number, done: number): number {
    const busy = busyMs - this.#busyAtMark;
    const finished = done - this.#doneAtMark;
    if (busy < 0 || finished < 0) {
      this.#busyAtMark = busyMs;
      this.#doneAtMark = done;
      return this.current;
    }
    if (finished < MIN_SAMPLE_TASKS || busy < MIN_SAMPLE_MS) {
      return this.current;
    }
    this.#busyAtMark = busyMs;
    this.#doneAtMark = done;
    const fit = Math.floor(this.#budgetMs * finished / busy);
    const current = this.current;
    let next = current;
    if (fit > current) next = Math.min(fit, current * 2);
    else if (fit * 2 < current) next = Math.max(fit, Math.ceil(current / 2));
    this.current = Math.min(this.#ceiling, Math.max(this.#floor, next));
    return this.current;
  }
}
