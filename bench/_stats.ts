/**
 * The bench runner's statistics: per-call figures from samples (median,
 * quantiles, extremes). Shared by the runner (`run.ts`) and the tools that
 * read its results, so that none of them imports the runner's CLI.
 *
 * @module
 */

/** Per-call statistics of one bench, in nanoseconds. */
export interface Stats {
  /** How many samples were taken. */
  samples: number;
  /** How many calls were measured in all. */
  iterations: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p75: number;
  p99: number;
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` values, interpolating
 * linearly between the two nearest ranks (so the median of an even count is
 * the mean of the middle two).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    throw new RangeError("quantile: no values");
  }
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  }
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (pos - lo);
}

/** The median of `values` (any order). */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((x, y) => x - y), 0.5);
}

/**
 * Statistics of per-call times (ns), one per sample, where sample `i`
 * measured `iterations` calls in all.
 */
export function summarize(
  perCall: readonly number[],
  iterations: number,
): Stats {
  if (perCall.length === 0) throw new RangeError("summarize: no samples");
  const sorted = [...perCall].sort((x, y) => x - y);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    samples: sorted.length,
    iterations,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
  };
}
