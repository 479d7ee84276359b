/**
 * Observability: what a running program can tell about its reactor and its
 * thread pool, and how to export it.
 *
 * - Figures: `reactor.metrics()` (passes, calls run, errors, delayed calls
 *   pending, lateness of timed calls, pass times, loop utilization) and
 *   `pool.metrics()` (tasks by outcome, queue wait, run time, thread
 *   utilization), exported here as Prometheus text (counters that only
 *   grow, for a scraper) and as one JSON line per interval (with
 *   `{ reset: true }`, each line covers only its interval).
 * - Traces: the pool's `trace` hook sees each task start and end, the
 *   reactor's (`reactor.instrument({ trace })`) each pass of the loop with
 *   how many calls it ran. Together they show a task's life: taken by a
 *   thread, finished, and its result delivered to the main thread by a
 *   pass that ran one `callFromThread` call. Both forward to the host's
 *   performance timeline with `performance.measure(name, { start, end })`,
 *   which Deno and Bun both support (and their DevTools show).
 *
 * The program hashes six strings on two worker threads, then blocks its
 * own loop once for 30 ms (so a timed call runs late, as it would behind
 * a slow request handler), prints the combined trace, the Prometheus text
 * and a JSON line, and stops.
 *
 * ```sh
 * deno run --allow-read examples/observability.ts
 * bun examples/observability.ts
 * ```
 *
 * @module
 */
import {
  deferToThreadPool,
  gatherResults,
  type LatencySummary,
  type PassTrace,
  type PoolMetrics,
  reactor,
  type ReactorMetrics,
  type TaskTrace,
  ThreadPool,
  threadTask,
} from "../mod.ts";

/** A Prometheus summary (quantiles, `_sum`, `_count`), or nothing if untimed. */
function summaryLines(
  name: string,
  help: string,
  labels: string,
  s: LatencySummary | null,
): string[] {
  if (s === null) return [];
  const sep = labels === "" ? "" : ",";
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} summary`,
    ...([["0.5", s.p50], ["0.9", s.p90], ["0.99", s.p99]] as const).map((
      [q, v],
    ) => `${name}{${labels}${sep}quantile="${q}"} ${v}`),
    `${name}_sum${labels === "" ? "" : `{${labels}}`} ${s.mean * s.count}`,
    `${name}_count${labels === "" ? "" : `{${labels}}`} ${s.count}`,
  ];
}

/** The label naming a pool, its value escaped as Prometheus requires. */
function poolLabel(name: string): string {
  const escaped = name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')
    .replaceAll("\n", "\\n");
  return `pool="${escaped}"`;
}

/** One metric with its HELP and TYPE lines and one sample per label set. */
function metricLines(
  name: string,
  type: "counter" | "gauge",
  help: string,
  samples: [labels: string, value: number][],
): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...samples.map(([labels, value]) =>
      `${name}${labels === "" ? "" : `{${labels}}`} ${value}`
    ),
  ];
}

/**
 * The reactor's and the pools' figures in Prometheus' text exposition
 * format. Take the snapshots without `reset`, so counters only grow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor } from "../mod.ts";
 * import { prometheusText } from "./observability.ts";
 * const r = new Reactor({ installSignalHandlers: false });
 * const text = prometheusText(r.metrics(), {});
 * assert.match(text, /^twisted_reactor_passes_total 0$/m);
 * ```
 */
