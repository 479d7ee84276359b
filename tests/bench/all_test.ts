import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildWorkloads,
  compareText,
  describeTarget,
  formatValue,
  growthExponent,
  measuredText,
  mergeRuns,
  pick,
  replaceFiles,
  type Results,
  sourceText,
  type Target,
  toMarkdown,
  type WorkloadSpec,
} from "../../bench/_results.ts";
import { WORKLOADS } from "../../bench/_workloads.ts";
import type { BenchResult, RunResult } from "../../bench/_run_result.ts";
import { summarize } from "../../bench/_stats.ts";

function bench(
  file: string,
  group: string,
  name: string,
  median: number,
): BenchResult {
  return { file, group, name, baseline: false, stats: summarize([median], 1) };
}

function run(
  name: string,
  benches: BenchResult[],
  metrics: { file: string; group: string; name: string; value: number }[] = [],
): RunResult {
  return {
    schema: "twisted-ts-bench/1",
    runtime: { name, version: "1" },
    date: "2025-01-01T00:00:00.000Z",
    benches,
    metrics: metrics.map((m) => ({
      file: m.file,
      group: m.group,
      name: m.name,
      unit: "B",
      values: [m.value],
      median: m.value,
    })),
    errors: [],
  };
}

/** A chain workload at two sizes, measured at 1,000 and 10,000 ops. */
function specs(targets: Target[]): WorkloadSpec[] {
  const at = (size: string, ops: number, t: Target[]): WorkloadSpec => ({
    id: `chain-${size}`,
    title: `chain ${size}`,
    per: "step",
    ops,
    ours: { file: "d_bench.ts", group: `chain ${size}`, name: "ours" },
    alternatives: [
      {
        label: "native",
        select: { file: "d_bench.ts", group: `chain ${size}`, name: /native/ },
      },
    ],
    twisted: { file: "d.py", group: `chain ${size}`, name: "twisted" },
    targets: t,
    chart: true,
  });
  return [at("small", 1_000, []), at("big", 10_000, targets)];
}

/** Ours: 1 ns/step (small), 2 ns/step (big); native 10 ns; Twisted 100 ns. */
function raw(): Results["raw"] {
  const side = (name: string, k: number) =>
    run(name, [
      bench("d_bench.ts", "chain small", "ours", 1_000 * k),
      bench("d_bench.ts", "chain small", "native .then", 10_000 * k),
      bench("d_bench.ts", "chain big", "ours", 20_000 * k),
      bench("d_bench.ts", "chain big", "native .then", 100_000 * k),
    ]);
  return {
    deno: side("deno", 1),
    bun: side("bun", 2),
    twisted: run("twisted", [bench("d.py", "chain big", "twisted", 1e6)]),
  };
}

