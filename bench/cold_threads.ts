/**
 * The thread pool as a user's program meets it: a fresh process that
 * starts a 2-worker pool, warms it with one task per worker, then submits
 * 100,000 `a + b` tasks one call each and waits for all of them — on the
 * runtime that runs this script (Deno or Bun). One process per sample, so
 * nothing is warm that a real program would not have warmed.
 *
 * The sides, each its own process:
 * - `ours`: `deferToThreadPool` per task on a `ThreadPool` fired on a
 *   running `Reactor`, then `gatherResults` over the 100k Deferreds — the
 *   public path, with the shared-memory ring (the default);
 * - `ours, messages only`: the same with `sharedMemory: false`, every task
 *   and result a structured-clone message (what the pool did before the
 *   ring);
 * - `ours, fixed concurrency 16`: the default path with the depth fixed at
 *   16 tasks per worker (`concurrency: 16`), as before the adaptive depth:
 *   throughput is tasks in flight over the round-trip time, and the
 *   default lets a worker hold up to 256 while its tasks prove short;
 * - `raw postMessage` (the baseline): two Workers, one message per task
 *   (`[id, a, b]` in, `[id, sum]` out), a promise per task and
 *   `Promise.all` — what a user writes without a library;
 * - `piscina`, `tinypool`: `pool.run({ a, b })` per task and `Promise.all`
 *   on a 2-thread pool of the npm packages (optional dependencies; a side
 *   that is not installed is skipped, saying so).
 *
 * Figures per side (medians over `--runs` processes, sides alternating):
 * - tasks per second, from the first submit to the last result;
 * - peak resident memory per task in flight: the process's peak resident
 *   set (`VmHWM`, reset just before the first submit) minus its resident
 *   set then, divided by the task count — what holding 100k pending tasks
 *   and their results costs as the OS sees it (Linux only);
 * - the whole process's wall time, start to exit, as the parent saw it.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/cold_threads.ts [--json out.json] [--runs 5]
 * bun bench/cold_threads.ts [--json out.json]
 * ```
 *
 * @module
 */
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gatherResults } from "../defer/mod.ts";
import { Reactor } from "../reactor/mod.ts";
import { deferToThreadPool, ThreadPool, threadTask } from "../threads/mod.ts";
import { npmPool, type NpmPoolName } from "./_npm_pools.ts";
import {
  resetPeakResident,
  residentBytes,
  runStandalone,
  runtime,
  writeResult,
} from "./_runtime.ts";
import type { MetricResult, RunResult } from "./_run_result.ts";
import { median } from "./_stats.ts";

/** Tasks per sample. */
export const TASKS = 100_000;
/** The metric group of tasks per second. */
export const RATE_GROUP = "cold pool 100k: tasks per second";
/** The metric group of peak resident memory per task. */
export const RSS_GROUP = "cold pool 100k: peak resident memory per task";
/** The metric group of the whole process's wall time. */
export const WALL_GROUP = "cold pool 100k: whole process";

/** The sides, by the name their metrics carry. */
export const SIDES = {
  ours: "ours: deferToThreadPool + gatherResults",
  "ours-messages": "ours, messages only (sharedMemory: false)",
  "ours-fixed": "ours, fixed concurrency 16 (no adaptive depth)",
  raw: "raw postMessage + Promise.all",
  piscina: "piscina",
  tinypool: "tinypool",
} as const;
type Side = keyof typeof SIDES;

/** What one child process measured. */
interface Sample {
  /** Tasks per second, first submit to last result. */
  rate: number;
  /** Peak resident growth per task, in bytes; `null` without `/proc`. */
  rss: number | null;
}

/** A side's process that has not answered by then is killed and reported. */
const CHILD_TIMEOUT_MS = 120_000;

const TASKS_URL = new URL("./_threads_tasks.ts", import.meta.url);
const RAW_URL = new URL("./_threads_raw_worker.ts", import.meta.url);

/** Times `submitAll` after resetting the peak; checks the results. */
async function measure(
  submitAll: () => Promise<ArrayLike<number>>,
): Promise<Sample> {
  const reset = resetPeakResident();
  const base = residentBytes("VmRSS");
  const t0 = performance.now();
  const results = await submitAll();
  const ms = performance.now() - t0;
  const peak = residentBytes("VmHWM");
  if (results.length !== TASKS || results[TASKS - 1] !== TASKS) {
    throw new Error(`cold_threads: wrong results (${results[TASKS - 1]})`);
  }
  return {
    rate: TASKS / ms * 1000,
    rss: reset && base !== null && peak !== null ? (peak - base) / TASKS : null,
  };
}

