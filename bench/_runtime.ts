/**
 * What a bench file may use besides `Deno.bench`, so the same file runs under
 * `deno bench` and under the Bun runner (`bun bench/run.ts`, see `run.ts`).
 *
 * The one rule for `bench/*_bench.ts`: apart from `Deno.bench` itself (the
 * runner provides it on Bun), use only APIs both runtimes have — web
 * standards (`performance`, `setTimeout`, `Worker`, `MessageChannel`, …),
 * `node:` modules both implement (`node:process`, `node:os`), the library
 * itself — and the helpers below. No other `Deno.*`, no `Bun.*`.
 *
 * - {@linkcode runtime}: which runtime and version is running.
 * - {@linkcode gc}: a full garbage collection where the host allows one
 *   (Bun always; Deno with `--v8-flags=--expose-gc`, which the runner and
 *   `bench/all.ts` pass).
 * - {@linkcode memoryUsage} / {@linkcode bytesPer}: heap and resident-set
 *   sizes, and the memory kept alive per item by a structure you build.
 * - {@linkcode cpuUsage}: process CPU time (user + system), in microseconds.
 * - {@linkcode metric}: report a figure that is not a time per iteration
 *   (bytes per pending call, tasks per second measured inside a bench); the
 *   runner records it in its JSON, and `deno bench` just prints it.
 *
 * @module
 */
import process from "node:process";
import { readFileSync, writeFileSync } from "node:fs";

/** The JavaScript runtime executing the benches. */
export interface RuntimeInfo {
  /** `"deno"`, `"bun"`, `"node"` or `"unknown"`. */
  name: "deno" | "bun" | "node" | "unknown";
  /** The runtime's version, e.g. `"2.9.6"`; `""` when unknown. */
  version: string;
}

interface HostGlobals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string; gc?: (force: boolean) => void };
  gc?: () => void;
}

const host = globalThis as unknown as HostGlobals;

function detect(): RuntimeInfo {
  if (host.Bun !== undefined) {
    return { name: "bun", version: host.Bun.version ?? "" };
  }
  if (host.Deno?.version?.deno !== undefined) {
    return { name: "deno", version: host.Deno.version.deno };
  }
  const node = process.versions?.node;
  if (typeof node === "string") return { name: "node", version: node };
  return { name: "unknown", version: "" };
}

/**
 * The running runtime, detected once.
 *
 * @example
 * ```ts
 * import { runtime } from "./_runtime.ts";
 * console.log(`${runtime.name} ${runtime.version}`);
 * ```
 */
export const runtime: RuntimeInfo = detect();

/**
 * Runs a full, synchronous garbage collection if the host exposes one.
 * Returns whether it did: on Deno only with `--v8-flags=--expose-gc`.
 *
 * @example
 * ```ts
 * import { gc } from "./_runtime.ts";
 * if (!gc()) console.log("no gc(): run deno with --v8-flags=--expose-gc");
 * ```
 */
export function gc(): boolean {
  if (typeof host.Bun?.gc === "function") {
    host.Bun.gc(true);
    return true;
  }
  if (typeof host.gc === "function") {
    host.gc();
    return true;
  }
  return false;
}

/** Memory figures in bytes, as `process.memoryUsage()` reports them. */
export interface MemoryUsage {
  /** Bytes of live JavaScript heap. */
  heapUsed: number;
  /** Resident set size of the whole process. */
  rss: number;
  /** Memory held by the engine outside the JS heap (buffers, host objects). */
  external: number;
  /**
   * The heap and the memory outside it, each byte counted once: Deno's
   * `heapUsed` leaves out typed arrays' storage, which `external` reports;
   * Bun's `heapUsed` already includes it, and `external` reports it again
   * (a 80 MB `Float64Array` raises both by 80 MB there), so on Bun this is
   * `heapUsed` alone.
   */
  heapAndExternal: number;
}

/**
 * The process's current memory usage, the same fields on Deno and Bun.
 *
 * @example
 * ```ts
 * import { memoryUsage } from "./_runtime.ts";
 * console.log(`${(memoryUsage().heapUsed / 1e6).toFixed(1)} MB heap`);
 * ```
 */
export function memoryUsage(): MemoryUsage {
  const m = process.memoryUsage();
  return {
    heapUsed: m.heapUsed,
    rss: m.rss,
    external: m.external,
    heapAndExternal: runtime.name === "bun"
      ? m.heapUsed
      : m.heapUsed + m.external,
  };
}

/** Bytes kept alive per item, as measured by {@linkcode bytesPer}. */
export interface BytesPerItem {
  /** JavaScript heap growth per item (after a full GC, when available). */
  heap: number;
  /** Resident-set growth per item: counts host memory the heap misses (e.g. native timers), but is coarse (pages) and never shrinks. */
  rss: number;
  /** Heap plus external growth per item (each byte once: see {@linkcode MemoryUsage}). */
  heapAndExternal: number;
}

/**
 * Measures the memory that `count` items keep alive: collects garbage,
 * snapshots memory, calls `build(count)` (which must return something that
 * keeps all the items reachable), collects again, snapshots again, then
 * calls `release(kept)` (e.g. to cancel timers) and divides the growth by
 * `count`. Use a count of 100k or more so the figure is not noise.
 *
 * @example
 * ```ts
 * import { bytesPer } from "./_runtime.ts";
 * const perObject = bytesPer(100_000, (n) => {
 *   const all = [];
 *   for (let i = 0; i < n; i++) all.push({ i });
 *   return all;
 * });
 * console.log(`${perObject.heap.toFixed(0)} B per object`);
 * ```
 */
