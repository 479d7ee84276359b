/**
 * How much CPU an idle running `Reactor` uses, on Deno and Bun: the reactor
 * runs with one far-future call pending (an hour away) and stops itself
 * after one second; the process's CPU time (user + system, from
 * `process.cpuUsage()`) is read when it starts running and when it stops.
 * The baseline is the runtime idling with the native equivalent, a pending
 * far-future `setTimeout` and a one-second one. Each is measured a few times
 * (alternating) and reported as milliseconds of CPU per second idle (the
 * median), through the runner's JSON schema, as metrics in the group
 * "idle reactor CPU".
 *
 * ```sh
 * deno run -A bench/idle_cpu.ts [--json out.json] [--runs 3] [--seconds 1]
 * bun bench/idle_cpu.ts [--json out.json]
 * ```
 *
 * A process is never perfectly idle — the engine's background threads (GC,
 * compiler) may still be finishing start-up work — so the script first
 * settles for 300 ms, and the native baseline shows the runtime's own floor.
 *
 * @module
 */
import { Reactor } from "../reactor/mod.ts";
import {
  cpuUsage,
  gc,
  runStandalone,
  runtime,
  writeResult,
} from "./_runtime.ts";
import type { RunResult } from "./_run_result.ts";
import { median } from "./_stats.ts";

/** The metric group the figures are reported under. */
export const GROUP = "idle reactor CPU";

function cpuMs(): number {
  const c = cpuUsage();
  return (c.user + c.system) / 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU ms per idle second of a running Reactor with a far call pending. */
export async function idleReactor(seconds: number): Promise<number> {
  const reactor = new Reactor({ installSignalHandlers: false });
  const far = reactor.callLater(3600, () => {});
  let cpu0 = 0;
  let wall0 = 0;
  let cpu = 0;
  let wall = 0;
  reactor.callWhenRunning(() => {
    cpu0 = cpuMs();
    wall0 = performance.now();
  });
  reactor.callLater(seconds, () => {
    cpu = cpuMs() - cpu0;
    wall = performance.now() - wall0;
    far.cancel();
    reactor.stop();
  });
  await reactor.run();
  return (cpu * 1000) / wall;
}

/** CPU ms per idle second with a far `setTimeout` pending (the floor). */
export async function idleNative(seconds: number): Promise<number> {
  const far = setTimeout(() => {}, 3_600_000);
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = cpuMs() - cpu0;
  const wall = performance.now() - wall0;
  clearTimeout(far);
  return (cpu * 1000) / wall;
}

async function main(argv: string[]): Promise<void> {
  let json: string | undefined;
  let runs = 3;
  let seconds = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = argv[++i];
    else if (a === "--runs") runs = Number(argv[++i]);
    else if (a === "--seconds") seconds = Number(argv[++i]);
    else throw new TypeError(`idle_cpu: unknown argument ${a}`);
  }
  if (!(Number.isInteger(runs) && runs >= 1)) {
    throw new RangeError(
      `idle_cpu: --runs must be an integer >= 1, got ${runs}`,
    );
  }
  if (!(seconds > 0)) {
    throw new RangeError(`idle_cpu: --seconds must be > 0, got ${seconds}`);
  }
  gc();
  await sleep(300);
  const ours: number[] = [];
  const native: number[] = [];
  for (let i = 0; i < runs; i++) {
    native.push(await idleNative(seconds));
    ours.push(await idleReactor(seconds));
  }
  const result: RunResult = {
    schema: "twisted-ts-bench/1",
    runtime: { name: runtime.name, version: runtime.version },
    date: new Date().toISOString(),
    benches: [],
    metrics: [
      {
        file: "idle_cpu.ts",
        group: GROUP,
        name: "Reactor",
        unit: "ms/s",
        values: ours,
        median: median(ours),
      },
      {
        file: "idle_cpu.ts",
        group: GROUP,
        name: "native setTimeout",
        unit: "ms/s",
        values: native,
        median: median(native),
      },
    ],
    errors: [],
  };
  for (const m of result.metrics) {
    console.log(
      `${runtime.name} ${m.group} / ${m.name}: ${
        m.median.toFixed(3)
      } ms CPU per idle second (runs: ${
        m.values.map((v) => v.toFixed(3)).join(", ")
      })`,
    );
  }
  writeResult(json, result);
}

if (import.meta.main) await runStandalone(main);