async function oursSide(
  sharedMemory: boolean,
  concurrency?: number,
): Promise<Sample> {
  const reactor = new Reactor({ installSignalHandlers: false });
  const finished = reactor.run();
  const pool = new ThreadPool({
    minthreads: 2,
    maxthreads: 2,
    reactor,
    name: "cold",
    sharedMemory,
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  pool.start();
  const add = threadTask<(a: number, b: number) => number>(TASKS_URL, "add");
  await Promise.all([
    deferToThreadPool(reactor, pool, add, 1, 1),
    deferToThreadPool(reactor, pool, add, 1, 1),
  ]);
  const sample = await measure(() => {
    const ds = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) {
      ds[i] = deferToThreadPool(reactor, pool, add, i, 1);
    }
    return gatherResults(ds).asPromise() as Promise<number[]>;
  });
  await pool.stop();
  reactor.stop();
  await finished;
  return sample;
}

async function rawSide(): Promise<Sample> {
  const waiting = new Map<number, (v: number) => void>();
  const workers = [0, 1].map(() => {
    const w = new Worker(RAW_URL, { type: "module" });
    w.onmessage = (e: MessageEvent) => {
      const [id, v] = e.data as [number, number];
      const resolve = waiting.get(id)!;
      waiting.delete(id);
      resolve(v);
    };
    return w;
  });
  let nextId = 0;
  const call = (w: Worker, a: number, b: number) =>
    new Promise<number>((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      w.postMessage([id, a, b]);
    });
  await Promise.all(workers.map((w) => call(w, 1, 1)));
  const sample = await measure(() => {
    const all = new Array<Promise<number>>(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = call(workers[i & 1]!, i, 1);
    return Promise.all(all);
  });
  for (const w of workers) w.terminate();
  return sample;
}

async function npmSide(name: NpmPoolName): Promise<Sample | null> {
  const pool = await npmPool<{ a: number; b: number }, number>(
    name,
    TASKS_URL,
    2,
  );
  if (pool === null) return null;
  // one task first: tinypool 2.2 on Deno never answers two tasks sent to a
  // pool whose workers have not started yet
  await pool.run({ a: 1, b: 1 });
  await Promise.all([pool.run({ a: 1, b: 1 }), pool.run({ a: 1, b: 1 })]);
  const sample = await measure(() => {
    const all = new Array<Promise<number>>(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = pool.run({ a: i, b: 1 });
    return Promise.all(all);
  });
  await pool.destroy();
  return sample;
}

async function child(side: Side): Promise<void> {
  const sample = side === "ours"
    ? await oursSide(true)
    : side === "ours-messages"
    ? await oursSide(false)
    : side === "ours-fixed"
    ? await oursSide(true, 16)
    : side === "raw"
    ? await rawSide()
    : await npmSide(side);
  console.log(JSON.stringify(sample ?? { absent: true }));
}

/** Runs one side in a fresh process: its sample and wall time, or null. */
function sampleIn(side: Side): { sample: Sample; wallMs: number } | null {
  const self = fileURLToPath(import.meta.url);
  const args = runtime.name === "deno" ? ["run", "-A", self] : [self];
  const t0 = performance.now();
  const out = spawnSync(process.execPath, [...args, "--child", side], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    timeout: CHILD_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const wallMs = performance.now() - t0;
  const line = out.stdout?.trim().split("\n").pop() ?? "";
  let parsed: Sample | { absent: true };
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(
      `cold_threads: the ${side} process failed (${
        out.status === null
          ? `no answer in ${CHILD_TIMEOUT_MS / 1000} s`
          : `status ${out.status}`
      }): ${out.stderr?.trim() ?? ""}`,
    );
  }
  return "absent" in parsed ? null : { sample: parsed, wallMs };
}

async function main(argv: string[]): Promise<void> {
  let json: string | undefined;
  let runs = 5;
  let childSide: Side | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = argv[++i];
    else if (a === "--runs") runs = Number(argv[++i]);
    else if (a === "--child") {
      const s = argv[++i] as Side;
      if (!(s in SIDES)) throw new TypeError(`cold_threads: unknown side ${s}`);
      childSide = s;
    } else throw new TypeError(`cold_threads: unknown argument ${a}`);
  }
  if (!(Number.isInteger(runs) && runs >= 1)) {
    throw new RangeError(
      `cold_threads: --runs must be an integer >= 1, got ${runs}`,
    );
  }
  if (childSide !== undefined) return await child(childSide);
  const sides = Object.keys(SIDES) as Side[];
  const samples = new Map<Side, { sample: Sample; wallMs: number }[]>(
    sides.map((s) => [s, []]),
  );
  const absent = new Set<Side>();
  const errors: RunResult["errors"] = [];
  for (let i = 0; i < runs; i++) {
    // rotate the order, so no side always follows the same one
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(i + k) % sides.length]!;
      if (absent.has(side)) continue;
      let got;
      try {
        got = sampleIn(side);
      } catch (e) {
        // one side failing does not lose the others' figures
        const error = e instanceof Error ? e.message : String(e);
        console.error(error);
        errors.push({ file: `cold_threads.ts (${side})`, error });
        absent.add(side);
        continue;
      }
      if (got === null) {
        absent.add(side);
        console.error(
          `cold_threads: ${side} is not installed (an optional npm dependency): skipped`,
        );
      } else samples.get(side)!.push(got);
    }
  }
  const metrics: MetricResult[] = [];
  const add = (group: string, name: string, unit: string, values: number[]) => {
    if (values.length === 0) return;
    metrics.push({
      file: "cold_threads.ts",
      group,
      name,
      unit,
      values,
      median: median(values),
    });
  };
  for (const side of sides) {
    const all = samples.get(side)!;
    add(RATE_GROUP, SIDES[side], "tasks/s", all.map((s) => s.sample.rate));
    add(
      RSS_GROUP,
      SIDES[side],
      "B",
      all.map((s) => s.sample.rss).filter((v): v is number => v !== null),
    );
    add(WALL_GROUP, SIDES[side], "ms", all.map((s) => s.wallMs));
  }
  const result: RunResult = {
    schema: "twisted-ts-bench/1",
    runtime: { name: runtime.name, version: runtime.version },
    date: new Date().toISOString(),
    benches: [],
    metrics,
    errors,
  };
  for (const m of metrics) {
    console.log(
      `${runtime.name} ${m.group} / ${m.name}: ${
        m.median.toFixed(1)
      } ${m.unit} (runs: ${m.values.map((v) => v.toFixed(1)).join(", ")})`,
    );
  }
  writeResult(json, result);
}

if (import.meta.main) await runStandalone(main);
