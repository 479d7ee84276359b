/**
 * Runs every benchmark in one go — ours on Deno and on Bun (through
 * `run.ts`, one process per bench file), the idle-CPU measurement on both,
 * and the Twisted programs in `bench/twisted/` — then writes:
 *
 * - `bench/results/latest.json`: the date, the machine (CPU model, cores),
 *   every runtime's version, every raw result, and per workload the figures
 *   per operation (ours and the alternatives on each runtime, Twisted), the
 *   ratios and whether each target is met;
 * - `bench/results/latest.md`: the same as a Markdown table;
 * - `bench/results/chart.svg`: the chart (see `chart.ts`).
 *
 * ```sh
 * deno task bench:all                 # everything (about 5-10 minutes)
 * deno task bench:all --quick         # short budgets, small Twisted sizes
 * deno task bench:all --skip twisted  # reuse Twisted's figures from latest.json
 * deno task bench:all --rebuild       # no measuring: redo tables and chart
 * ```
 *
 * The workloads are declared in {@linkcode WORKLOADS}: each names the bench
 * that is ours, the alternatives it is compared with (the first one is "the
 * native thing"), the Twisted equivalent, how many operations one iteration
 * performs (so every figure is per operation: per step, per timer, per
 * task), and the targets. Benches are found by their file, group and name;
 * a workload whose benches are missing is reported as "not measured", never
 * dropped silently.
 *
 * @module
 */
import { renderChart } from "./chart.ts";
import { formatRate, formatRatio, formatTime, type RunResult } from "./run.ts";

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
  /** `"ns"` (time per op, the default), `"B"` or `"ms/s"` (metrics). */
  unit?: "ns" | "B" | "ms/s";
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
}

const TW_DEFER = "deferred_bench.py";
/** Why the slowest Twisted variants are not run by default. */
const TW_MINUTE = "not run by default (about a minute at 1M; --full)";
const TW_REACTOR = "reactor_bench.py";
const TW_THREADS = "threads_bench.py";
const THREADS = "threads_bench.ts";
const REACTOR = "reactor_bench.ts";
const BOTH: RuntimeName[] = ["deno", "bun"];

const DEFER = "deferred_bench.ts";

function chainWorkload(
  label: string,
  ops: number,
  fireOnly: boolean,
): WorkloadSpec {
  const big = ops >= 1_000_000;
  const group = fireOnly ? `chain ${label} fire only` : `chain ${label}`;
  const id = `deferred-chain-${label}${fireOnly ? "-fire" : ""}`;
  const targets: Target[] = [];
  if (big && !fireOnly) {
    targets.push(
      { kind: "within", of: "try/catch floor", factor: 3, runtimes: BOTH },
      { kind: "faster", than: ".then chain", factor: 5, runtimes: ["deno"] },
      { kind: "faster", than: ".then chain", factor: 1.7, runtimes: ["bun"] },
      { kind: "faster", than: "twisted", factor: 20, runtimes: BOTH },
    );
  }
  if (big) {
    targets.push({
      kind: "flat",
      vs: `deferred-chain-10k${fireOnly ? "-fire" : ""}`,
      vsLabel: "at 10k",
      context: "try/catch floor",
      factor: 1.5,
      runtimes: BOTH,
    });
  }
  return {
    id,
    title: fireOnly
      ? `Deferred: ${label}-step callback chain, fired only (built untimed)`
      : `Deferred: ${label}-step callback chain, built and fired`,
    per: "step",
    ops,
    ours: {
      file: DEFER,
      group,
      name: fireOnly ? "Deferred, fire only" : "Deferred, build and fire",
    },
    alternatives: [
      {
        label: ".then chain",
        select: {
          file: DEFER,
          group,
          name: fireOnly
            ? "promise .then chain, resolve only"
            : "promise .then chain, build and resolve",
        },
      },
      {
        label: "try/catch floor",
        select: {
          file: DEFER,
          group,
          name: fireOnly
            ? "floor: try/catch loop over stored functions, run only"
            : "floor: try/catch loop over stored functions, build and run",
        },
      },
    ],
    twisted: {
      file: TW_DEFER,
      group,
      name: fireOnly
        ? "twisted Deferred fire only"
        : "twisted Deferred build and fire",
    },
    targets,
    ...(big && fireOnly ? { twistedAbsent: TW_MINUTE } : {}),
    chart: !fireOnly || big,
  };
}

