/**
 * Reading autocannon's results for `server_bench.ts` (pure, so it is
 * tested directly: `tests/bench/server_bench_test.ts`).
 *
 * @module
 */

/** What one autocannon run measured. */
export interface LoadResult {
  /** Requests per second (autocannon's average over the run). */
  rps: number;
  /** 99th-percentile latency, in milliseconds. */
  p99: number;
}

/**
 * Reads autocannon's `--json` output — one line per run, the warm-up's
 * first: the last line is the measured run — refusing a run with errors,
 * timeouts or non-2xx answers (a server that failed is not fast).
 */
export function parseAutocannon(output: string): LoadResult {
  const lines = output.trim().split("\n");
  const r = JSON.parse(lines[lines.length - 1]!) as {
    requests: { average: number };
    latency: { p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  if (r.errors > 0 || r.timeouts > 0 || r.non2xx > 0) {
    throw new Error(
      `autocannon saw ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`,
    );
  }
  return { rps: r.requests.average, p99: r.latency.p99 };
}
