/**
 * The pure half of `bench/all.ts`: the types of a results file, how a
 * workload's figures are picked out of the runners' raw results (per
 * operation), how targets are judged, and the Markdown table. No I/O, so it
 * is tested directly (`tests/bench/all_test.ts`).
 *
 * @module
 */
import { formatRate, formatRatio, formatTime } from "./_format.ts";
import type { RunResult } from "./_run_result.ts";

/** The runtimes a figure can come from. */
export type RuntimeName = "deno" | "bun";

/** Picks one bench (or one metric) from a runtime's results. */
export interface Selector {
  /** The file that defines it, e.g. `deferred_bench.ts`. */
  file: string;
  /** Its group: exact text, or a pattern. */
  group: string | RegExp;
  /** Its name: exact text, or a pattern. */
  name: string | RegExp;
  /** A metric reported through `_runtime.ts`'s `metric()` instead of a timed bench. */
  metric?: true;
  /** Operations per iteration when they differ from the workload's. */
  ops?: number;
  /** A note shown beside the figure, e.g. "at 10k". */
  note?: string;
}

/** A target a workload must meet, evaluated per runtime. */
export type Target =
  | {
    /** `alternative` (or Twisted) per op ÷ ours per op ≥ factor. */
    kind: "faster";
    than: string;
    factor: number;
    runtimes: RuntimeName[];
  }
  | {
    /** Ours per op ≤ factor × the alternative's per op. */
    kind: "within";
    of: string;
    factor: number;
    runtimes: RuntimeName[];
  }
  | {
    /** Ours per op ≤ value (in the workload's unit). */
    kind: "max";
    value: number;
    runtimes: RuntimeName[];
  }
  | {
    /** Operations per second ≥ value. */
    kind: "rate";
    value: number;
    runtimes: RuntimeName[];
  }
  | {
    /** Ours per op ≤ factor × ours per op in workload `vs` (a smaller size). */
    kind: "flat";
    vs: string;
    /** How the target names `vs`, e.g. "at 10k". */
    vsLabel: string;
    /** An alternative whose own growth is shown beside ours, for context. */
    context?: string;
    factor: number;
    runtimes: RuntimeName[];
  }
  | {
    /** Growth exponent from workload `vs` (smaller) to this one ≤ max (1 = linear). */
    kind: "growth";
    vs: string;
    /** How the target names `vs`, e.g. "10k". */
    vsLabel: string;
    max: number;
    /** An alternative whose own exponent is shown beside ours, for context. */
    context?: string;
    runtimes: RuntimeName[];
  };

/** One row of the results: a workload and how it is judged. */
export interface WorkloadSpec {
  id: string;
  /** What is measured, for the table and the chart. */
  title: string;
  /** What one operation is, e.g. "step", "timer", "task". */
  per: string;
  /** Operations per iteration of the benches (overridable per selector). */
  ops: number;
  /**
   * `"ns"` (time per op, the default), `"B"` or `"ms/s"` (metrics): less
   * is better; `"req/s"` and `"tasks/s"` (throughput metrics): more is
   * better, and a `rate` target reads the figure as it is.
   */
  unit?: Unit;
  ours: Selector;
  /** Alternatives by label; the first is shown as "native". */
  alternatives: { label: string; select: Selector }[];
  twisted?: Selector;
  /**
   * Shows how Twisted's cost grows: the exponent from this smaller Twisted
   * measurement (`fromOps` operations, named `label`) to `twisted`.
   */
  twistedGrowth?: { from: Selector; fromOps: number; label: string };
  /** Why Twisted has no figure (no equivalent, or too slow to run). */
  twistedAbsent?: string;
  targets: Target[];
  /** Shown on the chart (time-per-op workloads only). */
  chart?: boolean;
  /** The README lists every alternative, not only the first. */
  listAlternatives?: true;
}

/** The unit of a workload's figures. */
export type Unit = "ns" | "B" | "ms/s" | "req/s" | "tasks/s";

/** Whether a bigger figure is the better one (a throughput). */
export function higherIsBetter(unit: Unit): boolean {
  return unit === "req/s" || unit === "tasks/s";
}

/**
 * How ours compares with another figure, in words: "5.20x faster" /
 * "1.14x slower" for times, "less"/"more" for memory and CPU,
 * "higher"/"lower" for throughput.
 */
export function compareText(
  unit: Unit,
  theirs: number,
  ours: number,
): string {
  const [better, worse] = unit === "ns"
    ? ["faster", "slower"]
    : higherIsBetter(unit)
    ? ["higher", "lower"]
    : ["less", "more"];
  const r = higherIsBetter(unit) ? ours / theirs : theirs / ours;
  return r >= 1
    ? `${formatRatio(r)} ${better}`
    : `${formatRatio(1 / r)} ${worse}`;
}

