/**
 * Memory of a pending call as the operating system sees it: 1M calls an
 * hour away, scheduled with `callLater` in a running `Reactor`, against 1M
 * native `setTimeout`s, on the runtime that runs this script (Deno or Bun).
 *
 * Two figures per pending call, each in a fresh process (one per sample):
 * - peak resident memory: the process's peak resident set (`VmHWM` in
 *   `/proc/self/status`) once the calls are pending, minus its resident set
 *   (`VmRSS`) just before the first was scheduled, divided by the count.
 *   The peak is reset first (`5` written to `/proc/self/clear_refs`) so a
 *   start-up spike does not hide the growth. This counts what the JS-heap
 *   figure leaves out: the young generation the engine grows while the calls
 *   are made, garbage not yet collected, spare array capacity, and memory
 *   the host keeps outside the heap (native timers);
 * - JS heap: heap used plus external memory (typed arrays' storage, counted
 *   once: see `MemoryUsage.heapAndExternal` in `_runtime.ts`) after a
 *   full GC, growth per call — what the calls keep alive.
 *
 * The sides, each in its own process:
 * - `Reactor callLater`: a running reactor; its `callWhenRunning` function
 *   schedules the calls (as code run by the loop does), then a `callLater(0)`
 *   takes the readings once a pass has moved them into the scheduler;
 * - `Reactor callLater, made by a timed call`: the same calls made by a
 *   call the reactor is running (they wait in the scheduler's staging list
 *   until the next pass, as Twisted's do);
 * - `setTimeout`: the runtime's timers, scheduled the same way, read after
 *   one turn of the event loop;
 * - `floor: the scheduler's heap, no handles`: the scheduler's heap arrays
 *   holding the same keys and the function, and no `DelayedCall` at all —
 *   what a scheduler whose calls had no handle objects would cost;
 * - `floor: the heap and a one-field object per call`: the same, with the
 *   smallest object a handle could be (one field: its scheduler) made per
 *   call — what returning any handle at all costs on top;
 * - `floor: the heap and a five-field object per call`: the same, with an
 *   object holding what a pending `DelayedCall` must hold (its due time, a
 *   fraction of a second, its sequence, its state, its function and its
 *   scheduler) but none of its methods or bookkeeping — what the calls
 *   would cost if `DelayedCall` had nothing left to remove;
 * - with `--literal-floor` only: `floor: the heap and a five-field object
 *   literal per call` — the same fields made by a plain `{ … }` literal,
 *   whose objects V8 allocates straight in the old generation once it sees
 *   most of them survive (allocation-site pretenuring; a `new` of a class
 *   gets no such site), so the young generation does not grow to copy
 *   them.
 *
 * Before the baseline reading each process makes and drops 10k of its calls
 * (so compiled code and the runtime's lazily built structures exist), and
 * collects garbage twice. Sides alternate, `--runs` samples each; the
 * medians are reported as metrics (groups below) in the runner's JSON
 * schema, which `bench/all.ts` reads. Linux only: elsewhere the resident
 * figures are skipped.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/pending_memory.ts [--json out.json] [--runs 5] [--count 1000000] [--literal-floor]
 * bun bench/pending_memory.ts [--json out.json]
 * ```
 *
 * @module
 */
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Reactor } from "../reactor/mod.ts";
import { Scheduler } from "../reactor/_scheduler.ts";
import type { DelayedCall } from "../reactor/delayed_call.ts";
import {
  gc,
  memoryUsage,
  resetPeakResident,
  residentBytes,
  runStandalone,
  runtime,
  writeResult,
} from "./_runtime.ts";
import type { MetricResult, RunResult } from "./_run_result.ts";
import { median } from "./_stats.ts";

/** The metric group of the peak-resident figures. */
export const RSS_GROUP = "pending calls 1M: peak resident memory";
/** The metric group of the JS-heap figures. */
export const HEAP_GROUP = "pending calls 1M: JS heap";

/** The sides, by the name their metrics carry. */
export const SIDES = {
  reactor: "Reactor callLater",
  "reactor-in-pass": "Reactor callLater, made by a timed call",
  native: "setTimeout",
  floor: "floor: the scheduler's heap, no handles",
  "floor-handle": "floor: the heap and a one-field object per call",
  "floor-fields": "floor: the heap and a five-field object per call",
} as const;

/** Sides measured only when asked for (`--literal-floor`). */
const EXTRA_SIDES = {
  "floor-literal": "floor: the heap and a five-field object literal per call",
} as const;

