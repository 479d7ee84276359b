/**
 * The bench runner: runs `bench/*_bench.ts` on Bun (which has no
 * `deno bench`) and on Deno, with one measuring method for both, so every
 * figure exists on both runtimes and compares like with like.
 *
 * ```sh
 * bun bench/run.ts                          # every bench/*_bench.ts
 * bun bench/run.ts bench/deferred_bench.ts --filter chain --json out.json
 * deno run -A --v8-flags=--expose-gc bench/run.ts
 * ```
 *
 * Options: `--filter <regex>` (on "group name"), `--json <file>` (write the
 * results), `--budget <ms>` (time spent sampling one bench, default 1000),
 * `--warmup <ms>` (default 200), `--min-samples <n>` (default 5),
 * `--rounds <n>` (default 5), `--timeout <s>` (one bench's round,
 * default 300), `--quiet` (no table).
 *
 * How it works. The runner installs a `Deno.bench` shim (on Deno it replaces
 * the real one, which is inert outside `deno bench`), then imports the bench
 * files, which register their benches. It supports the subset the bench
 * files use: `Deno.bench(name, fn)`, `Deno.bench(fn)`,
 * `Deno.bench(name, options, fn)`, `Deno.bench(options, fn)`,
 * `Deno.bench({ name, fn, group, baseline, ignore, only, n, warmup,
 * permissions })` (`permissions` and `sanitizeExit` are accepted and ignored:
 * the runner runs with the permissions it was given), and `b.start()` /
 * `b.end()` to time part of a call. Each bench then runs:
 *
 * 1. warm-up: calls until `--warmup` ms have passed (at least one call, at
 *    least `warmup` calls if the bench sets it); the last warm-up calls
 *    estimate how long one call takes, set-up included;
 * 2. sampling: calls are grouped into samples of about 2 ms each (one call
 *    per sample when a call is slower than that), so timer resolution and
 *    the ~50-130 ns cost of `performance.now()` stay out of fast benches; a
 *    synchronous bench without explicit timers is timed as one loop per
 *    sample, otherwise each call's measured span is summed. Sampling goes on
 *    until `--budget` ms have passed and at least `--min-samples` samples
 *    exist (a bench setting `n` gets exactly `n` calls when slow);
 * 3. the statistics are per call, in nanoseconds: median, p75, p99, min,
 *    max and mean over the samples. A full GC (where available) runs before
 *    each bench so one bench's garbage is not collected on another's clock.
 *
 * Rounds. A file's benches are measured in `--rounds` rounds, each bench
 * once per round (warm-up and sampling, with the budget and the minimum
 * samples shared out between the rounds; after the first round a bench
 * warms up for a quarter of `--warmup` and at least one call), and each
 * bench's samples from all rounds are summarized together. A bench that
 * sets `n` is measured whole in the first round: its calls are few and
 * slow, and some take turns inside their calls (`net_bench.ts`).
 *
 * Why rounds. The machine's load drifts over seconds; measured one after the
 * other, a baseline and the bench compared with it could each meet a
 * different load, and their ratio would show the drift. Taken in turns, both
 * meet the same mix. And code shared by a file's benches sees all of their
 * callbacks before most of its samples are taken, as code in a program does:
 * measured alone, a one-callback chain is inlined into a figure no program
 * gets (`deferred_bench.ts`).
 *
 * The table mirrors `deno bench`: per group, every bench's ratio to the
 * group's baseline (the first bench marked `baseline`, else the fastest).
 * Figures reported with `metric()` from `_runtime.ts` are collected too.
 *
 * The one rule for bench files: apart from `Deno.bench`, use only APIs both
 * runtimes have (see `_runtime.ts`). On Bun the shim is a global `Deno`
 * object holding nothing but `bench`, so code under test must detect the
 * `Deno` API it needs (`typeof Deno?.addSignalListener === "function"`),
 * never `Deno`'s mere existence — the library does. The exit code is
 * non-zero if a file failed to load or a bench threw.
 *
 * @module
 */
import process from "node:process";
import { readdirSync } from "node:fs";
import { formatRate, formatRatio, formatTime } from "./_format.ts";
import type { BenchResult, RunResult } from "./_run_result.ts";
import { gc, runtime, takeMetrics } from "./_runtime.ts";
import { median, type Stats, summarize } from "./_stats.ts";

/** What a bench's function receives: `Deno.BenchContext`'s shape. */
export interface BenchContext {
  /** The bench's name. */
  name: string;
  /** The URL of the file that registered it. */
  origin: string;
  /** Starts the measured span here (after set-up). */
  start(): void;
  /** Ends the measured span here (before tear-down). */
  end(): void;
}

