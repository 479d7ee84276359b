/**
 * What one run of the bench runner (`run.ts`) measured: the JSON it writes
 * with `--json`, which `all.ts`, `_results.ts` and `idle_cpu.ts` read.
 *
 * @module
 */
import type { Metric } from "./_runtime.ts";
import type { Stats } from "./_stats.ts";

/** One bench's outcome. */
export interface BenchResult {
  /** The bench file's name, e.g. `deferred_bench.ts`. */
  file: string;
  group: string | null;
  name: string;
  baseline: boolean;
  /** Present when the bench ran. */
  stats?: Stats;
  /** Present when it threw (or timed out). */
  error?: string;
}

/** A metric reported by a bench file, with its median. */
export interface MetricResult extends Metric {
  file: string;
  median: number;
}

/** Everything one runner invocation measured: the JSON it writes. */
export interface RunResult {
  schema: "twisted-ts-bench/1";
  runtime: { name: string; version: string };
  date: string;
  benches: BenchResult[];
  metrics: MetricResult[];
  /** Bench files that failed to load, with the reason. */
  errors: { file: string; error: string }[];
}
