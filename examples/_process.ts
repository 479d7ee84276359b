/**
 * Test helpers for the examples: the demo's expected `--fast` output, the
 * command that starts it on this runtime, and running a process.
 *
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Whether this runs on Deno. */
export const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !==
  "undefined";
/** Whether this runs on Node (the `.js` build of `tools/node_build.ts`). */
export const IS_NODE = !IS_DENO &&
  typeof (globalThis as { Bun?: unknown }).Bun === "undefined";

/**
 * An example's file as this runtime runs it: `examples/x.ts` on Deno and
 * Bun, `examples/x.js` on Node (which runs the build).
 */
export function exampleFile(path: string): string {
  return IS_NODE ? path.replace(/\.ts$/, ".js") : path;
}

/** What `deno task demo --fast` writes to stdout. */
export const FAST_STDOUT = [
  "twisted-ts demo: Twisted's seed programs, on virtual time (--fast)",
  "",
  "== 1. A single callback (examples/single_callback.ts)",
  "getDummyData called",
  "Starting the reactor",
  "Result received: 9",
  "",
  "== 2. Callbacks and errbacks (examples/callbacks_errbacks.ts)",
  "Result: 12",
  "",
  "== 3. Threads (examples/threads.ts)",
  "main():thread[MainThread]",
  "thread[PoolThread-twisted.internet.reactor-0] url = http://www.baidu.com",
  "thread[MainThread] result = callback data",
  "",
  "== 4. Threads, the task in a module of its own (examples/remote_data.ts)",
  "loadRemoteData in PoolThread-twisted.internet.reactor-0",
  "fetching http://www.baidu.com",
  "Result: <html>canned page for http://www.baidu.com</html>",
  "",
].join("\n");

/**
 * Output as a test compares it. On Node, what a worker prints reaches the
 * process's stdout through the main thread, asynchronously (Node forwards
 * a worker's `process.stdout`): a worker's line may come out after a line
 * the main thread printed later. There, the lines are compared sorted;
 * Deno and Bun check their order.
 */
export function comparable(stdout: string): string {
  return IS_NODE ? stdout.split("\n").sort().join("\n") : stdout;
}

/** What it writes to stderr: the failure for 3. */
export const FAST_STDERR =
  "[Failure instance: ValueError: You used an odd number!]\n";

/** How the demo is started on this runtime, as the README says. */
export function demoCommand(...args: string[]): [string, string[]] {
  return IS_DENO
    ? [process.execPath, ["task", "demo", ...args]]
    : [process.execPath, [exampleFile("examples/demo.ts"), ...args]];
}

/** A process's exit code, output and wall time. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `cmd` in the repository root, with a 30 s limit. */
export function runProcess(cmd: string, args: string[]): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => stdout += c);
    child.stderr!.on("data", (c) => stderr += c);
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      // `deno task` announces the command it runs on stderr
      stderr = stderr.replace(/^Task demo .*\n/, "");
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
