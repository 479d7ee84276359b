/**
 * The differential conformance runner: every scenario in `scenarios/` is a
 * pair of small programs — `<name>.py` against Twisted 22.4, `<name>.ts`
 * against this library — that print a trace (see `trace.py`/`trace.ts`).
 * This runs all Python sides in one `python3` process and all TypeScript
 * sides in one Deno process and one Bun process, in parallel, compares each
 * runtime's traces with Python's line by line, prints a diff for each
 * mismatch and a summary per runtime, and exits non-zero on any unexpected
 * difference.
 *
 * A scenario listed in `differences.ts` is a *declared* difference: its
 * traces must differ (if they stop differing, the declaration is stale and
 * that fails too). Every other scenario must print identical traces.
 *
 * Twisted is a hard requirement: if `python3` cannot import Twisted 22.4.0
 * the run fails loudly; it never skips.
 *
 * Usage: `deno task test:twisted [--deno-only | --bun-only] [--verbose]
 * [filter…]` (a filter keeps the scenarios whose name contains it;
 * `--verbose` also shows the declared differences' diffs and the drivers'
 * stderr). `PYTHON` overrides the interpreter (default `/usr/bin/python3`).
 *
 * @module
 */
import { DIFFERENCES } from "./differences.ts";

const HERE = new URL(".", import.meta.url);
const SCENARIOS = new URL("./scenarios/", HERE);
const TWISTED_VERSION = "22.4.0";
/** The whole run is killed after this long (each side is one process). */
const RUN_TIMEOUT_MS = 5 * 60 * 1000;
const NAME = /^[a-z][a-z0-9_]*$/;

interface SideResult {
  side: string;
  traces: Map<string, string[]>;
  code: number;
  stderr: string;
}

/** One scenario's verdict. */
export type Verdict =
  | "same"
  | "declared"
  | "unexpected"
  | "stale-declaration"
  | "missing";

function fail(message: string): never {
  console.error(`test:twisted: ${message}`);
  Deno.exit(2);
}