/** A figure per operation, with where it came from. */
export interface Figure {
  /** Per operation, in the workload's unit (ns, B or ms/s). */
  value: number;
  /** The bench or metric it came from, `group / name`. */
  source: string;
  note?: string;
}

/** A target's verdict on one runtime. */
export interface Verdict {
  runtime: RuntimeName;
  /** The kind of target, which says what `measured` is. */
  kind: Target["kind"];
  /** Human text, e.g. "≥ 5× faster than .then chain". */
  target: string;
  /** The measured value the target is about (a ratio, ns, ops/s, exponent). */
  measured: number | null;
  /** `null` when a figure it needs is missing. */
  met: boolean | null;
  /** Context for the figure, e.g. how much the floor itself grew. */
  context?: string;
}

/** A workload's figures and verdicts. */
export interface WorkloadResult {
  id: string;
  title: string;
  per: string;
  unit: Unit;
  chart: boolean;
  runtimes: Record<RuntimeName, {
    ours: Figure | null;
    /** Alternatives by label, in the spec's order. */
    alternatives: { label: string; figure: Figure | null }[];
  }>;
  twisted: Figure | null;
  /** Twisted's growth exponent, when the spec asks for it. */
  twistedGrowth: { exponent: number; from: string } | null;
  /** Why there is no Twisted figure, when that is known. */
  twistedAbsent: string | null;
  verdicts: Verdict[];
  /** The README lists every alternative, not only the first. */
  listAlternatives?: true;
}

/** The whole results file. */
export interface Results {
  schema: "twisted-ts-results/1";
  date: string;
  machine: { cpu: string; cores: number; os: string; memoryGiB: number | null };
  versions: Record<string, string>;
  /**
   * The code measured: the git commit, the library and bench files that
   * differed from it, and the `--only` filter of a partial re-run.
   */
  source?: { commit: string; modified: string[]; only?: string };
  workloads: WorkloadResult[];
  /** Everything each runtime measured, as its runner reported it. */
  raw: {
    deno: RunResult | null;
    bun: RunResult | null;
    twisted: RunResult | null;
  };
}

function matches(pattern: string | RegExp, text: string | null): boolean {
  if (text === null) return false;
  return typeof pattern === "string" ? pattern === text : pattern.test(text);
}

/**
 * Finds the selected bench (its median) or metric (its median) in `run`,
 * divided by the operations per iteration; `null` if absent or failed.
 */
export function pick(
  run: RunResult | null,
  select: Selector,
  ops: number,
): Figure | null {
  if (run === null) return null;
  const per = select.ops ?? ops;
  const note = select.note === undefined ? {} : { note: select.note };
  if (select.metric) {
    const m = run.metrics.find((m) =>
      m.file === select.file && matches(select.group, m.group) &&
      matches(select.name, m.name)
    );
    if (m === undefined) return null;
    return { value: m.median / per, source: `${m.group} / ${m.name}`, ...note };
  }
  const b = run.benches.find((b) =>
    b.file === select.file && b.stats !== undefined &&
    matches(select.group, b.group) && matches(select.name, b.name)
  );
  if (b === undefined || b.stats === undefined) return null;
  return {
    value: b.stats.median / per,
    source: `${b.group ?? ""} / ${b.name}`,
    ...note,
  };
}

/**
 * The exponent k in time ∝ n^k between two sizes: 1 is linear, 2 quadratic.
 * Takes the per-operation costs at `n1` and `n2` operations.
 */
export function growthExponent(
  perOp1: number,
  n1: number,
  perOp2: number,
  n2: number,
): number {
  if (!(n1 > 0 && n2 > 0 && n1 !== n2 && perOp1 > 0 && perOp2 > 0)) {
    throw new RangeError(
      `growthExponent: needs two different positive sizes and costs, got ${n1}, ${n2}, ${perOp1}, ${perOp2}`,
    );
  }
  return Math.log((perOp2 * n2) / (perOp1 * n1)) / Math.log(n2 / n1);
}

const RUNTIME_LABEL: Record<RuntimeName, string> = { deno: "Deno", bun: "Bun" };