export function prometheusText(
  r: ReactorMetrics,
  pools: Record<string, PoolMetrics>,
): string {
  const names = Object.keys(pools);
  const each = (value: (m: PoolMetrics) => number, extra = "") =>
    names.map((name): [string, number] => [
      poolLabel(name) + extra,
      value(pools[name]!),
    ]);
  const outcomes = [
    ["completed", (m: PoolMetrics) => m.completed],
    ["failed", (m: PoolMetrics) => m.failed],
    ["cancelled", (m: PoolMetrics) => m.cancelled],
    ["timed_out", (m: PoolMetrics) => m.timedOut],
    ["refused", (m: PoolMetrics) => m.refused],
  ] as const;
  const lines = [
    ...metricLines(
      "twisted_reactor_passes_total",
      "counter",
      "Passes of the reactor loop.",
      [["", r.passes]],
    ),
    ...metricLines(
      "twisted_reactor_calls_total",
      "counter",
      "Calls the reactor ran: timed (callLater) or from threads (callFromThread).",
      [['kind="timed"', r.callsRun], ['kind="thread"', r.threadCallsRun]],
    ),
    ...metricLines(
      "twisted_reactor_errors_total",
      "counter",
      "Calls that raised (each was logged).",
      [["", r.errors]],
    ),
    ...metricLines(
      "twisted_reactor_delayed_calls",
      "gauge",
      "Timed calls scheduled and not yet run.",
      [["", r.delayedCalls]],
    ),
    ...metricLines(
      "twisted_reactor_thread_calls_queued",
      "gauge",
      "callFromThread calls waiting for the next pass.",
      [["", r.threadCallsQueued]],
    ),
    ...summaryLines(
      "twisted_reactor_lateness_seconds",
      "How late timed calls ran after their time.",
      "",
      r.lateness,
    ),
    ...summaryLines(
      "twisted_reactor_pass_seconds",
      "How long each pass of the loop took.",
      "",
      r.passTime,
    ),
    ...(r.utilization === null ? [] : metricLines(
      "twisted_reactor_utilization",
      "gauge",
      "Share of time spent in the reactor's passes.",
      [["", r.utilization]],
    )),
  ];
  if (names.length > 0) {
    lines.push(
      ...metricLines(
        "twisted_pool_tasks_submitted_total",
        "counter",
        "Tasks accepted by the pool.",
        each((m) => m.submitted),
      ),
      ...metricLines(
        "twisted_pool_tasks_total",
        "counter",
        "Tasks finished or refused, by outcome.",
        outcomes.flatMap(([outcome, value]) =>
          each(value, `,outcome="${outcome}"`)
        ),
      ),
      ...metricLines(
        "twisted_pool_tasks_pending",
        "gauge",
        "Tasks accepted and not finished.",
        each((m) => m.pending),
      ),
      ...metricLines(
        "twisted_pool_utilization",
        "gauge",
        "Share of the pool's thread capacity that had a task in flight.",
        each((m) => m.utilization),
      ),
    );
    for (const name of names) {
      lines.push(
        ...summaryLines(
          "twisted_pool_queue_wait_seconds",
          "Time from submission to a thread taking the task.",
          poolLabel(name),
          pools[name]!.queueWait,
        ),
        ...summaryLines(
          "twisted_pool_run_seconds",
          "Time from a thread taking the task to its outcome.",
          poolLabel(name),
          pools[name]!.runTime,
        ),
      );
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * One JSON line: a timestamp and the snapshots, for a log pipeline.
 * Take the snapshots with `{ reset: true }` so each line covers its
 * interval.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor } from "../mod.ts";
 * import { jsonLine } from "./observability.ts";
 * const r = new Reactor({ installSignalHandlers: false });
 * const line = jsonLine(new Date(0), r.metrics({ reset: true }), {});
 * assert.equal(JSON.parse(line).reactor.passes, 0);
 * assert.ok(!line.includes("\n"));
 * ```
 */
export function jsonLine(
  at: Date,
  r: ReactorMetrics,
  pools: Record<string, PoolMetrics>,
): string {
  return JSON.stringify({ at: at.toISOString(), reactor: r, pools });
}

/**
 * The two trace hooks together: each task's start and end (pool) and each
 * pass of the loop that ran something (reactor), forwarded to the host's
 * performance timeline and kept as text lines, in the order they happened.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Timeline } from "./observability.ts";
 * const t = new Timeline(0);
 * t.onPass({ type: "start", pass: 1, at: 1 });
 * t.onPass({ type: "end", pass: 1, at: 3, calls: 2, threadCalls: 0 });
 * assert.deepEqual(t.lines, ["+3.00 ms  pass 1: 2 timed calls, 0 thread calls (2.00 ms)"]);
 * performance.clearMeasures();
 * ```
 */
export class Timeline {
  /** The text lines so far. */
  readonly lines: string[] = [];
  readonly #origin: number;
  readonly #taskStarts = new Map<string, number>();
  #passStart = 0;

  /** Times are shown from `origin` (a `performance.now()` reading). */
  constructor(origin: number = performance.now()) {
    this.#origin = origin;
  }

  /** The pool's `trace` hook. */
  onTask = (e: TaskTrace): void => {
    const key = `${e.pool}#${e.id}`;
    if (e.type === "start") {
      this.#taskStarts.set(key, e.at);
      this.#line(e.at, `task ${key} start (${shortTask(e.task)})`);
      return;
    }
    const start = this.#taskStarts.get(key);
    this.#taskStarts.delete(key);
    if (start !== undefined) {
      performance.measure(`task ${key}`, { start, end: e.at });
    }
    this.#line(e.at, `task ${key} end: ${e.outcome}`);
  };

  /** The reactor's `trace` hook: passes that ran nothing are skipped. */
  onPass = (e: PassTrace): void => {
    if (e.type === "start") {
      this.#passStart = e.at;
      return;
    }
    if (e.calls === 0 && e.threadCalls === 0) return;
    performance.measure(`reactor pass ${e.pass}`, {
      start: this.#passStart,
      end: e.at,
    });
    this.#line(
      e.at,
      `pass ${e.pass}: ${e.calls} timed calls, ${e.threadCalls} thread calls (${
        (e.at - this.#passStart).toFixed(2)
      } ms)`,
    );
  };

  #line(at: number, text: string): void {
    this.lines.push(`+${(at - this.#origin).toFixed(2)} ms  ${text}`);
  }
}