function timerWorkload(label: string, ops: number): WorkloadSpec {
  const big = ops >= 1_000_000;
  return {
    id: `timers-${label}`,
    title:
      `Reactor: ${label} callLater, random delays in [0, 100) ms, all fired`,
    per: "timer",
    ops,
    ours: {
      file: REACTOR,
      group: `timers ${label}`,
      name: "Reactor callLater",
    },
    alternatives: [
      {
        label: "setTimeout",
        select: {
          file: REACTOR,
          group: `timers ${label}`,
          name: "setTimeout",
        },
      },
    ],
    twisted: {
      file: TW_REACTOR,
      group: `timers ${label}`,
      name: "twisted reactor callLater",
    },
    targets: big
      ? [
        { kind: "faster", than: "setTimeout", factor: 5, runtimes: ["deno"] },
        { kind: "faster", than: "setTimeout", factor: 2, runtimes: ["bun"] },
        { kind: "faster", than: "twisted", factor: 10, runtimes: BOTH },
      ]
      : [],
    chart: true,
  };
}

/**
 * The workloads and targets of the issue. Selectors follow the groups and
 * names of `bench/*_bench.ts` and `bench/twisted/*.py`.
 */
export const WORKLOADS: WorkloadSpec[] = [
  chainWorkload("10k", 10_000, false),
  chainWorkload("100k", 100_000, false),
  chainWorkload("1M", 1_000_000, false),
  chainWorkload("10k", 10_000, true),
  chainWorkload("1M", 1_000_000, true),
  {
    id: "deferred-chain-1M-fire-4",
    title: "Deferred: 1M-step chain of 4 distinct callbacks, fired only",
    per: "step",
    ops: 1_000_000,
    ours: {
      file: DEFER,
      group: "chain 1M fire only, 4 distinct callbacks",
      name: "Deferred, fire only",
    },
    alternatives: [
      {
        label: ".then chain",
        select: {
          file: DEFER,
          group: "chain 1M fire only, 4 distinct callbacks",
          name: "promise .then chain, resolve only",
        },
      },
      {
        label: "try/catch floor",
        select: {
          file: DEFER,
          group: "chain 1M fire only, 4 distinct callbacks",
          name: "floor: try/catch loop over stored functions, run only",
        },
      },
    ],
    twisted: {
      file: TW_DEFER,
      group: "chain 1M fire only",
      name: "twisted Deferred fire only",
    },
    targets: [
      { kind: "within", of: "try/catch floor", factor: 3, runtimes: BOTH },
    ],
    twistedAbsent: TW_MINUTE,
    chart: true,
  },
  {
    id: "deferred-many",
    title: "Deferred: 100k Deferreds × 10 callbacks, each fired",
    per: "callback",
    ops: 1_000_000,
    ours: {
      file: DEFER,
      group: "100k deferreds x 10 callbacks",
      name: "Deferreds, 10 addCallback each, then callback",
    },
    alternatives: [{
      label: "promises",
      select: {
        file: DEFER,
        group: "100k deferreds x 10 callbacks",
        name: "promises, 10 .then each",
      },
    }],
    twisted: {
      file: TW_DEFER,
      group: "100k deferreds x 10 callbacks",
      name: "twisted Deferred",
    },
    targets: [],
    chart: true,
  },
  ...(["10k", "100k", "1M"] as const).map((label): WorkloadSpec => ({
    id: `deferred-chaining-${label}`,
    title: `Deferred: ${label} callbacks each returning a fired Deferred`,
    per: "step",
    ops: label === "10k" ? 10_000 : label === "100k" ? 100_000 : 1_000_000,
    ours: {
      file: DEFER,
      group: `chaining ${label}`,
      name: "Deferred callbacks returning fired Deferreds",
    },
    alternatives: [{
      label: "promises",
      select: {
        file: DEFER,
        group: `chaining ${label}`,
        name: "promise .then returning resolved promises",
      },
    }],
    twisted: {
      file: TW_DEFER,
      group: `chaining ${label}`,
      name: "twisted Deferred",
    },
    targets: [],
    ...(label === "1M" ? { twistedAbsent: TW_MINUTE } : {}),
    chart: label === "1M",
  })),
  timerWorkload("100k", 100_000),
  timerWorkload("1M", 1_000_000),
  {
    id: "schedule-cancel",
    title: "Reactor: callLater + cancel, 100k pairs",
    per: "pair",
    ops: 100_000,
    ours: {
      file: REACTOR,
      group: "schedule+cancel 100k",
      name: "Reactor callLater+cancel",
    },
    alternatives: [
      {
        label: "setTimeout+clearTimeout",
        select: {
          file: REACTOR,
          group: "schedule+cancel 100k",
          name: "setTimeout+clearTimeout",
        },
      },
    ],
    twisted: {
      file: TW_REACTOR,
      group: "schedule+cancel 100k",
      name: "twisted reactor callLater+cancel",
    },
    targets: [{ kind: "max", value: 100, runtimes: BOTH }],
    chart: true,
  },
  ...([["10k", 10_000], ["100k", 100_000]] as const).map((
    [label, ops],
  ): WorkloadSpec => ({
    id: `run-until-current-${label}`,
    title: `Reactor: runUntilCurrent over ${label} due calls`,
    per: "call",
    ops,
    ours: {
      file: REACTOR,
      group: `runUntilCurrent ${label}`,
      name: "Reactor runUntilCurrent",
    },
    alternatives: [{
      label: "try/catch floor",
      select: {
        file: REACTOR,
        group: `runUntilCurrent ${label}`,
        name: "floor: loop over the functions, each in try/catch",
      },
    }],
    twisted: {
      file: TW_REACTOR,
      group: `runUntilCurrent ${label}`,
      name: "twisted reactor",
    },
    targets: [],
    chart: label === "100k",
  })),
  {
    id: "clock-advance-10k",
    title: "Clock: callLater × 10k, then advance past them all",
    per: "call",
    ops: 10_000,
    ours: {
      file: REACTOR,
      group: "Clock.advance 10k",
      name: "Clock callLater + advance",
    },
    alternatives: [{
      label: "Twisted's algorithm in JS",
      select: {
        file: REACTOR,
        group: "Clock.advance 10k",
        name: "sorted list re-sorted per call (Twisted's algorithm)",
      },
    }],
    twisted: {
      file: TW_REACTOR,
      group: "Clock schedule+advance 10k",
      name: "twisted Clock schedule+advance",
    },
    twistedGrowth: {
      from: {
        file: TW_REACTOR,
        group: "Clock schedule+advance 1k",
        name: "twisted Clock schedule+advance",
      },
      fromOps: 1_000,
      label: "1k",
    },
    targets: [],
    chart: true,
  },
  {
    id: "clock-advance-100k",
    title: "Clock: callLater × 100k, then advance past them all",
    per: "call",
    ops: 100_000,
    ours: {
      file: REACTOR,
      group: "Clock.advance 100k",
      name: "Clock callLater + advance",
    },
    alternatives: [],
    twistedAbsent: "not run (quadratic: 10k calls take seconds)",
    targets: [{
      kind: "growth",
      vs: "clock-advance-10k",
      vsLabel: "10k",
      max: 1.2,
      runtimes: BOTH,
    }],
    chart: true,
  },
  {
    id: "heap-layout",
    title: "Scheduler heap: push 1M random keys, pop them all",
    per: "key",
    ops: 1_000_000,
    ours: {
      file: REACTOR,
      group: "heap layout 1M",
      name: "typed arrays (the scheduler's heap)",
    },
    alternatives: [{
      label: "array of objects",
      select: {
        file: REACTOR,
        group: "heap layout 1M",
        name: "array of objects",
      },
    }],
    targets: [],
  },
  {
    id: "pending-memory",
    title: "Reactor: memory per pending call",
    per: "pending call",
    ops: 1,
    unit: "B",
    ours: {
      file: REACTOR,
      group: "memory per pending call",
      name: "Reactor callLater",
      metric: true,
    },
    alternatives: [
      {
        label: "setTimeout",
        select: {
          file: REACTOR,
          group: "memory per pending call",
          name: "setTimeout",
          metric: true,
        },
      },
    ],
    twisted: {
      file: TW_REACTOR,
      group: "memory per pending call",
      name: "twisted DelayedCall",
      metric: true,
    },
    targets: [{ kind: "max", value: 150, runtimes: BOTH }],
    chart: true,
  },
  {
    id: "pool-throughput",
    title: "Threads: 100k trivial tasks through a 2-worker pool",
    per: "task",
    ops: 100_000,
    ours: {
      file: THREADS,
      group: "pool throughput 100k",
      name: "deferToThreadPool, 2-thread pool, Deferreds fired on the reactor",
    },
    alternatives: [
      {
        label: "raw postMessage",
        select: {
          file: THREADS,
          group: "pool throughput 100k",
          name: "raw postMessage, 2 workers, one message per task",
        },
      },
    ],
    twisted: {
      file: TW_THREADS,
      group: "pool throughput 100k",
      name: "twisted deferToThread",
      ops: 1,
    },
    targets: [
      { kind: "rate", value: 100_000, runtimes: ["deno"] },
      { kind: "rate", value: 125_000, runtimes: ["bun"] },
    ],
    chart: true,
  },
  {
    id: "round-trip",
    title: "Threads: single-task round trip",
    per: "task",
    ops: 1,
    ours: {
      file: THREADS,
      group: "round trip",
      name: "deferToThreadPool round trip, 2-thread pool",
    },
    alternatives: [
      {
        label: "postMessage ping-pong",
        select: {
          file: THREADS,
          group: "round trip",
          name: "postMessage ping-pong, one worker",
        },
      },
    ],
    twisted: {
      file: TW_THREADS,
      group: "round trip",
      name: "twisted deferToThread",
    },
    targets: [{
      kind: "within",
      of: "postMessage ping-pong",
      factor: 1.2,
      runtimes: BOTH,
    }],
    chart: true,
  },
  {
    id: "idle-cpu",
    title: "Reactor: CPU used while idle, one far call pending",
    per: "idle second",
    ops: 1,
    unit: "ms/s",
    ours: {
      file: "idle_cpu.ts",
      group: "idle reactor CPU",
      name: "Reactor",
      metric: true,
    },
    alternatives: [
      {
        label: "idle runtime",
        select: {
          file: "idle_cpu.ts",
          group: "idle reactor CPU",
          name: "native setTimeout",
          metric: true,
        },
      },
    ],
    twisted: {
      file: "idle_cpu.py",
      group: "idle reactor CPU",
      name: "twisted reactor",
      metric: true,
    },
    // "No CPU": a busy or polling loop costs 10-1000 ms/s; the idle
    // runtime itself measures 0.2-1 ms/s here, so 2 ms/s tolerates noise.
    targets: [{ kind: "max", value: 2, runtimes: BOTH }],
  },
];

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
  unit: "ns" | "B" | "ms/s";
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
}