async function output(
  cmd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
    cwd: new URL("../..", HERE).pathname,
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, RUN_TIMEOUT_MS);
  try {
    const out = await child.output();
    const dec = new TextDecoder();
    return {
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

async function requireTwisted(python: string): Promise<void> {
  let result;
  try {
    result = await output(python, [
      "-c",
      "import twisted; print(twisted.__version__)",
    ]);
  } catch (e) {
    fail(
      `cannot run ${python} (${e}). Install Twisted 22.4: ` +
        "`apt-get update && apt-get install -y python3-twisted`.",
    );
  }
  const version = result.stdout.trim();
  if (result.code !== 0 || version !== TWISTED_VERSION) {
    fail(
      `${python} must import Twisted ${TWISTED_VERSION}; got ` +
        (result.code === 0
          ? `version ${JSON.stringify(version)}`
          : `exit code ${result.code}: ${result.stderr.trim()}`) +
        ". Install it: `apt-get update && apt-get install -y python3-twisted`.",
    );
  }
}

/** Splits a driver's output into traces by its `### name` headers. */
export function parseTraces(stdout: string): Map<string, string[]> {
  const traces = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    if (line.startsWith("### ")) {
      current = [];
      traces.set(line.slice(4), current);
    } else if (current !== undefined && line !== "") {
      current.push(line);
    }
  }
  return traces;
}

/** A line diff (longest common subsequence): `  same`, `- left`, `+ right`. */
export function diffLines(left: string[], right: string[]): string[] {
  const n = left.length, m = right.length;
  const lcs: number[][] = Array.from(
    { length: n + 1 },
    () => new Array<number>(m + 1).fill(0),
  );
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = left[i] === right[j]
        ? lcs[i + 1]![j + 1]! + 1
        : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      out.push(`  ${left[i++]}`);
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${right[j++]}`);
    } else {
      out.push(`- ${left[i++]}`);
    }
  }
  return out;
}

async function runPython(python: string, names: string[]): Promise<SideResult> {
  const r = await output(python, [
    new URL("run_all.py", HERE).pathname,
    ...names,
  ]);
  return {
    side: "python",
    traces: parseTraces(r.stdout),
    code: r.code,
    stderr: r.stderr,
  };
}

async function runTypeScript(
  runtime: "deno" | "bun",
  names: string[],
): Promise<SideResult> {
  const driver = new URL("run_all.ts", HERE).pathname;
  const r = runtime === "deno"
    ? await output(Deno.execPath(), [
      "run",
      "--allow-all",
      "--v8-flags=--expose-gc",
      driver,
      ...names,
    ])
    : await output(await findBun(), [driver, ...names]);
  return {
    side: runtime,
    traces: parseTraces(r.stdout),
    code: r.code,
    stderr: r.stderr,
  };
}

async function findBun(): Promise<string> {
  const local = new URL("../../node_modules/.bin/bun", HERE).pathname;
  try {
    await Deno.stat(local);
    return local;
  } catch {
    return Deno.env.get("BUN_BIN") ?? "bun";
  }
}

function listScenarios(): { py: Set<string>; ts: Set<string> } {
  const py = new Set<string>(), ts = new Set<string>();
  for (const entry of Deno.readDirSync(SCENARIOS)) {
    if (!entry.isFile || entry.name.startsWith("_")) continue;
    const m = /^(.*)\.(py|ts)$/.exec(entry.name);
    if (!m) continue;
    (m[2] === "py" ? py : ts).add(m[1]!);
  }
  return { py, ts };
}

/** Compares one side against Python; returns the number of failures. */
function compare(
  names: string[],
  python: SideResult,
  ts: SideResult,
  verbose: boolean,
): { failures: number; summary: string } {
  const declared = new Map(DIFFERENCES.map((d) => [d.scenario, d]));
  const counts: Record<Verdict, number> = {
    same: 0,
    declared: 0,
    unexpected: 0,
    "stale-declaration": 0,
    missing: 0,
  };
  for (const name of names) {
    const left = python.traces.get(name);
    const right = ts.traces.get(name);
    if (left === undefined || right === undefined) {
      counts.missing++;
      console.log(
        `MISSING ${name}: no trace from ${
          left === undefined ? python.side : ts.side
        }`,
      );
      continue;
    }
    const same = left.length === right.length &&
      left.every((line, i) => line === right[i]);
    const declaration = declared.get(name);
    if (same && declaration === undefined) {
      counts.same++;
      if (verbose) console.log(`same ${name}`);
    } else if (!same && declaration !== undefined) {
      counts.declared++;
      if (verbose) {
        console.log(`declared difference ${name}: ${declaration.ours}`);
        for (const l of diffLines(left, right)) console.log(`    ${l}`);
      }
    } else if (same) {
      counts["stale-declaration"]++;
      console.log(
        `STALE DECLARATION ${name}: declared as a difference in differences.ts, but the traces are identical`,
      );
    } else {
      counts.unexpected++;
      console.log(
        `UNEXPECTED DIFFERENCE ${name} (- ${python.side}, + ${ts.side}):`,
      );
      for (const l of diffLines(left, right)) console.log(`    ${l}`);
    }
  }
  const failures = counts.unexpected + counts["stale-declaration"] +
    counts.missing;
  let summary =
    `${names.length} scenarios, ${counts.same} same, ${counts.declared} declared differences, ${counts.unexpected} unexpected differences`;
  if (counts["stale-declaration"] > 0) {
    summary += `, ${counts["stale-declaration"]} stale declarations`;
  }
  if (counts.missing > 0) summary += `, ${counts.missing} missing traces`;
  return { failures, summary: `${ts.side}: ${summary}` };
}

async function main(args: string[]): Promise<number> {
  const verbose = args.includes("--verbose");
  const runtimes: ("deno" | "bun")[] = args.includes("--deno-only")
    ? ["deno"]
    : args.includes("--bun-only")
    ? ["bun"]
    : ["deno", "bun"];
  const filters = args.filter((a) => !a.startsWith("--"));
  const python = Deno.env.get("PYTHON") ?? "/usr/bin/python3";
  await requireTwisted(python);

  const { py, ts } = listScenarios();
  let failures = 0;
  for (const name of new Set([...py, ...ts])) {
    if (!NAME.test(name)) {
      console.log(`BAD NAME ${name}: scenario names are snake_case`);
      failures++;
    }
    if (!py.has(name) || !ts.has(name)) {
      console.log(
        `UNPAIRED ${name}: no ${py.has(name) ? ".ts" : ".py"} side`,
      );
      failures++;
    }
  }
  for (const d of DIFFERENCES) {
    if (!py.has(d.scenario) || !ts.has(d.scenario)) {
      console.log(
        `UNKNOWN DECLARATION ${d.scenario}: differences.ts names no scenario pair`,
      );
      failures++;
    }
  }
  const names = [...py].filter((n) => ts.has(n))
    .filter((n) => filters.length === 0 || filters.some((f) => n.includes(f)))
    .sort();
  if (names.length === 0) fail("no scenarios selected");

  const started = performance.now();
  const [pyResult, ...tsResults] = await Promise.all([
    runPython(python, names),
    ...runtimes.map((r) => runTypeScript(r, names)),
  ]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summaries: string[] = [];
  for (const result of [pyResult!, ...tsResults]) {
    if (result.code !== 0) {
      console.log(`${result.side} driver exited with code ${result.code}:`);
      console.log(result.stderr);
      failures++;
    } else if (verbose && result.stderr.trim() !== "") {
      console.log(`${result.side} stderr:\n${result.stderr}`);
    }
  }
  for (const result of tsResults) {
    const { failures: f, summary } = compare(
      names,
      pyResult!,
      result,
      verbose,
    );
    failures += f;
    summaries.push(summary);
  }
  for (const s of summaries) console.log(s);
  console.log(`(${seconds} s)`);
  if (failures > 0) console.log(`test:twisted: FAILED (${failures})`);
  return failures > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