export function bytesPer<T>(
  count: number,
  build: (count: number) => T,
  release?: (kept: T) => void,
): BytesPerItem {
  if (!Number.isInteger(count) || count <= 0) {
    throw new RangeError(
      `bytesPer: count must be a positive integer, got ${count}`,
    );
  }
  gc();
  gc();
  const before = memoryUsage();
  const kept = build(count);
  gc();
  gc();
  const after = memoryUsage();
  release?.(kept);
  return {
    heap: (after.heapUsed - before.heapUsed) / count,
    rss: (after.rss - before.rss) / count,
    heapAndExternal: (after.heapAndExternal - before.heapAndExternal) /
      count,
  };
}

/**
 * Process CPU time used so far, in microseconds (`user`, `system`), from
 * `process.cpuUsage()`; subtract two readings to time a stretch.
 *
 * @example
 * ```ts
 * import { cpuUsage } from "./_runtime.ts";
 * const before = cpuUsage();
 * for (let i = 0; i < 1e6; i++);
 * const after = cpuUsage();
 * console.log(`${(after.user - before.user) / 1000} ms of user CPU`);
 * ```
 */
export function cpuUsage(): { user: number; system: number } {
  const c = process.cpuUsage();
  return { user: c.user, system: c.system };
}

/** A figure reported with {@linkcode metric}. */
export interface Metric {
  /** What was measured, e.g. `"bytes per pending call"`. */
  name: string;
  /** The comparison it belongs to, like a bench's `group`. */
  group: string;
  /** The unit, e.g. `"B"`, `"tasks/s"`, `"ms"`. */
  unit: string;
  /** Every value reported under this group and name, in order. */
  values: number[];
}

const metrics = new Map<string, Metric>();
let printMetrics = true;

/**
 * Reports a figure that is not a time per iteration — memory per pending
 * call, a throughput computed inside a bench — so the runner can put it in
 * its results. Reporting the same `group`/`name` again adds a sample (the
 * runner uses the median). Under `deno bench` it is printed to stdout.
 *
 * @example
 * ```ts
 * import { bytesPer, metric } from "./_runtime.ts";
 * const m = bytesPer(100_000, (n) => Array.from({ length: n }, (_, i) => [i]));
 * metric("pending call memory", "array of one", m.heap, "B");
 * ```
 */
export function metric(
  group: string,
  name: string,
  value: number,
  unit: string,
): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`metric: value must be a number, got ${value}`);
  }
  const key = `${group}\u0000${name}`;
  let m = metrics.get(key);
  if (m === undefined) {
    m = { group, name, unit, values: [] };
    metrics.set(key, m);
  }
  m.values.push(value);
  if (printMetrics) {
    console.log(`[metric] ${group} / ${name}: ${value} ${unit}`);
  }
}

/**
 * For the runner: every metric reported so far, and a switch to stop
 * printing them (the runner prints its own table).
 *
 * @example
 * ```ts
 * import { metric, takeMetrics } from "./_runtime.ts";
 * takeMetrics({ quiet: true });
 * metric("g", "n", 1, "B");
 * if (takeMetrics().length !== 1) throw new Error("unexpected");
 * ```
 */
export function takeMetrics(options: { quiet?: boolean } = {}): Metric[] {
  if (options.quiet !== undefined) printMetrics = !options.quiet;
  const all = [...metrics.values()].map((m) => ({
    ...m,
    values: [...m.values],
  }));
  metrics.clear();
  return all;
}

/**
 * A resident-set figure of this process in bytes, from `/proc/self/status`:
 * `"VmRSS"` now, `"VmHWM"` the peak; `null` where there is no `/proc`
 * (not Linux).
 *
 * @example
 * ```ts
 * import { residentBytes } from "./_runtime.ts";
 * console.log(residentBytes("VmRSS") ?? "not Linux");
 * ```
 */
export function residentBytes(field: "VmRSS" | "VmHWM"): number | null {
  try {
    const text = readFileSync("/proc/self/status", "utf8");
    const m = new RegExp(`^${field}:\\s*(\\d+) kB`, "m").exec(text);
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

/**
 * Resets this process's peak resident set (`VmHWM`) to its current size
 * (`5` written to `/proc/self/clear_refs`); `false` where that is not
 * possible.
 *
 * @example
 * ```ts
 * import { resetPeakResident } from "./_runtime.ts";
 * resetPeakResident();
 * ```
 */
export function resetPeakResident(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a standalone bench script's `main(args)` (one that measures fresh
 * processes itself, outside `run.ts`) and exits: 0, or 2 with the error's
 * message.
 */
export async function runStandalone(
  main: (args: string[]) => Promise<void>,
): Promise<never> {
  try {
    await main(process.argv.slice(2));
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
}

/** Writes a standalone script's results where `--json` asked, if it did. */
export function writeResult(json: string | undefined, result: unknown): void {
  if (json !== undefined) {
    writeFileSync(json, JSON.stringify(result, null, 2) + "\n");
  }
}