describe("bench results: figures", () => {
  it("divides a bench's median by the operations per iteration", () => {
    const r = run("deno", [bench("a_bench.ts", "g", "ours", 5_000)]);
    const f = pick(r, { file: "a_bench.ts", group: "g", name: "ours" }, 1_000);
    assert.deepEqual(f, { value: 5, source: "g / ours" });
  });

  it("matches groups and names by pattern and honours a selector's own ops", () => {
    const r = run("deno", [bench("a_bench.ts", "chain 1M", "x Deferred", 8)]);
    const f = pick(r, {
      file: "a_bench.ts",
      group: /chain/,
      name: /Deferred/,
      ops: 2,
      note: "at 1M",
    }, 1_000);
    assert.deepEqual(f, {
      value: 4,
      source: "chain 1M / x Deferred",
      note: "at 1M",
    });
  });

  it("reads a metric's median when the selector asks for a metric", () => {
    const r = run("bun", [], [{
      file: "r_bench.ts",
      group: "memory",
      name: "Reactor",
      value: 96,
    }]);
    const f = pick(r, {
      file: "r_bench.ts",
      group: "memory",
      name: "Reactor",
      metric: true,
    }, 1);
    assert.equal(f?.value, 96);
  });

  it("gives null for a missing run, a missing bench and a failed bench", () => {
    const select = { file: "a_bench.ts", group: "g", name: "ours" };
    assert.equal(pick(null, select, 1), null);
    assert.equal(pick(run("deno", []), select, 1), null);
    const failed = run("deno", [{
      file: "a_bench.ts",
      group: "g",
      name: "ours",
      baseline: false,
      error: "boom",
    }]);
    assert.equal(pick(failed, select, 1), null);
  });

  it("does not take a bench from another file with the same names", () => {
    const r = run("deno", [bench("other_bench.ts", "g", "ours", 1)]);
    assert.equal(
      pick(r, { file: "a_bench.ts", group: "g", name: "ours" }, 1),
      null,
    );
  });

  it("computes growth exponents: 1 for linear, 2 for quadratic", () => {
    // per-op cost constant: linear
    assert.equal(growthExponent(5, 1_000, 5, 10_000), 1);
    // per-op cost grows with n: quadratic
    assert.ok(Math.abs(growthExponent(1, 1_000, 10, 10_000) - 2) < 1e-12);
    assert.throws(() => growthExponent(1, 10, 1, 10), RangeError);
  });

  it("replaces the re-measured files' figures and keeps the others", () => {
    const old = {
      ...run("deno", [
        bench("a_bench.ts", "g", "old a", 1),
        bench("b_bench.ts", "g", "old b", 1),
      ], [{ file: "a_bench.ts", group: "m", name: "old", value: 1 }]),
      errors: [{ file: "a_bench.ts", error: "old failure" }],
    };
    const fresh = run("deno", [bench("a_bench.ts", "g", "new a", 2)]);
    const r = replaceFiles(old, fresh, ["a_bench.ts"])!;
    assert.deepEqual(r.benches.map((b) => b.name), ["old b", "new a"]);
    assert.deepEqual(r.metrics, []);
    assert.deepEqual(r.errors, []);
    assert.equal(replaceFiles(null, fresh, ["a_bench.ts"]), fresh);
    assert.equal(replaceFiles(old, null, ["a_bench.ts"]), old);
  });

  it("computes Twisted's growth from a smaller Twisted measurement", () => {
    const [spec] = specs([]);
    spec!.twisted = { file: "d.py", group: "big", name: "twisted" };
    spec!.twistedGrowth = {
      from: { file: "d.py", group: "small", name: "twisted" },
      fromOps: 100,
      label: "100",
    };
    const r = raw();
    r.twisted = run("twisted", [
      bench("d.py", "small", "twisted", 100 * 10),
      bench("d.py", "big", "twisted", 1_000 * 100),
    ]);
    const [w] = buildWorkloads([spec!], r);
    assert.equal(w!.twisted?.value, 100);
    assert.equal(w!.twistedGrowth?.from, "100");
    assert.ok(Math.abs(w!.twistedGrowth!.exponent - 2) < 1e-12);
  });

  it("merges the runs of one runtime and keeps every error", () => {
    const a = run("deno", [bench("a_bench.ts", "g", "x", 1)]);
    const b = {
      ...run("deno", [bench("b_bench.ts", "g", "y", 2)]),
      errors: [{ file: "c_bench.ts", error: "no" }],
    };
    const m = mergeRuns([a, b])!;
    assert.deepEqual(m.benches.map((x) => x.name), ["x", "y"]);
    assert.deepEqual(m.errors, [{ file: "c_bench.ts", error: "no" }]);
    assert.equal(mergeRuns([]), null);
  });
});