/** The whole results file. */
export interface Results {
  schema: "twisted-ts-results/1";
  date: string;
  machine: { cpu: string; cores: number; os: string; memoryGiB: number | null };
  versions: Record<string, string>;
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
    case "faster": {
      const other = alt(t.than);
      return verdict(
        other === null ? null : other / ours,
        (r) => r >= t.factor,
      );
    }
    case "within": {
      const other = alt(t.of);
      return verdict(
        other === null ? null : ours / other,
        (r) => r <= t.factor,
      );
    }
    case "max":
      return verdict(ours, (v) => v <= t.value);
    case "rate":
      return verdict(1e9 / ours, (v) => v >= t.value);
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
      return verdict(k, (v) => v <= t.max);
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
  return `${value.toFixed(2)} ms/s`;
}

function oursCell(w: WorkloadResult, runtime: RuntimeName): string {
  const side = w.runtimes[runtime];
  if (side.ours === null) return "not measured";
  const ours = side.ours.value;
  const lines = [`**${formatValue(ours, w.unit)}**`];
  if (w.verdicts.some((v) => v.kind === "rate")) {
    lines[0] += ` (${formatRate(1e9 / ours)} tasks/s)`;
  }
  for (const a of side.alternatives) {
    if (a.figure === null) continue;
    const smaller = w.unit === "ns" ? "faster" : "less";
    const bigger = w.unit === "ns" ? "slower" : "more";
    const r = a.figure.value / ours;
    const words = r >= 1
      ? `${formatRatio(r)} ${smaller}`
      : `${formatRatio(1 / r)} ${bigger}`;
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
    const r = t.value / ours;
    const more = w.unit === "ns" ? "faster" : "less";
    const less = w.unit === "ns" ? "slower" : "more";
    lines.push(
      `${RUNTIME_LABEL[runtime]} ${
        r >= 1 ? `${formatRatio(r)} ${more}` : `${formatRatio(1 / r)} ${less}`
      }`,
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
      return `exponent ${v.measured.toFixed(2)}`;
    default:
      return formatRatio(v.measured) +
        (v.context === undefined ? "" : `; ${v.context}`);
  }
}

function verdictMark(met: boolean | null): string {
  return met === null ? "? not measured" : met ? "✅ met" : "❌ missed";
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
      }`,
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
      "`bench/run.ts`), idle CPU: `bench/idle_cpu.ts`. Every figure is a " +
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

// ---------------------------------------------------------------- running

const HERE = new URL(".", import.meta.url);
const ROOT = new URL("..", HERE);
const RESULTS = new URL("results/", HERE);

async function output(cmd: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "";
  }
}

async function machine(): Promise<Results["machine"]> {
  let cpu = "unknown CPU";
  let cores = navigator.hardwareConcurrency ?? 0;
  let memoryGiB: number | null = null;
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
    cores = info.match(/^processor\s*:/gm)?.length ?? cores;
  } catch { /* not Linux: keep the defaults */ }
  try {
    const mem = await Deno.readTextFile("/proc/meminfo");
    const kb = Number(/^MemTotal:\s*(\d+)/m.exec(mem)?.[1]);
    if (kb > 0) memoryGiB = Math.round((kb / 1024 / 1024) * 10) / 10;
  } catch { /* unknown */ }
  return { cpu, cores, os: `${Deno.build.os} ${Deno.build.arch}`, memoryGiB };
}

function bunPath(): string {
  return new URL("node_modules/.bin/bun", ROOT).pathname;
}

const PYTHON = "/usr/bin/python3";

async function versions(): Promise<Record<string, string>> {
  const python = await output(PYTHON, [
    "-c",
    "import platform, twisted; print(platform.python_version(), twisted.__version__)",
  ]);
  const [py = "", tw = ""] = python.split(" ");
  return {
    Deno: Deno.version.deno,
    Bun: await output(bunPath(), ["--version"]),
    Python: py,
    Twisted: tw,
  };
}

/** Runs a command with inherited stderr, returning its exit code. */
async function run(
  cmd: string,
  args: string[],
  stdoutTo?: string,
): Promise<number> {
  console.error(`$ ${cmd.split("/").pop()} ${args.join(" ")}`);
  const child = new Deno.Command(cmd, {
    args,
    cwd: ROOT.pathname,
    stdout: stdoutTo === undefined ? "inherit" : "piped",
    stderr: "inherit",
  }).spawn();
  if (stdoutTo !== undefined) {
    const out = await child.output();
    await Deno.writeFile(stdoutTo, out.stdout);
    return out.code;
  }
  return (await child.status).code;
}

async function readRun(path: string): Promise<RunResult | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as RunResult;
  } catch {
    return null;
  }
}

function failedRun(runtime: string, file: string, why: string): RunResult {
  return {
    schema: "twisted-ts-bench/1",
    runtime: { name: runtime, version: "" },
    date: new Date().toISOString(),
    benches: [],
    metrics: [],
    errors: [{ file, error: why }],
  };
}

async function benchFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(HERE)) {
    if (e.isFile && /_bench\.ts$/.test(e.name)) files.push(`bench/${e.name}`);
  }
  return files.sort();
}

async function measureRuntime(
  runtime: RuntimeName,
  files: string[],
  tmp: string,
  runnerArgs: string[],
): Promise<RunResult | null> {
  const runs: RunResult[] = [];
  const prefix = runtime === "deno"
    ? [Deno.execPath(), ["run", "-A", "--v8-flags=--expose-gc"]] as const
    : [bunPath(), []] as const;
  for (const file of [...files, "bench/idle_cpu.ts"]) {
    const out = `${tmp}/${runtime}-${file.replaceAll("/", "_")}.json`;
    const args = file.endsWith("idle_cpu.ts")
      ? [...prefix[1], file, "--json", out]
      : [...prefix[1], "bench/run.ts", file, "--json", out, ...runnerArgs];
    const code = await run(prefix[0], args);
    const result = await readRun(out);
    runs.push(
      result ??
        failedRun(runtime, file, `exited with code ${code} and no results`),
    );
  }
  return mergeRuns(runs);
}

async function measureTwisted(
  tmp: string,
  pyArgs: string[],
): Promise<RunResult | null> {
  const runs: RunResult[] = [];
  const programs: string[] = [];
  for await (const e of Deno.readDir(new URL("twisted/", HERE))) {
    if (e.isFile && /^[a-z].*\.py$/.test(e.name)) programs.push(e.name);
  }
  for (const program of programs.sort()) {
    const out = `${tmp}/twisted-${program}.json`;
    const code = await run(
      PYTHON,
      [`bench/twisted/${program}`, ...pyArgs],
      out,
    );
    runs.push(
      (await readRun(out)) ??
        failedRun(
          "twisted",
          program,
          `exited with code ${code} and no results`,
        ),
    );
  }
  return mergeRuns(runs);
}

async function previous(): Promise<Results | null> {
  try {
    return JSON.parse(
      await Deno.readTextFile(new URL("latest.json", RESULTS)),
    ) as Results;
  } catch {
    return null;
  }
}

/**
 * Writes latest.json, latest.md and chart.svg from the raw runs; `from`
 * keeps the date, machine and versions of an earlier run (for --rebuild).
 */
export async function writeResults(
  raw: Results["raw"],
  from?: Pick<Results, "date" | "machine" | "versions">,
): Promise<Results> {
  const results: Results = {
    schema: "twisted-ts-results/1",
    date: from?.date ?? new Date().toISOString(),
    machine: from?.machine ?? await machine(),
    versions: from?.versions ?? await versions(),
    workloads: buildWorkloads(WORKLOADS, raw),
    raw,
  };
  await Deno.mkdir(RESULTS, { recursive: true });
  await Deno.writeTextFile(
    new URL("latest.json", RESULTS),
    JSON.stringify(results, null, 2) + "\n",
  );
  await Deno.writeTextFile(new URL("latest.md", RESULTS), toMarkdown(results));
  await Deno.writeTextFile(new URL("chart.svg", RESULTS), renderChart(results));
  return results;
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const rebuild = args.includes("--rebuild");
  const skip = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--skip") skip.add(args[++i] ?? "");
    else if (!["--quick", "--rebuild"].includes(args[i]!)) {
      throw new TypeError(`bench:all: unknown argument ${args[i]}`);
    }
  }
  const old = await previous();
  let raw: Results["raw"];
  if (rebuild) {
    if (old === null) {
      throw new Error("--rebuild: no bench/results/latest.json");
    }
    raw = old.raw;
  } else {
    const tmp = await Deno.makeTempDir({ prefix: "twisted-ts-bench-" });
    try {
      const files = await benchFiles();
      const runnerArgs = quick
        ? ["--budget", "200", "--warmup", "50", "--min-samples", "3"]
        : [];
      const pyArgs = quick
        ? ["--quick", "--budget", "0.2", "--min-samples", "3"]
        : [];
      raw = {
        deno: skip.has("deno")
          ? old?.raw.deno ?? null
          : await measureRuntime("deno", files, tmp, runnerArgs),
        bun: skip.has("bun")
          ? old?.raw.bun ?? null
          : await measureRuntime("bun", files, tmp, runnerArgs),
        twisted: skip.has("twisted")
          ? old?.raw.twisted ?? null
          : await measureTwisted(tmp, pyArgs),
      };
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  }
  const results = await writeResults(
    raw,
    rebuild ? old ?? undefined : undefined,
  );
  console.log(toMarkdown(results));
  console.log("wrote bench/results/latest.json, latest.md, chart.svg");
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
