/**
 * What a `Reactor` can tell about its loop: passes run, timed calls and
 * `callFromThread` calls handled, calls that raised, and what is waiting
 * now, always; and, with the reactor's `metrics` option (or a `trace`
 * hook), how late timed calls ran against their time and how long passes
 * took, as percentiles, and how busy the loop was.
 *
 * Costs. Always: a counter update per pass and per call run (a call is
 * counted as it starts, so a snapshot taken inside a call includes the
 * pass it runs in) — within noise on `bench/reactor_bench.ts`'s
 * "runUntilCurrent" groups. With timing on: two `performance.now()` calls
 * per pass and one histogram entry per timed call run, 1–7% on a pass of
 * 10k calls (see `Reactor`'s `metrics` option), which is why it is
 * opt-in.
 *
 * Lateness is measured in the reactor's time (its `seconds()`): a call due
 * at `t` that runs in a pass whose clock reading is `now` was `now - t`
 * late. Every call of a pass shares that reading, so a call that waits
 * behind slow calls in the same pass is later than it says by the time
 * they took: the pass time shows that part.
 *
 * @module
 */
import {
  LatencyHistogram,
  type LatencySummary,
} from "../_util/latency_histogram.ts";
import { log } from "../defer/log.ts";

/**
 * A snapshot of a reactor's loop since it was made (or since the last
 * `metrics({ reset: true })`). Durations are in seconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type ReactorMetrics } from "@twisted-ts/core/reactor";
 * let now = 0;
 * const r = new Reactor({ seconds: () => now, metrics: true, installSignalHandlers: false });
 * r.callLater(1, () => {});
 * now = 1.5;
 * r.runUntilCurrent();
 * const m: ReactorMetrics = r.metrics();
 * assert.equal(m.callsRun, 1);
 * assert.equal(m.lateness?.max, 0.5);
 * ```
 */
export interface ReactorMetrics {
  /** Passes of the loop run (`runUntilCurrent` calls). */
  readonly passes: number;
  /** Timed calls (`callLater`) run. */
  readonly callsRun: number;
  /** `callFromThread` calls run. */
  readonly threadCallsRun: number;
  /** Timed and `callFromThread` calls that raised (each went to `log.err`). */
  readonly errors: number;
  /** Timed calls scheduled and not yet run or cancelled, now. */
  readonly delayedCalls: number;
  /** `callFromThread` calls waiting for the next pass, now. */
  readonly threadCallsQueued: number;
  /**
   * How late timed calls ran after their time, in the reactor's seconds
   * (timing on), else `null`.
   */
  readonly lateness: LatencySummary | null;
  /** How long each pass took, in real seconds (timing on), else `null`. */
  readonly passTime: LatencySummary | null;
  /**
   * The share of real time spent in passes since timing was turned on (or
   * the last reset): 0..1 (timing on), else `null`. Work the host runs
   * outside the reactor's passes (a `Deno.serve` handler, say) is not in
   * it.
   */
  readonly utilization: number | null;
}

/**
 * One traced moment of the reactor's loop: a pass begins (`"start"`) or
 * ends (`"end"`, with how many calls it ran). `at` is `performance.now()`
 * (milliseconds), so a pass forwards to the host's timeline as
 * `performance.measure(name, { start, end })` (Deno and Bun both take that
 * form).
 *
 * @example Forwarding each pass to the host's performance timeline
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type PassTrace } from "@twisted-ts/core/reactor";
 * let started = 0;
 * const r = new Reactor({
 *   installSignalHandlers: false,
 *   trace: (e: PassTrace) => {
 *     if (e.type === "start") started = e.at;
 *     else if (e.calls > 0) {
 *       performance.measure(`reactor pass ${e.pass}`, { start: started, end: e.at });
 *     }
 *   },
 * });
 * r.callLater(0, () => r.stop());
 * await r.run();
 * assert.ok(performance.getEntriesByType("measure").length >= 1);
 * performance.clearMeasures(); // the timeline keeps entries until cleared
 * ```
 */
export type PassTrace =
  | {
    /** A pass begins. */
    readonly type: "start";
    /** A number for this pass, unique in its reactor, counting from 1. */
    readonly pass: number;
    /** `performance.now()` at the moment. */
    readonly at: number;
  }
  | {
    /** The pass ended. */
    readonly type: "end";
    /** The number its `"start"` had. */
    readonly pass: number;
    /** `performance.now()` at the moment. */
    readonly at: number;
    /** Timed calls it ran. */
    readonly calls: number;
    /** `callFromThread` calls it ran. */
    readonly threadCalls: number;
  };

