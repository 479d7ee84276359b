/**
 * Runs the TypeScript side of the differential scenarios in one process, on
 * Deno (`deno run -A --v8-flags=--expose-gc run_all.ts [name…]`) or Bun
 * (`bun run_all.ts [name…]`); default: every `scenarios/*.ts`.
 *
 * For each scenario prints `### <name>` and then its trace lines. A scenario
 * module exports `main()` (sync or async); a throw or rejection escaping it
 * is traced as `["uncaught", error]`, and a scenario still pending after
 * {@linkcode SCENARIO_TIMEOUT_MS} as `["hung"]`. After `main()` settles,
 * garbage is collected, the unhandled failures collection has not reported
 * yet are reported, and the errors logged outside `captureLog` are
 * appended (see `flushBackgroundLog`). Debug mode is reset between
 * scenarios.
 *
 * @module
 */
import { readdirSync, writeSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { setDebugging } from "../../mod.ts";
import { reportPendingUnhandled } from "../../defer/debug.ts";
import {
  collect,
  emit,
  flushBackgroundLog,
  installLogObserver,
  reset,
  traceLines,
} from "./trace.ts";

/** How long one scenario may stay pending before it is reported as hung. */
export const SCENARIO_TIMEOUT_MS = 5000;

const SCENARIOS = new URL("./scenarios/", import.meta.url);

/** Every scenario name, sorted. */
export function scenarioNames(ext: ".ts" | ".py"): string[] {
  return readdirSync(fileURLToPath(SCENARIOS))
    .filter((f) => f.endsWith(ext) && !f.startsWith("_"))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

async function run(name: string): Promise<string[]> {
  reset();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const module = await import(new URL(`${name}.ts`, SCENARIOS).href);
    const hung = Symbol("hung");
    const outcome = await Promise.race([
      Promise.resolve(module.main()),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(hung), SCENARIO_TIMEOUT_MS);
      }),
    ]);
    if (outcome === hung) emit("hung");
  } catch (e) {
    emit("uncaught", e);
  } finally {
    clearTimeout(timer);
    setDebugging(false);
  }
  await collect();
  // what collection has not reported yet (Bun's collector may keep a
  // Deferred alive for a while: its report would land in a later scenario)
  reportPendingUnhandled();
  flushBackgroundLog();
  return traceLines();
}

async function main(args: string[]): Promise<void> {
  installLogObserver();
  const out: string[] = [];
  for (const name of args.length > 0 ? args : scenarioNames(".ts")) {
    out.push(`### ${name}`, ...await run(name));
  }
  const text = new TextEncoder().encode(out.join("\n") + "\n");
  let offset = 0;
  while (offset < text.length) offset += writeSync(1, text.subarray(offset));
}

if (import.meta.main) {
  await main(process.argv.slice(2));
  // exit now: a scenario may leave a timer or a worker behind
  process.exit(0);
}
