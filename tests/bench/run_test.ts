import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  batchSize,
  formatTable,
  measure,
  measureInTurns,
  normalizeBench,
  parseArgs,
  summarizeGroups,
} from "../../bench/run.ts";
import type { BenchDefinition } from "../../bench/run.ts";
import { formatRatio, formatTime } from "../../bench/_format.ts";
import type { Stats } from "../../bench/_stats.ts";
import type { BenchResult } from "../../bench/_run_result.ts";
import { median, quantile, summarize } from "../../bench/_stats.ts";

const noop = () => {};

function result(
  name: string,
  medianNs: number,
  extra: Partial<BenchResult> = {},
): BenchResult {
  return {
    file: "x_bench.ts",
    group: "g",
    name,
    baseline: false,
    stats: summarize([medianNs], 1),
    ...extra,
  };
}

describe("bench runner statistics", () => {
  it("takes the median of an odd count as the middle value", () => {
    assert.equal(median([5, 1, 3]), 3);
  });

  it("takes the median of an even count as the mean of the middle two", () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it("interpolates quantiles linearly between ranks", () => {
    const sorted = [10, 20, 30, 40, 50];
    assert.equal(quantile(sorted, 0), 10);
    assert.equal(quantile(sorted, 1), 50);
    assert.equal(quantile(sorted, 0.75), 40);
    assert.equal(quantile(sorted, 0.9), 46);
  });

  it("rejects an empty list and a quantile outside [0, 1]", () => {
    assert.throws(() => quantile([], 0.5), RangeError);
    assert.throws(() => quantile([1], 1.5), /q must be in \[0, 1\], got 1.5/);
  });

  it("summarizes samples without depending on their order", () => {
    const { p99, ...s } = summarize([30, 10, 20, 40], 400);
    assert.ok(Math.abs(p99 - 39.7) < 1e-9, `p99 ${p99}`);
    assert.deepEqual(s, {
      samples: 4,
      iterations: 400,
      min: 10,
      max: 40,
      mean: 25,
      median: 25,
      p75: 32.5,
    });
  });

  it("sizes batches so a sample lasts about the target time", () => {
    assert.equal(batchSize(0.001, 2), 2000);
    assert.equal(batchSize(5, 2), 1);
    assert.equal(batchSize(0.3, 2), 7);
    assert.equal(batchSize(1e-12, 2), 1_000_000);
  });
});

describe("bench registration", () => {
  it("accepts a name and a function", () => {
    const d = normalizeBench("o", "a", noop);
    assert.equal(d.name, "a");
    assert.equal(d.fn, noop);
    assert.equal(d.origin, "o");
  });

  it("accepts a named function alone, named after the function", () => {
    function fastThing() {}
    assert.equal(normalizeBench("o", fastThing).name, "fastThing");
  });

  it("accepts a name, options and a function", () => {
    const d = normalizeBench("o", "a", { group: "g", baseline: true }, noop);
    assert.equal(d.group, "g");
    assert.equal(d.baseline, true);
  });

  it("accepts options holding the function and every supported field", () => {
    const d = normalizeBench("o", {
      name: "a",
      fn: noop,
      group: "g",
      n: 10,
      warmup: 2,
      only: true,
      ignore: false,
      permissions: "inherit",
    });
    assert.deepEqual(
      { name: d.name, group: d.group, n: d.n, warmup: d.warmup, only: d.only },
      { name: "a", group: "g", n: 10, warmup: 2, only: true },
    );
    assert.equal(d.ignore, undefined);
  });

  it("accepts options without a function followed by a function", () => {
    assert.equal(normalizeBench("o", { name: "a" }, noop).fn, noop);
  });

  it("rejects a missing function, a missing name and a bad n", () => {
    assert.throws(
      () => normalizeBench("o", "a", 3),
      /second argument must be a function or options, got number/,
    );
    assert.throws(
      () => normalizeBench("o", { name: "a" }),
      /bench function must be a function, got undefined/,
    );
    assert.throws(() => normalizeBench("o", () => {}), /needs a name/);
    assert.throws(
      () => normalizeBench("o", { name: "a", fn: noop, n: -1 }),
      /n must be an integer >= 0, got -1/,
    );
  });
});

describe("bench measurement", () => {
  it("measures only the span between start and end", async () => {
    const stats = await measure(
      {
        name: "sleepy set-up",
        origin: "o",
        n: 3,
        fn: (b) => {
          const until = performance.now() + 3;
          while (performance.now() < until) { /* untimed set-up */ }
          b.start();
          b.end();
        },
      },
      { warmupMs: 0, budgetMs: 0, minSamples: 1, sampleMs: 0.001, rounds: 1 },
    );
    assert.equal(stats.samples, 3);
    assert.ok(stats.median < 1e6, `median ${stats.median} ns includes set-up`);
  });

  it("awaits an async bench before ending its call", async () => {
    let settled = 0;
    const stats = await measure(
      {
        name: "timer",
        origin: "o",
        fn: () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              settled++;
              resolve();
            }, 2)
          ),
      },
      { warmupMs: 0, budgetMs: 0, minSamples: 2, sampleMs: 0.001, rounds: 1 },
    );
    assert.equal(stats.iterations + 1, settled);
    assert.ok(stats.median >= 1e6, `median ${stats.median} ns < the 2 ms wait`);
  });

  it("batches a fast synchronous bench into samples of many calls", async () => {
    let calls = 0;
    const stats = await measure(
      { name: "fast", origin: "o", fn: () => void calls++ },
      { warmupMs: 5, budgetMs: 5, minSamples: 3, sampleMs: 1, rounds: 1 },
    );
    assert.ok(stats.iterations > stats.samples * 10);
    assert.ok(calls >= stats.iterations);
  });
});