describe("bench results: targets", () => {
  function verdicts(t: Target) {
    const [, big] = buildWorkloads(specs([t]), raw());
    return big!.verdicts.map((v) => [v.runtime, v.measured, v.met]);
  }

  it("judges 'faster than' as the alternative's time over ours", () => {
    // deno: 10 / 2 = 5; bun: 20 / 4 = 5
    assert.deepEqual(
      verdicts({
        kind: "faster",
        than: "native",
        factor: 5,
        runtimes: ["deno"],
      }),
      [["deno", 5, true]],
    );
    assert.deepEqual(
      verdicts({
        kind: "faster",
        than: "native",
        factor: 6,
        runtimes: ["bun"],
      }),
      [["bun", 5, false]],
    );
  });

  it("judges 'faster than Twisted' against Twisted's figure on each runtime", () => {
    assert.deepEqual(
      verdicts({
        kind: "faster",
        than: "twisted",
        factor: 30,
        runtimes: ["deno", "bun"],
      }),
      [["deno", 50, true], ["bun", 25, false]],
    );
  });

  it("judges 'within' as our time over the alternative's", () => {
    assert.deepEqual(
      verdicts({
        kind: "within",
        of: "native",
        factor: 0.2,
        runtimes: ["deno"],
      }),
      [["deno", 0.2, true]],
    );
  });

  it("judges a maximum, a minimum rate, flatness and growth", () => {
    assert.deepEqual(
      verdicts({ kind: "max", value: 3, runtimes: ["deno", "bun"] }),
      [["deno", 2, true], ["bun", 4, false]],
    );
    assert.deepEqual(
      verdicts({ kind: "rate", value: 4e8, runtimes: ["deno"] }),
      [["deno", 5e8, true]],
    );
    assert.deepEqual(
      verdicts({
        kind: "flat",
        vs: "chain-small",
        vsLabel: "small",
        factor: 1.5,
        runtimes: ["deno"],
      }),
      [["deno", 2, false]],
    );
    const [growth] = verdicts({
      kind: "growth",
      vs: "chain-small",
      vsLabel: "small",
      max: 1.5,
      runtimes: ["deno"],
    });
    const [, k, met] = growth as [string, number, boolean];
    assert.ok(Math.abs(k - Math.log10(20)) < 1e-12, `exponent ${k}`);
    assert.equal(met, true);
  });

  it("shows how much an alternative grew beside a flatness verdict", () => {
    const [, big] = buildWorkloads(
      specs([{
        kind: "flat",
        vs: "chain-small",
        vsLabel: "small",
        factor: 1.5,
        context: "native",
        runtimes: ["deno"],
      }]),
      raw(),
    );
    const [v] = big!.verdicts;
    // ours 1 -> 2 ns per step; native 10 -> 10 ns per step
    assert.equal(v!.context, "native: 1.00x");
    assert.equal(measuredText(v!, "ns"), "2.00x; native: 1.00x");
  });

  it("shows an alternative's own growth exponent beside ours", () => {
    const [, big] = buildWorkloads(
      specs([{
        kind: "growth",
        vs: "chain-small",
        vsLabel: "small",
        max: 1.5,
        context: "native",
        runtimes: ["bun"],
      }]),
      raw(),
    );
    const [v] = big!.verdicts;
    // native: 20 ns per step at 1k and at 10k, so exponent 1
    assert.equal(v!.context, "native: 1.00");
    assert.equal(measuredText(v!, "ns"), "exponent 1.30; native: 1.00");
  });

  it("says why Twisted has no figure when the workload has no Twisted side", () => {
    const [spec] = specs([]);
    delete spec!.twisted;
    const [w] = buildWorkloads([spec!], raw());
    assert.equal(w!.twisted, null);
    assert.equal(w!.twistedAbsent, "no equivalent");
  });

  it("says 'not measured' rather than guessing when a figure is missing", () => {
    const r = raw();
    r.twisted = null;
    r.bun = null;
    const [, big] = buildWorkloads(
      specs([
        { kind: "faster", than: "twisted", factor: 2, runtimes: ["deno"] },
        { kind: "max", value: 3, runtimes: ["bun"] },
      ]),
      r,
    );
    assert.deepEqual(
      big!.verdicts.map((v) => [v.runtime, v.measured, v.met]),
      [["deno", null, null], ["bun", null, null]],
    );
    assert.equal(measuredText(big!.verdicts[0]!, "ns"), "not measured");
  });

  it("describes targets in words", () => {
    const [, spec] = specs([]);
    assert.equal(
      describeTarget(
        { kind: "faster", than: "twisted", factor: 20, runtimes: [] },
        spec!,
      ),
      "≥ 20× faster than Twisted",
    );
    assert.equal(
      describeTarget({ kind: "rate", value: 125_000, runtimes: [] }, spec!),
      "≥ 125,000 steps/s",
    );
    assert.equal(
      describeTarget({ kind: "max", value: 100, runtimes: [] }, spec!),
      "≤ 100 ns per step",
    );
  });
});