/** A bench function: synchronous or returning a promise. */
export type BenchFn = (b: BenchContext) => void | Promise<void>;

/** A registered bench, normalised from any `Deno.bench` overload. */
export interface BenchDefinition {
  name: string;
  fn: BenchFn;
  group?: string;
  baseline?: boolean;
  ignore?: boolean;
  only?: boolean;
  n?: number;
  warmup?: number;
  origin: string;
}

type BenchOptions = Partial<Omit<BenchDefinition, "origin">> & {
  permissions?: unknown;
  sanitizeExit?: boolean;
};

/**
 * Turns the arguments of any `Deno.bench` overload into one definition,
 * throwing a `TypeError` that names the problem for anything else.
 */
export function normalizeBench(
  origin: string,
  a: unknown,
  b?: unknown,
  c?: unknown,
): BenchDefinition {
  let options: BenchOptions = {};
  let fn: unknown;
  let name: unknown;
  if (typeof a === "function") {
    fn = a;
    name = a.name;
  } else if (typeof a === "string") {
    name = a;
    if (typeof b === "function") fn = b;
    else {
      if (typeof b !== "object" || b === null) {
        throw new TypeError(
          `Deno.bench: second argument must be a function or options, got ${typeof b}`,
        );
      }
      options = b as BenchOptions;
      fn = c;
    }
  } else if (typeof a === "object" && a !== null) {
    options = a as BenchOptions;
    fn = typeof b === "function" ? b : options.fn;
    name = options.name ?? (typeof fn === "function" ? fn.name : undefined);
  } else {
    throw new TypeError(
      `Deno.bench: first argument must be a name, a function or options, got ${typeof a}`,
    );
  }
  if (typeof fn !== "function") {
    throw new TypeError(
      `Deno.bench: the bench function must be a function, got ${typeof fn}`,
    );
  }
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      "Deno.bench: a bench needs a name (a string, or a named function)",
    );
  }
  for (const key of ["n", "warmup"] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) {
      throw new RangeError(
        `Deno.bench: ${key} must be an integer >= 0, got ${v}`,
      );
    }
  }
  const def: BenchDefinition = { name, fn: fn as BenchFn, origin };
  if (options.group !== undefined) def.group = String(options.group);
  if (options.baseline) def.baseline = true;
  if (options.ignore) def.ignore = true;
  if (options.only) def.only = true;
  if (options.n !== undefined) def.n = options.n;
  if (options.warmup !== undefined) def.warmup = options.warmup;
  return def;
}

/** Options for measuring one bench. */
export interface MeasureOptions {
  /** Milliseconds of warm-up. */
  warmupMs: number;
  /** Milliseconds of sampling. */
  budgetMs: number;
  /** At least this many samples. */
  minSamples: number;
  /** Aim for samples of about this many milliseconds. */
  sampleMs: number;
  /** Rounds a file's benches are measured in, taking turns. */
  rounds: number;
}

/** The runner's defaults. */
export const DEFAULT_MEASURE: MeasureOptions = {
  warmupMs: 200,
  budgetMs: 1000,
  minSamples: 5,
  sampleMs: 2,
  rounds: 5,
};

/** Calls per sample so that a sample lasts about `sampleMs`. */
export function batchSize(msPerCall: number, sampleMs: number): number {
  if (!(msPerCall > 0)) return 1000;
  return Math.max(1, Math.min(1_000_000, Math.ceil(sampleMs / msPerCall)));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null &&
    typeof (v as { then?: unknown }).then === "function";
}

/** Runs one bench as described in the module header; returns its stats. */
export async function measure(
  def: BenchDefinition,
  options: MeasureOptions = DEFAULT_MEASURE,
): Promise<Stats> {
  const { perCallNs, iterations } = await sample(def, options);
  return summarize(perCallNs, iterations);
}

/** What one round of a bench measured. */
export interface Samples {
  /** Nanoseconds per call, one entry per sample. */
  perCallNs: number[];
  /** Calls timed, over all samples. */
  iterations: number;
}

/**
 * The options of round `round` (from 0) of `rounds`: each round gets its
 * share of the budget and of the minimum samples, and the rounds after the
 * first warm up for a quarter of the time.
 */