/** The human text of a target. */
export function describeTarget(t: Target, spec: WorkloadSpec): string {
  const unit = spec.unit ?? "ns";
  switch (t.kind) {
    case "faster":
      return `≥ ${t.factor}× faster than ${
        t.than === "twisted" ? "Twisted" : t.than
      }`;
    case "within":
      return `≤ ${t.factor}× ${t.of}`;
    case "max":
      return unit === "ms/s"
        ? `≤ ${t.value} ms of CPU per ${spec.per}`
        : `≤ ${t.value} ${unit} per ${spec.per}`;
    case "rate":
      return `≥ ${t.value.toLocaleString("en-US")} ${spec.per}s/s`;
    case "flat":
      return `per-${spec.per} cost ≤ ${t.factor}× that ${t.vsLabel}`;
    case "growth":
      return `growth exponent from ${t.vsLabel} ≤ ${t.max} (1 = linear)`;
  }
}

/** Judges one target on one runtime from the computed figures. */
export function evaluate(
  t: Target,
  runtime: RuntimeName,
  spec: WorkloadSpec,
  result: WorkloadResult,
  all: ReadonlyMap<string, { spec: WorkloadSpec; result: WorkloadResult }>,
): Verdict {
  const target = describeTarget(t, spec);
  const ours = result.runtimes[runtime].ours?.value ?? null;
  const alt = (label: string) =>
    label === "twisted"
      ? result.twisted?.value ?? null
      : result.runtimes[runtime].alternatives.find((a) => a.label === label)
        ?.figure?.value ?? null;
  const verdict = (
    measured: number | null,
    ok: (m: number) => boolean,
  ): Verdict => ({
    runtime,
    kind: t.kind,
    target,
    measured,
    met: measured === null || !Number.isFinite(measured) ? null : ok(measured),
  });
  if (ours === null) return verdict(null, () => false);
  switch (t.kind) {
    // for a throughput, "faster" and "within" read the ratio the other way
    case "faster": {
      const other = alt(t.than);
      const up = higherIsBetter(spec.unit ?? "ns");
      return verdict(
        other === null ? null : up ? ours / other : other / ours,
        (r) => r >= t.factor,
      );
    }
    case "within": {
      const other = alt(t.of);
      const up = higherIsBetter(spec.unit ?? "ns");
      return verdict(
        other === null ? null : up ? other / ours : ours / other,
        (r) => r <= t.factor,
      );
    }
    case "max":
      return verdict(ours, (v) => v <= t.value);
    case "rate": // a time per op, or already a throughput
      return verdict(
        higherIsBetter(spec.unit ?? "ns") ? ours : 1e9 / ours,
        (v) => v >= t.value,
      );
    case "flat": {
      const other = all.get(t.vs)?.result.runtimes[runtime];
      const small = other?.ours?.value ?? null;
      const v = verdict(
        small === null ? null : ours / small,
        (r) => r <= t.factor,
      );
      if (t.context !== undefined) {
        const altOf = (side: typeof other) =>
          side?.alternatives.find((a) => a.label === t.context)?.figure
            ?.value;
        const big = altOf(result.runtimes[runtime]);
        const base = altOf(other);
        if (big !== undefined && base !== undefined) {
          v.context = `${t.context}: ${formatRatio(big / base)}`;
        }
      }
      return v;
    }
    case "growth": {
      const other = all.get(t.vs);
      const small = other?.result.runtimes[runtime].ours?.value ?? null;
      if (other === undefined || small === null) {
        return verdict(null, () => false);
      }
      const k = growthExponent(small, other.spec.ops, ours, spec.ops);
      const v = verdict(k, (x) => x <= t.max);
      if (t.context !== undefined) {
        const altOf = (side: WorkloadResult["runtimes"][RuntimeName]) =>
          side.alternatives.find((a) => a.label === t.context)?.figure?.value;
        const big = altOf(result.runtimes[runtime]);
        const base = altOf(other.result.runtimes[runtime]);
        if (big !== undefined && base !== undefined) {
          const floor = growthExponent(base, other.spec.ops, big, spec.ops);
          v.context = `${t.context}: ${floor.toFixed(2)}`;
        }
      }
      return v;
    }
  }
}

