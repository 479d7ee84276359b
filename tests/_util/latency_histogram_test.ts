/**
 * `LatencyHistogram` against the exact answer: for seeded random samples
 * spread over eight orders of magnitude, every reported percentile is at
 * or above the true one and within one bucket (12.5%) of it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LatencyHistogram } from "../../_util/latency_histogram.ts";
import { seededRandom } from "../_random.ts";

function exact(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

describe("LatencyHistogram", () => {
  it("reports percentiles within one bucket above the exact ones (seeded)", () => {
    for (const seed of [1, 2, 3, 0xbeef]) {
      const random = seededRandom(seed);
      const h = new LatencyHistogram();
      const samples: number[] = [];
      for (let i = 0; i < 5000; i++) {
        const s = 10 ** (-7 + 8 * random()); // 100 ns … 10 s
        samples.push(s);
        h.record(s);
      }
      samples.sort((a, b) => a - b);
      for (const p of [0.01, 0.5, 0.9, 0.99, 1]) {
        const want = exact(samples, p), got = h.percentile(p);
        const floor = Math.max(want, 0); // under 1 µs all share bucket 0
        assert.ok(got >= Math.min(floor, 1e-6), `seed ${seed} p${p}`);
        if (want >= 1e-6) {
          assert.ok(
            got >= want && got <= want * 1.125 + 1e-12,
            `seed ${seed} p${p}: ${got} for ${want}`,
          );
        }
      }
      const s = h.summary();
      assert.equal(s.count, 5000);
      assert.equal(s.max, samples.at(-1));
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      assert.ok(Math.abs(s.mean - mean) < 1e-9 * mean + 1e-12);
    }
  });

  it("puts every duration in a bucket whose upper edge is at most 12.5% above it, across the integer and floating-point paths", () => {
    // with a larger companion sample, the median is the first sample's
    // bucket's upper edge: never below the sample, within one slice
    const values: number[] = [];
    for (let u = 1; u < 64; u += 0.125) values.push(u); // µs: e < 3 and above
    for (let e = 3; e <= 38; e++) { // (the last doubling holds all beyond)
      for (const f of [1, 1.0625, 1.125, 1.5, 1.875, 1.999]) {
        values.push(f * 2 ** e);
      }
    }
    values.push(2 ** 31 - 0.5, 2 ** 31, 2 ** 31 + 1); // the path boundary
    for (const micros of values) {
      const h = new LatencyHistogram();
      h.record(micros / 1e6);
      h.record(1e9);
      const edge = h.percentile(0.5) * 1e6;
      assert.ok(
        edge >= micros * (1 - 1e-12) && edge <= micros * 1.125 * (1 + 1e-12),
        `${micros} µs: upper edge ${edge}`,
      );
    }
  });

  it("is all zeros when empty, and again after reset", () => {
    const h = new LatencyHistogram();
    const zero = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    assert.deepEqual(h.summary(), zero);
    h.record(1);
    h.reset();
    assert.deepEqual(h.summary(), zero);
  });

  it("counts a negative duration as zero (under 1 µs) and a huge one in its last bucket", () => {
    const h = new LatencyHistogram();
    h.record(-5);
    h.record(1e9);
    assert.ok(h.percentile(0.5) <= 1e-6);
    assert.equal(h.percentile(1), 1e9);
  });
});