describe("bench results: throughput (req/s), where more is better", () => {
  /** Ours 500 req/s, inline 250, a peer 550 — on both runtimes. */
  function serverRaw(): Results["raw"] {
    const side = (name: string) =>
      run(name, [], [
        { file: "s_bench.ts", group: "rps", name: "ours", value: 500 },
        { file: "s_bench.ts", group: "rps", name: "inline", value: 250 },
        { file: "s_bench.ts", group: "rps", name: "peer", value: 550 },
      ]);
    return { deno: side("deno"), bun: side("bun"), twisted: null };
  }
  const spec = (targets: Target[]): WorkloadSpec => ({
    id: "server",
    title: "server",
    per: "second",
    ops: 1,
    unit: "req/s",
    ours: { file: "s_bench.ts", group: "rps", name: "ours", metric: true },
    alternatives: ["inline", "peer"].map((name) => ({
      label: name,
      select: { file: "s_bench.ts", group: "rps", name, metric: true },
    })),
    targets,
    listAlternatives: true,
  });

  it("says 'higher' and 'lower', as ours over theirs", () => {
    assert.equal(compareText("req/s", 250, 500), "2.00x higher");
    assert.equal(compareText("req/s", 550, 500), "1.10x lower");
    assert.equal(
      compareText("ns", 250, 500),
      "2.00x slower",
      "times unchanged",
    );
    assert.equal(formatValue(523.4, "req/s"), "523 req/s");
  });

  it("judges 'faster' and 'within' the right way round for a throughput", () => {
    const [w] = buildWorkloads([
      spec([
        { kind: "faster", than: "inline", factor: 1.5, runtimes: ["deno"] },
        { kind: "within", of: "peer", factor: 1.05, runtimes: ["bun"] },
      ]),
    ], serverRaw());
    assert.deepEqual(w!.verdicts.map((v) => [v.measured, v.met]), [
      [2, true], // 500 / 250
      [1.1, false], // 550 / 500: more than 5% below the peer
    ]);
  });

  it("shows every alternative in the table, in req/s, and marks the workload for the README", () => {
    const [w] = buildWorkloads([spec([])], serverRaw());
    assert.equal(w!.listAlternatives, true);
    const md = toMarkdown({
      schema: "twisted-ts-results/1",
      date: "2025-01-01T00:00:00.000Z",
      machine: { cpu: "cpu", cores: 2, os: "linux", memoryGiB: null },
      versions: {},
      workloads: [w!],
      raw: serverRaw(),
    });
    assert.match(
      md,
      /\*\*500 req\/s\*\*<br>vs inline 250 req\/s: 2\.00x higher<br>vs peer 550 req\/s: 1\.10x lower/,
    );
  });

  it("declares the server workloads over server_bench.ts's metrics, every pool an alternative", () => {
    for (const id of ["server-throughput", "server-p99"]) {
      const w = WORKLOADS.find((w) => w.id === id);
      assert.ok(w, id);
      assert.equal(w.ours.file, "server_bench.ts");
      assert.equal(w.ours.metric, true);
      assert.deepEqual(w.alternatives.map((a) => a.label), [
        "inline on the event loop",
        "piscina",
        "tinypool",
      ]);
    }
  });
});

describe("bench results: the declared workloads", () => {
  it("give every workload a unique id and resolvable comparisons", () => {
    const ids = new Set(WORKLOADS.map((w) => w.id));
    assert.equal(ids.size, WORKLOADS.length);
    for (const w of WORKLOADS) {
      const labels = new Set(w.alternatives.map((a) => a.label));
      for (const t of w.targets) {
        if (t.kind === "faster" && t.than !== "twisted") {
          assert.ok(labels.has(t.than), `${w.id}: no alternative ${t.than}`);
        }
        if (t.kind === "within") {
          assert.ok(labels.has(t.of), `${w.id}: no alternative ${t.of}`);
        }
        if (t.kind === "flat" || t.kind === "growth") {
          assert.ok(ids.has(t.vs), `${w.id}: no workload ${t.vs}`);
        }
        if (t.kind === "faster" && t.than === "twisted") {
          assert.ok(w.twisted !== undefined, `${w.id}: no Twisted figure`);
        }
      }
    }
  });

  it("cover every target of the issue on the runtimes it names", () => {
    const described = WORKLOADS.flatMap((w) =>
      w.targets.flatMap((t) =>
        t.runtimes.map((rt) => `${w.id} ${rt} ${describeTarget(t, w)}`)
      )
    );
    for (
      const expected of [
        "deferred-chain-1M deno ≤ 3× try/catch floor",
        "deferred-chain-1M bun ≤ 3× try/catch floor",
        "deferred-chain-1M deno ≥ 5× faster than .then chain",
        "deferred-chain-1M bun ≥ 1.7× faster than .then chain",
        "deferred-chain-1M deno ≥ 20× faster than Twisted",
        "timers-1M deno ≥ 5× faster than setTimeout",
        "timers-1M bun ≥ 2× faster than setTimeout",
        "timers-1M bun ≥ 10× faster than Twisted",
        "pending-memory deno ≤ 150 B per pending call",
        "pending-memory-rss deno ≤ 150 B per pending call",
        "pending-memory-rss bun ≤ 150 B per pending call",
        "pending-memory-rss deno ≤ 1× setTimeout",
        "pending-memory-rss bun ≤ 1× setTimeout",
        "schedule-cancel bun ≤ 100 ns per pair",
        "pool-throughput deno ≥ 100,000 tasks/s",
        "pool-throughput bun ≥ 125,000 tasks/s",
        "round-trip deno ≤ 1.2× postMessage ping-pong",
        "net-parse-16 deno ≥ 20× faster than Twisted",
        "net-parse-16 bun ≥ 20× faster than Twisted",
        "net-parse-64-bytes bun ≥ 1,000,000,000 bytes/s",
        "net-echo-protocol deno ≤ 1.111× raw server",
        "net-echo-protocol bun ≤ 1.111× raw server",
        "net-echo-protocol deno ≥ 5× faster than Twisted",
        "net-echo-line bun ≤ 1.25× raw server",
        "net-bulk deno ≤ 1.111× raw server",
        "net-bulk-rss bun ≤ 67108864 B per run",
        "net-accept deno ≤ 1.25× raw server",
        "net-idle-memory bun ≤ 1.5× raw server",
      ]
    ) {
      assert.ok(described.includes(expected), `missing target: ${expected}`);
    }
  });
});

