/**
 * The observability example: its exporters on fixed figures (the exact
 * Prometheus text and JSON line), its timeline, and the program itself run
 * as a user runs it — the pool's and the reactor's trace hooks together
 * show every task start and end and the passes that delivered the
 * results, and the figures it prints add up.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import type { PoolMetrics, ReactorMetrics } from "../mod.ts";
import { jsonLine, prometheusText, Timeline } from "./observability.ts";
import { exampleFile, IS_DENO, runProcess } from "./_process.ts";

const summary = (count: number, p: number) => ({
  count,
  mean: p,
  p50: p,
  p90: p,
  p99: p,
  max: p,
});

const REACTOR: ReactorMetrics = {
  passes: 12,
  callsRun: 5,
  threadCallsRun: 7,
  errors: 1,
  delayedCalls: 2,
  threadCallsQueued: 0,
  lateness: summary(5, 0.002),
  passTime: null,
  utilization: null,
};

const POOL: PoolMetrics = {
  submitted: 8,
  completed: 6,
  failed: 1,
  cancelled: 0,
  timedOut: 0,
  refused: 1,
  pending: 1,
  queueWait: null,
  runTime: summary(7, 0.004),
  utilization: 0.5,
};

describe("prometheusText", () => {
  it("writes every reactor figure, and summaries only for what was timed", () => {
    const text = prometheusText(REACTOR, {});
    const samples = text.split("\n").filter((l) => l && !l.startsWith("#"));
    assert.deepEqual(samples, [
      "twisted_reactor_passes_total 12",
      'twisted_reactor_calls_total{kind="timed"} 5',
      'twisted_reactor_calls_total{kind="thread"} 7',
      "twisted_reactor_errors_total 1",
      "twisted_reactor_delayed_calls 2",
      "twisted_reactor_thread_calls_queued 0",
      'twisted_reactor_lateness_seconds{quantile="0.5"} 0.002',
      'twisted_reactor_lateness_seconds{quantile="0.9"} 0.002',
      'twisted_reactor_lateness_seconds{quantile="0.99"} 0.002',
      "twisted_reactor_lateness_seconds_sum 0.01",
      "twisted_reactor_lateness_seconds_count 5",
    ]);
    assert.match(text, /^# TYPE twisted_reactor_passes_total counter$/m);
    assert.match(text, /^# TYPE twisted_reactor_lateness_seconds summary$/m);
  });

  it("labels each pool's figures with its name, escaped", () => {
    const text = prometheusText(REACTOR, { 'a"b': POOL });
    assert.match(
      text,
      /^twisted_pool_tasks_total\{pool="a\\"b",outcome="completed"\} 6$/m,
    );
    assert.match(
      text,
      /^twisted_pool_tasks_total\{pool="a\\"b",outcome="refused"\} 1$/m,
    );
    assert.match(text, /^twisted_pool_run_seconds_count\{pool="a\\"b"\} 7$/m);
    assert.doesNotMatch(text, /queue_wait/, "untimed: no summary");
  });
});

describe("jsonLine", () => {
  it("is one line holding the time and every snapshot as given", () => {
    const line = jsonLine(new Date(0), REACTOR, { hashers: POOL });
    assert.ok(!line.includes("\n"));
    assert.deepEqual(JSON.parse(line), {
      at: "1970-01-01T00:00:00.000Z",
      reactor: REACTOR,
      pools: { hashers: POOL },
    });
  });
});

describe("Timeline", () => {
  it("keeps task starts and ends and the passes that ran calls, and measures them", () => {
    performance.clearMeasures();
    const t = new Timeline(100);
    t.onTask({
      type: "start",
      pool: "p",
      task: "file:///x/t.ts#f",
      id: 1,
      at: 101,
    });
    t.onPass({ type: "start", pass: 1, at: 102 });
    t.onPass({ type: "end", pass: 1, at: 103, calls: 0, threadCalls: 0 });
    t.onTask({
      type: "end",
      pool: "p",
      task: "file:///x/t.ts#f",
      id: 1,
      at: 105,
      outcome: "completed",
    });
    t.onPass({ type: "start", pass: 2, at: 106 });
    t.onPass({ type: "end", pass: 2, at: 106.5, calls: 0, threadCalls: 1 });
    assert.deepEqual(t.lines, [
      "+1.00 ms  task p#1 start (t.ts#f)",
      "+5.00 ms  task p#1 end: completed",
      "+6.50 ms  pass 2: 0 timed calls, 1 thread calls (0.50 ms)",
    ]);
    const measures = performance.getEntriesByType("measure");
    assert.deepEqual(measures.map((m) => [m.name, m.duration]), [
      ["task p#1", 4],
      ["reactor pass 2", 0.5],
    ]);
    performance.clearMeasures();
  });
});

describe("examples/observability.ts, run as a program", () => {
  it(
    "traces every task and the passes that delivered them, and prints figures that add up",
    {
      timeout: 90000,
    },
    async () => {
      const args = IS_DENO
        ? ["run", "--allow-read", "examples/observability.ts"]
        : [exampleFile("examples/observability.ts")];
      const r = await runProcess(process.execPath, args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      const lines = r.stdout.split("\n");

      // the trace: each task starts, then ends; a pass runs thread calls
      // (the results' delivery) after the first end
      const trace = lines.filter((l) => /^\+\d+\.\d\d ms {2}/.test(l));
      for (let id = 1; id <= 6; id++) {
        const start = trace.findIndex((l) =>
          l.includes(`task hashers#${id} start`)
        );
        const end = trace.findIndex((l) =>
          l.includes(`task hashers#${id} end: completed`)
        );
        assert.ok(
          start >= 0 && end > start,
          `task ${id}:\n${trace.join("\n")}`,
        );
      }
      const firstEnd = trace.findIndex((l) => l.includes(" end: completed"));
      assert.ok(
        trace.slice(firstEnd).some((l) =>
          /pass \d+: \d+ timed calls, [1-9]\d* thread calls/.test(l)
        ),
        trace.join("\n"),
      );
      assert.match(r.stdout, /# [1-9]\d* spans on the performance timeline/);

      // the Prometheus text
      const sample = (name: string) => {
        const line = lines.find((l) => l.startsWith(`${name} `));
        assert.ok(line, `no ${name}`);
        return Number(line.slice(name.length + 1));
      };
      assert.equal(
        sample('twisted_pool_tasks_total{pool="hashers",outcome="completed"}'),
        6,
      );
      assert.equal(sample('twisted_pool_run_seconds_count{pool="hashers"}'), 6);
      assert.equal(sample('twisted_reactor_calls_total{kind="timed"}'), 2);
      assert.ok(sample('twisted_reactor_calls_total{kind="thread"}') >= 1);
      assert.equal(sample("twisted_reactor_errors_total"), 0);
      // the loop blocked for 30 ms with a call due in the meantime: it ran
      // at least 10 ms late (see the example)
      assert.ok(
        sample('twisted_reactor_lateness_seconds{quantile="0.99"}') >= 0.01,
      );

      // the JSON line: the same figures
      const json = JSON.parse(lines[lines.indexOf("# JSON line") + 1]!);
      assert.equal(json.pools.hashers.completed, 6);
      assert.equal(json.reactor.callsRun, 2);
      assert.equal(json.reactor.lateness.count, 2);
      assert.ok(json.reactor.utilization > 0 && json.reactor.utilization <= 1);
    },
  );
});