export function roundOptions(
  options: MeasureOptions,
  round: number,
): MeasureOptions {
  const rounds = Math.max(1, options.rounds);
  return {
    ...options,
    warmupMs: round === 0 ? options.warmupMs : options.warmupMs / 4,
    budgetMs: options.budgetMs / rounds,
    minSamples: Math.max(1, Math.ceil(options.minSamples / rounds)),
    rounds: 1,
  };
}

/**
 * Warm-up and sampling of one bench (steps 1 and 2 of the module header);
 * `warmup` overrides the bench's own (for a round after the first).
 */
export async function sample(
  def: BenchDefinition,
  options: MeasureOptions,
  warmup: number | undefined = def.warmup,
): Promise<Samples> {
  let started = false;
  let ended = false;
  let spanStart = 0;
  let spanEnd = 0;
  const ctx: BenchContext = {
    name: def.name,
    origin: def.origin,
    start() {
      started = true;
      spanStart = performance.now();
    },
    end() {
      ended = true;
      spanEnd = performance.now();
    },
  };
  const fn = def.fn;
  let isAsync = false;
  let explicit = false;
  let wall = 0;
  /** One call; returns the measured span in ms (`wall`: the whole call). */
  const once = async (): Promise<number> => {
    started = false;
    ended = false;
    const t0 = performance.now();
    const r = fn(ctx);
    if (isThenable(r)) {
      isAsync = true;
      await r;
    }
    const t1 = performance.now();
    wall = t1 - t0;
    if (started || ended) explicit = true;
    return (ended ? spanEnd : t1) - (started ? spanStart : t0);
  };
  /** `k` calls of a synchronous bench without explicit timers, as one loop. */
  const loop = (k: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < k; i++) fn(ctx);
    return performance.now() - t0;
  };

  // 1. warm-up, estimating the cost of one call from the last calls
  const warmStart = performance.now();
  const recent: number[] = [];
  let warmCalls = 0;
  const minWarm = Math.max(1, warmup ?? 0);
  while (
    warmCalls < minWarm || performance.now() - warmStart < options.warmupMs
  ) {
    await once();
    recent.push(wall);
    if (recent.length > 16) recent.shift();
    warmCalls++;
  }
  // Samples are sized by a call's whole duration (set-up included), which
  // is what the sampling budget pays for.
  const k = batchSize(median(recent), options.sampleMs);
  const simple = !isAsync && !explicit && k > 1;

  // 2. sampling
  const perCallNs: number[] = [];
  let iterations = 0;
  const exactN = def.n !== undefined && k === 1 ? Math.max(1, def.n) : 0;
  const sampleStart = performance.now();
  const maxSamples = 100_000;
  for (;;) {
    if (exactN > 0) {
      if (perCallNs.length >= exactN) break;
    } else if (
      perCallNs.length >= options.minSamples &&
      performance.now() - sampleStart >= options.budgetMs
    ) break;
    if (perCallNs.length >= maxSamples) break;
    let ms = 0;
    if (simple) ms = loop(k);
    else for (let i = 0; i < k; i++) ms += await once();
    perCallNs.push((ms * 1e6) / k);
    iterations += k;
  }
  return { perCallNs, iterations };
}

/**
 * Measures `defs` in rounds, taking turns (see "Rounds" in the module
 * header); `each(def, result)` is told each bench's outcome after its last
 * round, or its error at the round that threw. A bench that throws is left
 * out of the later rounds.
 */