type Side = keyof typeof SIDES | keyof typeof EXTRA_SIDES;
const NAMES: Record<Side, string> = { ...SIDES, ...EXTRA_SIDES };

/** What one child process measured, in bytes per pending call. */
interface Sample {
  /** Peak resident growth per call; `null` where `/proc` is missing. */
  rss: number | null;
  /** Heap + external growth per call after a full GC. */
  heap: number;
}

/** Seeded delays in [0, 1) (mulberry32), as `reactor_bench.ts`'s. */
function delays(n: number, seed = 6): Float64Array {
  const out = new Float64Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

const noop = () => {};

/** The readings around a build: call `start()` before, `end()` after. */
function meter(n: number) {
  let rss0: number | null = null;
  let peakReset = false;
  let heap0 = 0;
  return {
    start(): void {
      gc();
      gc();
      const m = memoryUsage();
      heap0 = m.heapAndExternal;
      peakReset = resetPeakResident();
      rss0 = residentBytes("VmRSS");
    },
    end(): Sample {
      const hwm = residentBytes("VmHWM");
      gc();
      gc();
      const m = memoryUsage();
      return {
        rss: peakReset && hwm !== null && rss0 !== null
          ? (hwm - rss0) / n
          : null,
        heap: (m.heapAndExternal - heap0) / n,
      };
    },
  };
}

/** Schedules `n` calls in a running reactor and measures them. */
function reactorSide(
  n: number,
  d: Float64Array,
  inPass: boolean,
): Promise<Sample> {
  // warm-up: the same calls, 10k of them, cancelled
  {
    const r = new Reactor({ installSignalHandlers: false });
    const calls = [];
    for (let i = 0; i < 10_000; i++) {
      calls.push(r.callLater(3600 + d[i]!, noop));
    }
    r.timeout();
    for (const c of calls) c.cancel();
  }
  const m = meter(n);
  const reactor = new Reactor({ installSignalHandlers: false });
  let sample: Sample | undefined;
  const schedule = () => {
    m.start();
    for (let i = 0; i < n; i++) reactor.callLater(3600 + d[i]!, noop);
    reactor.callLater(0, () => {
      sample = m.end();
      reactor.stop();
    });
  };
  if (inPass) reactor.callWhenRunning(() => reactor.callLater(0, schedule));
  else reactor.callWhenRunning(schedule);
  return reactor.run().then(() => sample!);
}

/** Schedules `n` native timers and measures them after one loop turn. */
async function nativeSide(n: number, d: Float64Array): Promise<Sample> {
  for (let i = 0; i < 10_000; i++) {
    clearTimeout(setTimeout(noop, 3_600_000 + d[i]! * 1000));
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  const m = meter(n);
  m.start();
  for (let i = 0; i < n; i++) setTimeout(noop, 3_600_000 + d[i]! * 1000);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return m.end();
}

/** The smallest handle: one field, the scheduler it belongs to. */
class OneField {
  owner: Scheduler;
  constructor(owner: Scheduler) {
    this.owner = owner;
  }
}

/** What a pending call must hold, as plain fields (`DelayedCall`'s five). */
class FiveFields {
  time: number;
  seq: number;
  entry: number;
  fn: () => void;
  owner: Scheduler;
  constructor(owner: Scheduler, time: number, seq: number, fn: () => void) {
    this.time = time;
    this.seq = seq;
    this.entry = seq;
    this.fn = fn;
    this.owner = owner;
  }
}

/** `FiveFields`' fields, made by a literal (an allocation site V8 tracks). */
function fiveFieldLiteral(
  owner: Scheduler,
  time: number,
  seq: number,
  fn: () => void,
) {
  return { time, seq, entry: seq, fn, owner };
}

/**
 * The scheduler's heap alone, holding the function (`handles` "none"), a
 * one-field object or a five-field object (made by `new`, or by a literal)
 * per call where a call would be.
 */
function floorSide(
  n: number,
  d: Float64Array,
  handles: "none" | "one" | "five" | "literal",
): Sample {
  const fn = noop as unknown as DelayedCall;
  const entry = handles === "one"
    ? (owner: Scheduler) => new OneField(owner) as unknown as DelayedCall
    : handles === "five"
    ? (owner: Scheduler, time: number, seq: number) =>
      new FiveFields(owner, time, seq, noop) as unknown as DelayedCall
    : handles === "literal"
    ? (owner: Scheduler, time: number, seq: number) =>
      fiveFieldLiteral(owner, time, seq, noop) as unknown as DelayedCall
    : () => fn;
  {
    const warm = new Scheduler(() => 0, false);
    for (let i = 0; i < 10_000; i++) {
      const t = 3600 + d[i]!;
      warm.push(t, i, entry(warm, t, i));
    }
  }
  const m = meter(n);
  m.start();
  const heap = new Scheduler(() => 0, false);
  for (let i = 0; i < n; i++) {
    const t = 3600 + d[i]!;
    heap.push(t, i, entry(heap, t, i));
  }
  const sample = m.end();
  if (heap.size !== n) throw new Error(`floor: ${heap.size} entries`);
  return sample;
}

async function child(side: Side, n: number): Promise<void> {
  const d = delays(n);
  const sample = side === "native"
    ? await nativeSide(n, d)
    : side === "floor"
    ? floorSide(n, d, "none")
    : side === "floor-handle"
    ? floorSide(n, d, "one")
    : side === "floor-fields"
    ? floorSide(n, d, "five")
    : side === "floor-literal"
    ? floorSide(n, d, "literal")
    : await reactorSide(n, d, side === "reactor-in-pass");
  console.log(JSON.stringify(sample));
}

/** Runs one side in a fresh process of this runtime. */
function sampleIn(side: Side, n: number): Sample {
  const self = fileURLToPath(import.meta.url);
  const args = runtime.name === "deno"
    ? ["run", "-A", "--v8-flags=--expose-gc", self]
    : [self];
  const out = spawnSync(
    process.execPath,
    [...args, "--child", side, "--count", String(n)],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = out.stdout?.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as Sample;
  } catch {
    throw new Error(
      `pending_memory: the ${side} process failed (status ${out.status}): ${
        out.stderr?.trim() ?? ""
      }`,
    );
  }
}

async function main(argv: string[]): Promise<void> {
  let json: string | undefined;
  let runs = 5;
  let n = 1_000_000;
  let childSide: Side | undefined;
  let literalFloor = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = argv[++i];
    else if (a === "--runs") runs = Number(argv[++i]);
    else if (a === "--count") n = Number(argv[++i]);
    else if (a === "--literal-floor") literalFloor = true;
    else if (a === "--child") {
      const s = argv[++i] as Side;
      if (!(s in NAMES)) {
        throw new TypeError(`pending_memory: unknown side ${s}`);
      }
      childSide = s;
    } else throw new TypeError(`pending_memory: unknown argument ${a}`);
  }
  if (!(Number.isInteger(runs) && runs >= 1)) {
    throw new RangeError(
      `pending_memory: --runs must be an integer >= 1, got ${runs}`,
    );
  }
  if (!(Number.isInteger(n) && n >= 10_000)) {
    throw new RangeError(
      `pending_memory: --count must be an integer >= 10000, got ${n}`,
    );
  }
  if (childSide !== undefined) return await child(childSide, n);
  if (!gc()) {
    throw new Error(
      "pending_memory: no gc() (run deno with --v8-flags=--expose-gc)",
    );
  }
  const sides = Object.keys(literalFloor ? NAMES : SIDES) as Side[];
  const samples = new Map<Side, Sample[]>(sides.map((s) => [s, []]));
  for (let i = 0; i < runs; i++) {
    // alternate the order, so no side always follows the same one
    for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
      samples.get(side)!.push(sampleIn(side, n));
    }
  }
  const metrics: MetricResult[] = [];
  for (const side of sides) {
    const all = samples.get(side)!;
    const rss = all.map((s) => s.rss).filter((v): v is number => v !== null);
    const heap = all.map((s) => s.heap);
    const base = { file: "pending_memory.ts", name: NAMES[side], unit: "B" };
    if (rss.length > 0) {
      metrics.push({
        ...base,
        group: RSS_GROUP,
        values: rss,
        median: median(rss),
      });
    }
    metrics.push({
      ...base,
      group: HEAP_GROUP,
      values: heap,
      median: median(heap),
    });
  }
  const result: RunResult = {
    schema: "twisted-ts-bench/1",
    runtime: { name: runtime.name, version: runtime.version },
    date: new Date().toISOString(),
    benches: [],
    metrics,
    errors: [],
  };
  for (const m of metrics) {
    console.log(
      `${runtime.name} ${m.group} / ${m.name}: ${
        m.median.toFixed(1)
      } B per call (runs: ${m.values.map((v) => v.toFixed(1)).join(", ")})`,
    );
  }
  writeResult(json, result);
}

if (import.meta.main) await runStandalone(main);
