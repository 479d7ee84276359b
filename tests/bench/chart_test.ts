import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  escapeXml,
  linearTicks,
  logRange,
  renderChart,
  SERIES,
  tickLabel,
  wrap,
} from "../../bench/chart.ts";
import type { Figure, Results, WorkloadResult } from "../../bench/_results.ts";

function fig(value: number): Figure {
  return { value, source: "g / n" };
}

function workload(
  id: string,
  unit: WorkloadResult["unit"],
  values: {
    deno?: number;
    denoNative?: number;
    bun?: number;
    bunNative?: number;
    twisted?: number;
  },
  chart = true,
): WorkloadResult {
  const side = (ours?: number, native?: number) => ({
    ours: ours === undefined ? null : fig(ours),
    alternatives: [{
      label: "native <thing>",
      figure: native === undefined ? null : fig(native),
    }],
  });
  return {
    id,
    title: `Workload ${id} & more`,
    per: "op",
    unit,
    chart,
    runtimes: {
      deno: side(values.deno, values.denoNative),
      bun: side(values.bun, values.bunNative),
    },
    twisted: values.twisted === undefined ? null : fig(values.twisted),
    twistedGrowth: null,
    twistedAbsent: null,
    verdicts: [],
  };
}

function results(workloads: WorkloadResult[]): Results {
  return {
    schema: "twisted-ts-results/1",
    date: "2025-06-07T08:09:10.000Z",
    machine: { cpu: "AMD EPYC", cores: 2, os: "linux x86_64", memoryGiB: 8 },
    versions: {
      Deno: "2.9.6",
      Bun: "1.4.5",
      Python: "3.11.2",
      Twisted: "22.4.0",
    },
    workloads,
    raw: { deno: null, bun: null, twisted: null },
  };
}

/**
 * Checks that `svg` is well-formed XML as far as a chart needs: every tag
 * closes in order, attributes are quoted, text holds no raw `<` or `&`.
 * Returns the element names in document order.
 */
function elements(svg: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  const token =
    /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let last = 0;
  for (const m of svg.matchAll(token)) {
    assert.equal(
      m.index,
      last,
      `unparseable markup at ${svg.slice(last, last + 40)}`,
    );
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing, text] = m;
    if (text !== undefined) {
      assert.doesNotMatch(
        text,
        /&(?!(lt|gt|amp|quot|apos);)/,
        `raw & in ${text}`,
      );
      continue;
    }
    if (closing) {
      assert.equal(open.pop(), name, `</${name}> closes the wrong element`);
    } else {
      names.push(name!);
      if (!selfClosing) open.push(name!);
    }
  }
  assert.equal(last, svg.length, "trailing unparseable markup");
  assert.deepEqual(open, [], "unclosed elements");
  return names;
}