describe("bench results: Markdown", () => {
  function results(): Results {
    return {
      schema: "twisted-ts-results/1",
      date: "2025-01-02T03:04:05.000Z",
      machine: { cpu: "Test CPU", cores: 2, os: "linux x86_64", memoryGiB: 4 },
      versions: { Deno: "2.0.0", Bun: "1.0.0" },
      workloads: buildWorkloads(
        specs([{
          kind: "faster",
          than: "native",
          factor: 5,
          runtimes: ["deno", "bun"],
        }]),
        raw(),
      ),
      raw: raw(),
    };
  }

  it("has the columns of the issue and one row per workload", () => {
    const md = toMarkdown(results());
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    assert.equal(
      rows[0],
      "| Workload | Deno: ours vs native | Bun: ours vs native | Twisted 22.4 | Target | Met? |",
    );
    assert.equal(rows.length, 1 + 2);
    for (const row of rows.slice(1)) {
      assert.equal(row.split(" | ").length, 6, row);
    }
  });

  it("shows ours, the alternative, the ratio and the verdict per runtime", () => {
    const md = toMarkdown(results());
    const big = md.split("\n").find((l) => l.startsWith("| chain big"))!;
    assert.match(big, /\*\*2\.00 ns\*\*<br>vs native 10\.0 ns: 5\.00x faster/);
    assert.match(big, /\*\*4\.00 ns\*\*<br>vs native 20\.0 ns: 5\.00x faster/);
    assert.match(big, /100 ns<br>Deno 50\.0x faster<br>Bun 25\.0x faster/);
    assert.match(big, /✅ met \(Deno: 5\.00x\)<br>✅ met \(Bun: 5\.00x\)/);
  });

  it("gives the date, machine and versions, and counts the verdicts", () => {
    const md = toMarkdown(results());
    assert.match(
      md,
      /2025-01-02 · Test CPU, 2 cores, linux x86_64 · Deno 2\.0\.0, Bun 1\.0\.0/,
    );
    assert.match(md, /Targets: 2 met, 0 missed, 0 not measured\./);
  });

  it("lists benches that failed and files that did not load", () => {
    const r = results();
    r.raw.bun!.errors.push({ file: "x_bench.ts", error: "SyntaxError: bad" });
    r.raw.deno!.benches.push({
      file: "d_bench.ts",
      group: "g",
      name: "n",
      baseline: false,
      error: "Error: boom",
    });
    const md = toMarkdown(r);
    assert.match(md, /- deno: d_bench\.ts g \/ n: Error: boom/);
    assert.match(md, /- bun: x_bench\.ts failed to load: SyntaxError: bad/);
  });

  it("names the commit measured and any uncommitted files", () => {
    assert.equal(sourceText(undefined), "");
    assert.equal(
      sourceText({ commit: "abc1234", modified: [] }),
      " · commit abc1234",
    );
    assert.equal(
      sourceText({
        commit: "abc1234",
        modified: ["reactor/x.ts"],
        only: "reactor",
      }),
      " · commit abc1234 (+ uncommitted: reactor/x.ts); last re-run: --only reactor",
    );
    const r = results();
    r.source = { commit: "abc1234", modified: [] };
    assert.match(
      toMarkdown(r),
      /Twisted 22\.4\.0 · commit abc1234|Bun 1\.0\.0 · commit abc1234/,
    );
  });

  it("escapes pipes inside cells", () => {
    const r = results();
    r.workloads[0]!.title = "a | b";
    assert.match(toMarkdown(r), /\| a \\\| b<br>/);
  });
});