/** Computes every workload's figures and verdicts from the raw runs. */
export function buildWorkloads(
  specs: readonly WorkloadSpec[],
  raw: Results["raw"],
): WorkloadResult[] {
  const all = new Map<string, { spec: WorkloadSpec; result: WorkloadResult }>();
  const results: WorkloadResult[] = [];
  for (const spec of specs) {
    const side = (runtime: RuntimeName) => ({
      ours: pick(raw[runtime], spec.ours, spec.ops),
      alternatives: spec.alternatives.map((a) => ({
        label: a.label,
        figure: pick(raw[runtime], a.select, spec.ops),
      })),
    });
    const result: WorkloadResult = {
      id: spec.id,
      title: spec.title,
      per: spec.per,
      unit: spec.unit ?? "ns",
      chart: spec.chart === true,
      runtimes: { deno: side("deno"), bun: side("bun") },
      twisted: spec.twisted ? pick(raw.twisted, spec.twisted, spec.ops) : null,
      twistedGrowth: null,
      twistedAbsent: spec.twistedAbsent ??
        (spec.twisted === undefined ? "no equivalent" : null),
      verdicts: [],
    };
    if (spec.listAlternatives) result.listAlternatives = true;
    if (spec.twistedGrowth !== undefined && result.twisted !== null) {
      const g = spec.twistedGrowth;
      const small = pick(raw.twisted, g.from, g.fromOps);
      const bigOps = spec.twisted?.ops ?? spec.ops;
      if (small !== null && g.fromOps !== bigOps) {
        result.twistedGrowth = {
          exponent: growthExponent(
            small.value,
            g.fromOps,
            result.twisted.value,
            bigOps,
          ),
          from: g.label,
        };
      }
    }
    all.set(spec.id, { spec, result });
    results.push(result);
  }
  for (const { spec, result } of all.values()) {
    for (const t of spec.targets) {
      for (const runtime of t.runtimes) {
        result.verdicts.push(evaluate(t, runtime, spec, result, all));
      }
    }
  }
  return results;
}

/** A value in the workload's unit, for people. */
export function formatValue(
  value: number,
  unit: WorkloadResult["unit"],
): string {
  if (unit === "ns") return formatTime(value);
  if (unit === "B") return `${value.toFixed(0)} B`;
  if (unit === "req/s") return `${formatRate(value)} req/s`;
  if (unit === "tasks/s") return `${formatRate(value)} tasks/s`;
  return `${value.toFixed(2)} ms/s`;
}

function oursCell(w: WorkloadResult, runtime: RuntimeName): string {
  const side = w.runtimes[runtime];
  if (side.ours === null) return "not measured";
  const ours = side.ours.value;
  const lines = [`**${formatValue(ours, w.unit)}**`];
  if (w.unit === "ns" && w.verdicts.some((v) => v.kind === "rate")) {
    lines[0] += ` (${formatRate(1e9 / ours)} tasks/s)`;
  }
  for (const a of side.alternatives) {
    if (a.figure === null) continue;
    const words = compareText(w.unit, a.figure.value, ours);
    lines.push(
      `vs ${a.label} ${formatValue(a.figure.value, w.unit)}: ${words}`,
    );
  }
  return lines.join("<br>");
}

function twistedCell(w: WorkloadResult): string {
  if (w.twisted === null) return w.twistedAbsent ?? "not measured";
  const t = w.twisted;
  const lines = [formatValue(t.value, w.unit) + (t.note ? ` (${t.note})` : "")];
  if (w.twistedGrowth !== null) {
    lines.push(
      `growth exponent ${
        w.twistedGrowth.exponent.toFixed(2)
      } from ${w.twistedGrowth.from} (1 = linear)`,
    );
  }
  for (const runtime of ["deno", "bun"] as const) {
    const ours = w.runtimes[runtime].ours?.value;
    if (ours === undefined) continue;
    lines.push(
      `${RUNTIME_LABEL[runtime]} ${compareText(w.unit, t.value, ours)}`,
    );
  }
  return lines.join("<br>");
}

/** What a verdict measured, for people: a ratio, a rate, a value. */
export function measuredText(v: Verdict, unit: WorkloadResult["unit"]): string {
  if (v.measured === null) return "not measured";
  switch (v.kind) {
    case "rate":
      return `${formatRate(v.measured)}/s`;
    case "max":
      return formatValue(v.measured, unit);
    case "growth":
      return `exponent ${v.measured.toFixed(2)}` +
        (v.context === undefined ? "" : `; ${v.context}`);
    default:
      return formatRatio(v.measured) +
        (v.context === undefined ? "" : `; ${v.context}`);
  }
}

function verdictMark(met: boolean | null): string {
  return met === null ? "? not measured" : met ? "✅ met" : "❌ missed";
}

/** " · commit abc1234 (+ uncommitted: …)" for the caption. */
export function sourceText(source: Results["source"]): string {
  if (source === undefined) return "";
  let text = ` · commit ${source.commit}`;
  if (source.modified.length > 0) {
    text += ` (+ uncommitted: ${source.modified.join(", ")})`;
  }
  if (source.only !== undefined) {
    text += `; last re-run: --only ${source.only}`;
  }
  return text;
}