/** `file:///…/tasks.ts#slowHash` → `tasks.ts#slowHash`. */
function shortTask(task: string): string {
  return task.slice(task.lastIndexOf("/") + 1);
}

/** The example: see the module doc. */
async function main(): Promise<void> {
  const timeline = new Timeline();
  const pool = new ThreadPool({
    name: "hashers",
    minthreads: 0,
    maxthreads: 2,
    metrics: true,
    trace: timeline.onTask,
    reactor,
  });
  reactor.instrument({ metrics: true, trace: timeline.onPass });
  const slowHash = threadTask<typeof import("./servers/tasks.ts").slowHash>(
    new URL("./servers/tasks.ts", import.meta.url),
    "slowHash",
  );

  reactor.callWhenRunning(async () => {
    pool.start();
    try {
      const texts = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
      await gatherResults(
        texts.map((t) => deferToThreadPool(reactor, pool, slowHash, t, 20_000)),
      );
      // a slow handler blocks the loop for 30 ms from 10 ms on: the call
      // due at 20 ms runs at 40 ms or later, ~20 ms late
      reactor.callLater(0.01, () => {
        const until = performance.now() + 30;
        while (performance.now() < until);
      });
      await new Promise<void>((resolve) => reactor.callLater(0.02, resolve));

      console.log(
        "# trace: tasks (pool hook) and passes that ran calls (reactor hook)",
      );
      for (const line of timeline.lines) console.log(line);
      const measures = performance.getEntriesByType("measure");
      console.log(
        `# ${measures.length} spans on the performance timeline (performance.measure)`,
      );
      performance.clearMeasures();

      console.log("# Prometheus text");
      console.log(
        prometheusText(reactor.metrics(), { hashers: pool.metrics() })
          .trimEnd(),
      );
      console.log("# JSON line");
      console.log(
        jsonLine(new Date(), reactor.metrics({ reset: true }), {
          hashers: pool.metrics({ reset: true }),
        }),
      );
    } finally {
      await pool.stop();
      reactor.stop();
    }
  });
  await reactor.run();
}

if (import.meta.main) await main();