/** A slow bench (1 ms a call) that notes each call in `log`. */
function logged(
  name: string,
  log: string[],
  extra: Partial<BenchDefinition> = {},
): BenchDefinition {
  return {
    name,
    origin: "o",
    fn: () => {
      log.push(name);
      const until = performance.now() + 1;
      while (performance.now() < until) { /* a call's work */ }
    },
    ...extra,
  };
}

/** `log` with each run of equal entries written once. */
function runs(log: readonly string[]): string[] {
  return log.filter((name, i) => i === 0 || log[i - 1] !== name);
}

const TURNS = {
  warmupMs: 0,
  budgetMs: 0,
  minSamples: 3,
  sampleMs: 0.001,
  rounds: 3,
};

describe("bench rounds", () => {
  it("measures a file's benches in turns, each once per round", async () => {
    const log: string[] = [];
    const got = new Map<string, Stats | Error>();
    await measureInTurns(
      [logged("a", log), logged("b", log)],
      TURNS,
      60,
      (def, r) => got.set(def.name, r),
    );
    assert.deepEqual(runs(log), ["a", "b", "a", "b", "a", "b"]);
    for (const name of ["a", "b"]) {
      const stats = got.get(name);
      assert.ok(!(stats instanceof Error) && stats !== undefined);
      assert.equal(stats.samples, 3, `${name}: one sample from each round`);
    }
  });

  it("measures a bench that sets n whole, in the first round", async () => {
    const log: string[] = [];
    const got = new Map<string, Stats | Error>();
    await measureInTurns(
      [logged("a", log), logged("n", log, { n: 4 }), logged("b", log)],
      TURNS,
      60,
      (def, r) => got.set(def.name, r),
    );
    assert.deepEqual(runs(log), ["a", "n", "b", "a", "b", "a", "b"]);
    assert.equal((got.get("n") as Stats).samples, 4);
  });

  it("reports a bench that throws once and leaves it out after", async () => {
    const log: string[] = [];
    const got = new Map<string, Stats | Error>();
    let calls = 0;
    const flaky: BenchDefinition = {
      name: "flaky",
      origin: "o",
      fn: () => {
        log.push("flaky");
        if (++calls === 3) throw new Error("third call fails");
      },
    };
    await measureInTurns(
      [flaky, logged("a", log)],
      TURNS,
      60,
      (def, r) => {
        assert.ok(!got.has(def.name), `${def.name} reported twice`);
        got.set(def.name, r);
      },
    );
    assert.match(String(got.get("flaky")), /third call fails/);
    assert.equal((got.get("a") as Stats).samples, 3);
    assert.deepEqual(runs(log), ["flaky", "a", "flaky", "a"]);
  });
});

describe("bench table", () => {
  it("formats times with a unit and three significant digits", () => {
    assert.equal(formatTime(12.345), "12.3 ns");
    assert.equal(formatTime(1234), "1.23 µs");
    assert.equal(formatTime(45_600_000), "45.6 ms");
    assert.equal(formatTime(2e9), "2.00 s");
  });

  it("formats ratios with precision that shrinks as they grow", () => {
    assert.equal(formatRatio(1.234), "1.23x");
    assert.equal(formatRatio(12.34), "12.3x");
    assert.equal(formatRatio(1234.5), "1235x");
  });

  it("compares a group against its marked baseline", () => {
    const [g] = summarizeGroups([
      result("ours", 10),
      result("native", 50, { baseline: true }),
      result("other", 100),
    ]);
    assert.equal(g!.baseline.name, "native");
    assert.deepEqual(
      g!.others.map((o) => [o.bench.name, o.ratio]),
      [["ours", 0.2], ["other", 2]],
    );
  });

  it("compares against the fastest when no bench is the baseline", () => {
    const [g] = summarizeGroups([result("a", 30), result("b", 10)]);
    assert.equal(g!.baseline.name, "b");
    assert.equal(g!.others[0]!.ratio, 3);
  });

  it("leaves out groups of one and benches that failed", () => {
    const groups = summarizeGroups([
      result("alone", 1, { group: "solo" }),
      result("ok", 1),
      { file: "x", group: "g", name: "broken", baseline: false, error: "boom" },
    ]);
    assert.deepEqual(groups, []);
  });

  it("prints each bench, its error, and who is faster by how much", () => {
    const table = formatTable([
      result("ours", 10),
      result("native", 50, { baseline: true }),
      { file: "x", group: "g", name: "broken", baseline: false, error: "boom" },
    ]);
    assert.match(table, /^group g$/m);
    assert.match(table, /native \(baseline\) +50\.0 ns/);
    assert.match(table, /broken +error: boom/);
    assert.match(table, /5\.00x faster: ours/);
  });
});

describe("bench runner arguments", () => {
  it("reads files, the filter, the JSON path and measuring options", () => {
    const a = parseArgs([
      "bench/a_bench.ts",
      "--filter",
      "chain",
      "--json=out.json",
      "--budget",
      "50",
      "--min-samples=3",
      "--rounds",
      "4",
      "--quiet",
    ]);
    assert.deepEqual(a.files, ["bench/a_bench.ts"]);
    assert.equal(a.filter?.source, "chain");
    assert.equal(a.json, "out.json");
    assert.equal(a.measure.budgetMs, 50);
    assert.equal(a.measure.minSamples, 3);
    assert.equal(a.measure.rounds, 4);
    assert.equal(a.quiet, true);
  });

  it("rejects an unknown option and a bad number", () => {
    assert.throws(() => parseArgs(["--fast"]), /unknown option --fast/);
    assert.throws(
      () => parseArgs(["--budget", "soon"]),
      /--budget needs a number >= 0, got soon/,
    );
  });
});