/** What `Reactor` asks for its figures (see `Reactor.metrics`). */
export interface MetricsSource {
  /** Timed calls pending now. */
  delayedCalls(): number;
  /** `callFromThread` calls queued now. */
  threadCallsQueued(): number;
}

/** @internal A timed pass as it began: its number, time and counts. */
export interface PassStart {
  readonly pass: number;
  readonly at: number;
  readonly callsRun: number;
  readonly threadCallsRun: number;
}

/**
 * @internal The reactor's side: counters, histograms and the trace hook.
 * Only `reactor.ts` uses it; the counters are plain fields it updates.
 * They only grow (a snapshot subtracts their values at the last reset),
 * so a pass's own counts are differences, even across a reset made
 * during the pass.
 */
export class LoopRecorder {
  passes = 0;
  callsRun = 0;
  threadCallsRun = 0;
  errors = 0;
  /** Whether passes are timed (the `metrics` option, or a trace hook). */
  timing = false;
  /** Lateness of timed calls (recorded by the pass, when timing). */
  readonly lateness: LatencyHistogram = new LatencyHistogram();
  readonly #passTime = new LatencyHistogram();
  #metrics = false;
  #trace: ((event: PassTrace) => void) | undefined = undefined;
  #nextPass = 0;
  #windowStart = 0;
  #busy = 0;
  /** The counters at the last reset. */
  #base = { passes: 0, callsRun: 0, threadCallsRun: 0, errors: 0 };

  /** Turns timing and the hook on or off (`undefined`: leave as is). */
  configure(
    metrics: boolean | undefined,
    trace: ((event: PassTrace) => void) | null | undefined,
  ): void {
    const before = this.timing;
    if (metrics !== undefined) this.#metrics = metrics;
    if (trace !== undefined) this.#trace = trace ?? undefined;
    this.timing = this.#metrics || this.#trace !== undefined;
    if (this.timing && !before) this.#restartWindow(performance.now());
  }

  /** A timed pass begins (its `passes` already counted). */
  passStarted(): PassStart {
    const pass = ++this.#nextPass;
    const at = performance.now();
    const started = {
      pass,
      at,
      callsRun: this.callsRun,
      threadCallsRun: this.threadCallsRun,
    };
    if (this.#trace !== undefined) this.#emit({ type: "start", pass, at });
    return started;
  }

  /** The timed pass that began as `started` ended. */
  passEnded(started: PassStart): void {
    const at = performance.now();
    const took = at - started.at;
    this.#passTime.record(took / 1000);
    this.#busy += took;
    if (this.#trace !== undefined) {
      this.#emit({
        type: "end",
        pass: started.pass,
        at,
        calls: this.callsRun - started.callsRun,
        threadCalls: this.threadCallsRun - started.threadCallsRun,
      });
    }
  }

  #emit(event: PassTrace): void {
    const trace = this.#trace!;
    try {
      trace(event);
    } catch (e) {
      // reported, and the hook removed: one report, not one per pass
      if (this.#trace === trace) this.configure(undefined, null);
      log.err(
        e,
        "Reactor: the trace hook raised; it has been removed (install it again with instrument({ trace })):",
      );
    }
  }

  #restartWindow(now: number): void {
    this.#windowStart = now;
    this.#busy = 0;
  }

  /** The snapshot; with `reset`, counting starts afresh. */
  snapshot(source: MetricsSource, reset: boolean): ReactorMetrics {
    const now = performance.now();
    const window = now - this.#windowStart;
    const base = this.#base;
    const metrics: ReactorMetrics = {
      passes: this.passes - base.passes,
      callsRun: this.callsRun - base.callsRun,
      threadCallsRun: this.threadCallsRun - base.threadCallsRun,
      errors: this.errors - base.errors,
      delayedCalls: source.delayedCalls(),
      threadCallsQueued: source.threadCallsQueued(),
      lateness: this.timing ? this.lateness.summary() : null,
      passTime: this.timing ? this.#passTime.summary() : null,
      utilization: this.timing
        ? window > 0 ? Math.min(1, this.#busy / window) : 0
        : null,
    };
    if (reset) {
      this.#base = {
        passes: this.passes,
        callsRun: this.callsRun,
        threadCallsRun: this.threadCallsRun,
        errors: this.errors,
      };
      this.lateness.reset();
      this.#passTime.reset();
      this.#restartWindow(now);
    }
    return metrics;
  }
}