export async function measureInTurns(
  defs: readonly BenchDefinition[],
  options: MeasureOptions,
  timeoutS: number,
  each: (def: BenchDefinition, result: Stats | Error) => void,
): Promise<void> {
  const rounds = Math.max(1, Math.floor(options.rounds));
  const taken = defs.map((): Samples => ({ perCallNs: [], iterations: 0 }));
  const failed = new Set<number>();
  for (let round = 0; round < rounds; round++) {
    const o = roundOptions(options, round);
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      const whole = def.n !== undefined;
      if (failed.has(i) || (whole && round > 0)) continue;
      gc();
      gc();
      try {
        const got = await withTimeout(
          whole
            ? sample(def, options)
            : sample(def, o, round === 0 ? def.warmup : 1),
          timeoutS,
          `bench "${def.name}"`,
        );
        taken[i]!.perCallNs.push(...got.perCallNs);
        taken[i]!.iterations += got.iterations;
      } catch (e) {
        failed.add(i);
        each(def, e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      if (whole || round === rounds - 1) {
        each(def, summarize(taken[i]!.perCallNs, taken[i]!.iterations));
      }
    }
  }
}

/** A group's reference bench and every other bench's speed relative to it. */
export interface GroupSummary {
  group: string;
  /** The reference: the first bench marked baseline, else the fastest. */
  baseline: BenchResult;
  /** `ratio` = other's median / baseline's median (> 1: other is slower). */
  others: { bench: BenchResult; ratio: number }[];
}

/** The per-group comparisons of the results that ran (in first-seen order). */
export function summarizeGroups(
  results: readonly BenchResult[],
): GroupSummary[] {
  const groups = new Map<string, BenchResult[]>();
  for (const r of results) {
    if (r.group === null || r.stats === undefined) continue;
    const list = groups.get(r.group) ?? [];
    list.push(r);
    groups.set(r.group, list);
  }
  const out: GroupSummary[] = [];
  for (const [group, list] of groups) {
    if (list.length < 2) continue;
    const baseline = list.find((r) => r.baseline) ??
      list.reduce((a, b) => (b.stats!.median < a.stats!.median ? b : a));
    out.push({
      group,
      baseline,
      others: list.filter((r) => r !== baseline).map((bench) => ({
        bench,
        ratio: bench.stats!.median / baseline.stats!.median,
      })),
    });
  }
  return out;
}

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? " ".repeat(width - len) + s : s + " ".repeat(width - len);
}

/** A `deno bench`-like table of `results`, with per-group summaries. */
export function formatTable(results: readonly BenchResult[]): string {
  const lines: string[] = [];
  const nameWidth = Math.max(
    9,
    ...results.map((r) => [...r.name].length + (r.baseline ? 11 : 0)),
  );
  const header = [
    pad("benchmark", nameWidth),
    pad("time/iter (median)", 18, true),
    pad("iter/s", 12, true),
    pad("p75", 10, true),
    pad("p99", 10, true),
    pad("samples", 8, true),
  ].join("  ");
  lines.push(header, "-".repeat([...header].length));
  let group: string | null | undefined = undefined;
  for (const r of results) {
    if (r.group !== group) {
      if (group !== undefined) lines.push("");
      if (r.group !== null) lines.push(`group ${r.group}`);
      group = r.group;
    }
    const label = r.baseline ? `${r.name} (baseline)` : r.name;
    if (r.stats === undefined) {
      lines.push(
        `${pad(label, nameWidth)}  error: ${r.error ?? "did not run"}`,
      );
      continue;
    }
    const s = r.stats;
    lines.push([
      pad(label, nameWidth),
      pad(formatTime(s.median), 18, true),
      pad(formatRate(1e9 / s.median), 12, true),
      pad(formatTime(s.p75), 10, true),
      pad(formatTime(s.p99), 10, true),
      pad(String(s.samples), 8, true),
    ].join("  "));
  }
  const summaries = summarizeGroups(results);
  if (summaries.length > 0) lines.push("", "summary");
  for (const g of summaries) {
    lines.push(`  ${g.group}: ${g.baseline.name}`);
    for (const { bench, ratio } of g.others) {
      const word = ratio >= 1 ? "slower" : "faster";
      const factor = ratio >= 1 ? ratio : 1 / ratio;
      lines.push(
        `    ${pad(formatRatio(factor), 7, true)} ${word}: ${bench.name}`,
      );
    }
  }
  return lines.join("\n");
}

/** The runner's command line. */
export interface RunnerArgs {
  files: string[];
  filter?: RegExp;
  json?: string;
  quiet: boolean;
  timeoutS: number;
  measure: MeasureOptions;
}

