/**
 * Runs every benchmark in one go — ours on Deno and on Bun (through
 * `run.ts`, one process per bench file), the stand-alone measurements on
 * both (`idle_cpu.ts`; `pending_memory.ts` and `cold_threads.ts`, a fresh
 * process per sample),
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
 * deno task bench:all                 # everything (about 10-15 minutes)
 * deno task bench:all --quick         # short budgets, small Twisted sizes
 * deno task bench:all --only reactor  # re-measure matching files only
 * deno task bench:all --skip twisted  # reuse Twisted's figures from latest.json
 * deno task bench:all --rebuild       # no measuring: redo tables and chart
 * ```
 *
 * `--only <text>` re-measures the bench files and Twisted programs whose
 * name contains the text and keeps every other figure from the previous
 * `latest.json`; `--skip deno|bun|twisted` keeps one side's figures. Each
 * measuring process is killed after 30 minutes, and one that dies or hangs
 * is reported in the results rather than stopping the run.
 *
 * The workloads and their targets are declared in `_workloads.ts`; picking
 * figures, judging targets and the Markdown table are in `_results.ts`.
 * Benches are found by their file, group and name; a workload whose benches
 * are missing is reported as "not measured", never dropped silently.
 *
 * @module
 */
import { renderChart } from "./chart.ts";
import type { RunResult } from "./_run_result.ts";
import {
  buildWorkloads,
  mergeRuns,
  replaceFiles,
  type Results,
  type RuntimeName,
  toMarkdown,
} from "./_results.ts";
import { WORKLOADS } from "./_workloads.ts";

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
/** A measuring process is killed after this long. */
const PROCESS_TIMEOUT_MS = 30 * 60 * 1000;

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
    signal: AbortSignal.timeout(PROCESS_TIMEOUT_MS),
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

/** Measuring programs run directly rather than through `run.ts`. */
const STANDALONE = ["idle_cpu.ts", "pending_memory.ts", "cold_threads.ts"];

async function measureRuntime(
  runtime: RuntimeName,
  files: string[],
  tmp: string,
  runnerArgs: string[],
  quick: boolean,
): Promise<RunResult | null> {
  const runs: RunResult[] = [];
  const prefix = runtime === "deno"
    ? [Deno.execPath(), ["run", "-A", "--v8-flags=--expose-gc"]] as const
    : [bunPath(), []] as const;
  for (const file of files) {
    const out = `${tmp}/${runtime}-${file.replaceAll("/", "_")}.json`;
    const args = STANDALONE.some((name) => file.endsWith(name))
      ? [...prefix[1], file, "--json", out, "--runs", quick ? "3" : "5"]
      : [...prefix[1], "bench/run.ts", file, "--json", out, ...runnerArgs];
    const code = await run(prefix[0], args);
    const result = await readRun(out);
    runs.push(
      result ??
        failedRun(
          runtime,
          baseName(file),
          `exited with code ${code} and no results`,
        ),
    );
  }
  return mergeRuns(runs);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

async function twistedPrograms(): Promise<string[]> {
  const programs: string[] = [];
  for await (const e of Deno.readDir(new URL("twisted/", HERE))) {
    if (e.isFile && /^[a-z].*\.py$/.test(e.name)) programs.push(e.name);
  }
  return programs.sort();
}

async function measureTwisted(
  programs: string[],
  tmp: string,
  pyArgs: string[],
): Promise<RunResult | null> {
  const runs: RunResult[] = [];
  for (const program of programs) {
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

/** The commit checked out and the measured files that differ from it. */
async function gitSource(only?: string): Promise<Results["source"]> {
  const git = async (args: string[]) => {
    try {
      const out = await new Deno.Command("git", {
        args,
        cwd: ROOT.pathname,
        stdout: "piped",
        stderr: "null",
      }).output();
      return out.success ? new TextDecoder().decode(out.stdout) : null;
    } catch {
      return null;
    }
  };
  const commit = (await git(["rev-parse", "--short", "HEAD"]))?.trim();
  if (!commit) return undefined;
  const status = await git([
    "status",
    "--porcelain",
    "--",
    "mod.ts",
    "defer",
    "reactor",
    "threads",
    "bench",
    // the reporting side does not change what is measured
    ":!bench/results",
    ":!bench/all.ts",
    ":!bench/_results.ts",
    ":!bench/_workloads.ts",
    ":!bench/chart.ts",
  ]) ?? "";
  const modified = status.split("\n").filter((l) => l.length > 3)
    .map((l) => l.slice(3));
  return only === undefined ? { commit, modified } : { commit, modified, only };
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
  from?: Pick<Results, "date" | "machine" | "versions" | "source">,
  source?: Results["source"],
): Promise<Results> {
  const results: Results = {
    schema: "twisted-ts-results/1",
    date: from?.date ?? new Date().toISOString(),
    machine: from?.machine ?? await machine(),
    versions: from?.versions ?? await versions(),
    workloads: buildWorkloads(WORKLOADS, raw),
    raw,
  };
  const src = source ?? from?.source;
  if (src !== undefined) results.source = src;
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
  let only: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--skip") skip.add(args[++i] ?? "");
    else if (a === "--only") only = args[++i];
    else if (a !== "--quick" && a !== "--rebuild") {
      throw new TypeError(`bench:all: unknown argument ${a}`);
    }
  }
  for (const side of skip) {
    if (!["deno", "bun", "twisted"].includes(side)) {
      throw new TypeError(
        `bench:all: --skip takes deno, bun or twisted, got ${side}`,
      );
    }
  }
  if (only === "") throw new TypeError("bench:all: --only needs a file name");
  const old = await previous();
  let raw: Results["raw"];
  let source: Results["source"];
  if (rebuild) {
    if (old === null) {
      throw new Error("--rebuild: no bench/results/latest.json");
    }
    raw = old.raw;
  } else {
    source = await gitSource(only);
    const picked = (name: string) => only === undefined || name.includes(only);
    const files = [
      ...await benchFiles(),
      ...STANDALONE.map((name) => `bench/${name}`),
    ].filter(picked);
    const programs = (await twistedPrograms()).filter(picked);
    const tmp = await Deno.makeTempDir({ prefix: "twisted-ts-bench-" });
    const runnerArgs = quick
      ? ["--budget", "200", "--warmup", "50", "--min-samples", "3"]
      : [];
    const pyArgs = quick
      ? ["--quick", "--budget", "0.2", "--min-samples", "3"]
      : [];
    /** Fresh figures for the files measured, older ones for the rest. */
    const side = async (
      name: "deno" | "bun" | "twisted",
      measured: string[],
      measure: () => Promise<RunResult | null>,
    ) => {
      const before = old?.raw[name] ?? null;
      if (skip.has(name)) return before;
      const fresh = await measure();
      return only === undefined
        ? fresh
        : replaceFiles(before, fresh, measured.map(baseName));
    };
    try {
      raw = {
        deno: await side(
          "deno",
          files,
          () => measureRuntime("deno", files, tmp, runnerArgs, quick),
        ),
        bun: await side(
          "bun",
          files,
          () => measureRuntime("bun", files, tmp, runnerArgs, quick),
        ),
        twisted: await side(
          "twisted",
          programs,
          () => measureTwisted(programs, tmp, pyArgs),
        ),
      };
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  }
  const results = await writeResults(
    raw,
    rebuild ? old ?? undefined : undefined,
    source,
  );
  console.log(toMarkdown(results));
  console.log("wrote bench/results/latest.json, latest.md, chart.svg");
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