describe("bench chart helpers", () => {
  it("escapes the five XML special characters", () => {
    assert.equal(escapeXml(`a<b>&"c'`), "a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("spans whole decades around the values, at least one", () => {
    assert.deepEqual(logRange([3, 4_500]), [0, 4]);
    assert.deepEqual(logRange([10]), [1, 2]);
    assert.deepEqual(logRange([0.5, 20]), [-1, 2]);
    assert.deepEqual(logRange([]), [0, 1]);
  });

  it("wraps titles at spaces within the width", () => {
    assert.deepEqual(wrap("one two three four", 9), [
      "one two",
      "three",
      "four",
    ]);
    assert.deepEqual(wrap("unbreakable-word", 4), ["unbreakable-word"]);
  });

  it("labels time ticks with a unit and no trailing zeros", () => {
    assert.deepEqual(
      [1, 10, 100, 1e3, 1e4, 1e6, 1e9].map((v) => tickLabel(v, "ns")),
      ["1 ns", "10 ns", "100 ns", "1 µs", "10 µs", "1 ms", "1 s"],
    );
    assert.equal(tickLabel(1000, "B"), "1,000 B");
  });

  it("puts linear ticks from zero to just past the maximum", () => {
    assert.deepEqual(linearTicks(710), [0, 200, 400, 600, 800]);
    assert.deepEqual(linearTicks(150), [0, 50, 100, 150]);
  });
});

describe("bench chart", () => {
  const full = {
    deno: 5,
    denoNative: 50,
    bun: 8,
    bunNative: 20,
    twisted: 4000,
  };

  it("is a well-formed SVG document", () => {
    const svg = renderChart(results([workload("a", "ns", full)]));
    const names = elements(svg.trim());
    assert.equal(names[0], "svg");
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it("draws one bar per measured figure of each charted workload", () => {
    const svg = renderChart(results([
      workload("a", "ns", full),
      workload("b", "ns", { deno: 100, bun: 120 }),
      workload("hidden", "ns", full, false),
      workload("mem", "B", { deno: 96, denoNative: 710, twisted: 384 }),
    ]));
    const bars = svg.match(/<rect class="bar"/g) ?? [];
    assert.equal(bars.length, SERIES.length + 2 + 3);
    assert.equal((svg.match(/not measured/g) ?? []).length, 3 + 2);
    assert.doesNotMatch(svg, /Workload hidden/);
  });

  it("orders bar lengths like the values on the log axis", () => {
    const svg = renderChart(results([workload("a", "ns", full)]));
    const widths = [...svg.matchAll(/<rect class="bar"[^>]*width="([\d.]+)"/g)]
      .map((m) => Number(m[1]));
    // deno 5, deno native 50, bun 8, bun native 20, twisted 4000
    assert.equal(widths.length, 5);
    assert.ok(widths[0]! < widths[2]! && widths[2]! < widths[3]!);
    assert.ok(widths[3]! < widths[1]! && widths[1]! < widths[4]!);
  });

  it("labels alternatives with how much faster ours is", () => {
    const svg = renderChart(results([workload("a", "ns", full)]));
    assert.match(svg, /50\.0 ns native &lt;thing&gt; · ours 10\.0x faster/);
    assert.match(svg, /20\.0 ns native &lt;thing&gt; · ours 2\.50x faster/);
  });

  it("puts a label that would run off the right edge inside its bar", () => {
    const svg = renderChart(
      results([workload("a", "ns", { deno: 1, denoNative: 1e9 })]),
    );
    const anchoredEnd = [
      ...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]*)</g),
    ].map((m) => m[1]);
    assert.ok(
      anchoredEnd.includes(
        "1.00 s native &lt;thing&gt; · ours 1000000000x faster",
      ),
      `${anchoredEnd}`,
    );
    assert.ok(!anchoredEnd.includes("1.00 ns"), "a short label moved inside");
  });

  it("says why a bar is missing", () => {
    const w = workload("a", "ns", { deno: 5, bun: 6 });
    w.runtimes.deno.alternatives = [];
    w.twistedAbsent = "not run (too slow)";
    const svg = renderChart(results([w]));
    assert.match(svg, /native alternative on Deno: no native equivalent/);
    assert.match(svg, /native alternative on Bun: not measured/);
    assert.match(svg, /Twisted 22\.4 \(CPython\): not run \(too slow\)/);
  });

  it("captions the date, machine and runtime versions", () => {
    const svg = renderChart(results([workload("a", "ns", full)]));
    assert.match(
      svg,
      /Measured 2025-06-07 on AMD EPYC, 2 cores, linux x86_64, 8 GiB/,
    );
    assert.match(
      svg,
      /Deno 2\.9\.6 · Bun 1\.4\.5 · Python 3\.11\.2 · Twisted 22\.4\.0/,
    );
  });

  it("names the commit measured when the results record it", () => {
    const r = results([workload("a", "ns", full)]);
    r.source = { commit: "abc1234", modified: [] };
    assert.match(renderChart(r), /8 GiB; code at commit abc1234</);
    r.source.modified.push("reactor/x.ts");
    assert.match(renderChart(r), /commit abc1234 \+ uncommitted changes</);
  });

  it("names every series in the legend", () => {
    const svg = renderChart(results([workload("a", "ns", full)]));
    for (const s of SERIES) {
      assert.ok(svg.includes(`>${escapeXml(s.label)}<`), s.label);
    }
  });
});