/** Parses the runner's arguments (see the module header). */
export function parseArgs(argv: readonly string[]): RunnerArgs {
  const out: RunnerArgs = {
    files: [],
    quiet: false,
    timeoutS: 300,
    measure: { ...DEFAULT_MEASURE },
  };
  const number = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) {
      throw new RangeError(`${flag} needs a number >= ${min}, got ${v}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--filter":
        out.filter = new RegExp(value() ?? "");
        break;
      case "--json": {
        const v = value();
        if (!v) throw new TypeError("--json needs a file name");
        out.json = v;
        break;
      }
      case "--quiet":
        out.quiet = true;
        break;
      case "--budget":
        out.measure.budgetMs = number(flag, value(), 0);
        break;
      case "--warmup":
        out.measure.warmupMs = number(flag, value(), 0);
        break;
      case "--min-samples":
        out.measure.minSamples = number(flag, value(), 1);
        break;
      case "--rounds":
        out.measure.rounds = Math.floor(number(flag, value(), 1));
        break;
      case "--timeout":
        out.timeoutS = number(flag, value(), 1);
        break;
      default:
        if (a.startsWith("--")) throw new TypeError(`unknown option ${a}`);
        out.files.push(a);
    }
  }
  return out;
}

function benchFiles(): string[] {
  const dir = new URL(".", import.meta.url);
  return readdirSync(dir)
    .filter((f) => /_bench\.(ts|js|mts|mjs)$/.test(f))
    .sort()
    .map((f) => new URL(f, dir).pathname);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Installs the `Deno.bench` shim and returns the list it fills. `origin`
 * is read when a bench registers, so set `current.origin` before importing
 * each file.
 */
function installShim(): {
  list: BenchDefinition[];
  current: { origin: string };
} {
  const list: BenchDefinition[] = [];
  const current = { origin: "" };
  const bench = (a: unknown, b?: unknown, c?: unknown) => {
    list.push(normalizeBench(current.origin, a, b, c));
  };
  const g = globalThis as unknown as { Deno?: Record<string, unknown> };
  if (g.Deno === undefined) g.Deno = { bench };
  else g.Deno.bench = bench;
  return { list, current };
}

function withTimeout<T>(
  p: Promise<T>,
  seconds: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${seconds} s`)),
      seconds * 1000,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the given bench files in this process; see the module header. */
export async function runBenches(args: RunnerArgs): Promise<RunResult> {
  const files = args.files.length > 0
    ? args.files.map((f) => new URL(f, `file://${process.cwd()}/`).pathname)
    : benchFiles();
  const { list, current } = installShim();
  takeMetrics({ quiet: true });
  const result: RunResult = {
    schema: "twisted-ts-bench/1",
    runtime: { name: runtime.name, version: runtime.version },
    date: new Date().toISOString(),
    benches: [],
    metrics: [],
    errors: [],
  };
  const log = (s: string) => {
    if (!args.quiet) console.log(s);
  };
  log(
    `runtime: ${runtime.name} ${runtime.version} (gc: ${gc() ? "yes" : "no"})`,
  );
  for (const path of files) {
    const file = baseName(path);
    const origin = `file://${path}`;
    current.origin = origin;
    const first = list.length;
    try {
      await import(origin);
    } catch (e) {
      result.errors.push({ file, error: describeError(e) });
      log(`${file}: failed to load: ${describeError(e)}`);
      continue;
    }
    const registered = list.slice(first);
    for (const m of takeMetrics()) {
      result.metrics.push({ ...m, file, median: median(m.values) });
    }
    const anyOnly = registered.some((d) => d.only);
    const chosen = registered.filter((d) =>
      !d.ignore && (!anyOnly || d.only) &&
      (args.filter === undefined ||
        args.filter.test(`${d.group ?? ""} ${d.name}`))
    );
    if (chosen.length === 0) continue;
    log(`\nfile: ${file}`);
    const results: BenchResult[] = chosen.map((def) => ({
      file,
      group: def.group ?? null,
      name: def.name,
      baseline: def.baseline === true,
    }));
    await measureInTurns(chosen, args.measure, args.timeoutS, (def, got) => {
      const r = results[chosen.indexOf(def)]!;
      if (got instanceof Error) r.error = describeError(got);
      else r.stats = got;
      if (!args.quiet) {
        console.error(
          r.stats
            ? `  ${def.name}: ${
              formatTime(r.stats.median)
            } (${r.stats.samples} samples)`
            : `  ${def.name}: error: ${r.error}`,
        );
      }
    });
    for (const m of takeMetrics()) {
      result.metrics.push({ ...m, file, median: median(m.values) });
    }
    log(formatTable(results));
    result.benches.push(...results);
  }
  if (result.metrics.length > 0) {
    log("\nmetrics (median of reported values)");
    for (const m of result.metrics) {
      const v = Number(m.median.toPrecision(4)).toLocaleString("en-US");
      log(`  ${m.group} / ${m.name}: ${v} ${m.unit}`);
    }
  }
  return result;
}

if (import.meta.main) {
  let code = 0;
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = await runBenches(args);
    if (args.json !== undefined) {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(args.json, JSON.stringify(result, null, 2) + "\n");
    }
    const failed = result.errors.length +
      result.benches.filter((b) => b.error !== undefined).length;
    if (failed > 0) {
      console.error(`${failed} bench file(s) or bench(es) failed`);
      code = 1;
    }
  } catch (e) {
    console.error(describeError(e));
    code = 2;
  }
  // Benches may leave workers or timers behind; the results are written.
  process.exit(code);
}