/** The Markdown table (and its caption) of a results file. */
export function toMarkdown(r: Results): string {
  const out: string[] = [];
  out.push("# twisted-ts benchmarks", "");
  out.push(
    `${
      r.date.slice(0, 10)
    } · ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}` +
      ` · ${
        Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")
      }` + sourceText(r.source),
    "",
    "Medians; figures per operation (the unit after the slash). Ratios are " +
      'the alternative\'s figure over ours: "5× faster" means ours takes a ' +
      "fifth of the time. Generated by `deno task bench:all` " +
      "(bench/all.ts); raw figures in latest.json.",
    "",
  );
  out.push(
    "| Workload | Deno: ours vs native | Bun: ours vs native | Twisted 22.4 | Target | Met? |",
    "|---|---|---|---|---|---|",
  );
  for (const w of r.workloads) {
    const targets = w.verdicts.map((v) =>
      `${v.target} (${RUNTIME_LABEL[v.runtime]})`
    );
    const met = w.verdicts.map((v) =>
      `${verdictMark(v.met)} (${RUNTIME_LABEL[v.runtime]}: ${
        measuredText(v, w.unit)
      })`
    );
    const cells = [
      `${w.title}<br>*per ${w.per}*`,
      oursCell(w, "deno"),
      oursCell(w, "bun"),
      twistedCell(w),
      targets.length > 0 ? targets.join("<br>") : "—",
      met.length > 0 ? met.join("<br>") : "—",
    ].map((c) => c.replaceAll("|", "\\|"));
    out.push(`| ${cells.join(" | ")} |`);
  }
  out.push(
    "",
    "Notes:",
    "",
    "- Twisted runs from `bench/twisted/*.py` on Debian's CPython. Its Deferred " +
      "chain pops callbacks from the front of a list and its `Clock` re-sorts " +
      "its list on every call, so both cost O(n) per operation: compare the " +
      "10k, 100k and 1M rows. Its 1M fire-only and chaining variants take " +
      "about a minute each and run only with `--full`.",
    "- Bench files: `bench/*_bench.ts` (run on both runtimes by " +
      "`bench/run.ts`), idle CPU: `bench/idle_cpu.ts`, memory of pending " +
      "calls: `bench/pending_memory.ts` (a fresh process per sample; peak " +
      "resident memory from `VmHWM`). Every figure is a " +
      "median over samples; with a shared 2-core machine, ratios are the " +
      "meaningful part.",
  );
  const verdicts = r.workloads.flatMap((w) => w.verdicts);
  const metCount = verdicts.filter((v) => v.met === true).length;
  const missed = verdicts.filter((v) => v.met === false).length;
  const unknown = verdicts.filter((v) => v.met === null).length;
  out.push(
    "",
    `Targets: ${metCount} met, ${missed} missed, ${unknown} not measured.`,
  );
  const problems = (["deno", "bun", "twisted"] as const).flatMap((rt) => {
    const run = r.raw[rt];
    if (run === null) return [`${rt}: not run`];
    return [
      ...run.errors.map((e) => `${rt}: ${e.file} failed to load: ${e.error}`),
      ...run.benches.filter((b) => b.error !== undefined).map((b) =>
        `${rt}: ${b.file} ${b.group ?? ""} / ${b.name}: ${b.error}`
      ),
    ];
  });
  if (problems.length > 0) {
    out.push("", "Problems:", "", ...problems.map((p) => `- ${p}`));
  }
  return out.join("\n") + "\n";
}

/** Concatenates the results of several runner invocations of one runtime. */
export function mergeRuns(runs: readonly RunResult[]): RunResult | null {
  if (runs.length === 0) return null;
  return {
    schema: "twisted-ts-bench/1",
    runtime: runs[0]!.runtime,
    date: runs[0]!.date,
    benches: runs.flatMap((r) => r.benches),
    metrics: runs.flatMap((r) => r.metrics),
    errors: runs.flatMap((r) => r.errors),
  };
}

/**
 * `old` with everything from `files` replaced by `fresh` (which measured
 * exactly those files): how `--only` keeps the figures it did not re-measure.
 */
export function replaceFiles(
  old: RunResult | null,
  fresh: RunResult | null,
  files: readonly string[],
): RunResult | null {
  if (old === null) return fresh;
  if (fresh === null) return old;
  const redone = new Set(files);
  const keep = <T extends { file: string }>(xs: T[]) =>
    xs.filter((x) => !redone.has(x.file));
  return {
    ...fresh,
    benches: [...keep(old.benches), ...fresh.benches],
    metrics: [...keep(old.metrics), ...fresh.metrics],
    errors: [...keep(old.errors), ...fresh.errors],
  };
}
