/**
 * SIGINT on the default reactor, for real, in a child process (bounded by
 * a timeout): the first signal stops it gracefully; a second one while the
 * shutdown is stuck forces it — what it waits for is cancelled, the rest of
 * its triggers run — so `run()` resolves and the process ends.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { ROOT } from "../_source.ts";
import { runArgs } from "../_runtime.ts";

const CHILD = `${ROOT}tests/reactor/_signal_child.ts`;

interface Outcome {
  stdout: string;
  code: number | null;
  signal: string | null;
}

/**
 * Starts the child with `args`, sends SIGINT each time stdout shows one of
 * `sendOn` in turn, and resolves when it exits (or after 15 s, killed).
 */
function runChild(args: string[], sendOn: string[]): Promise<Outcome> {
  const argv = runArgs(CHILD, ...args);
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waitingFor = [...sendOn];
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    stdout += chunk;
    while (waitingFor.length > 0 && stdout.includes(waitingFor[0]!)) {
      waitingFor.shift();
      // process.kill, not child.kill: Deno's child.kill signals only once
      process.kill(child.pid!, "SIGINT");
    }
  });
  child.stderr!.on("data", (chunk: string) => stderr += chunk);
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `child still running after 15 s; stdout: ${stdout}; stderr: ${stderr}`,
        ),
      );
    }, 15_000);
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      resolve({ stdout, code, signal });
    });
    child.on("error", (e) => {
      clearTimeout(guard);
      reject(e);
    });
  });
}

describe("default reactor and SIGINT (child process)", () => {
  it("stops gracefully on SIGINT: shutdown triggers run and run() resolves", async () => {
    const { stdout, code, signal } = await runChild([], ["running"]);
    assert.deepEqual(stdout.trim().split("\n"), [
      "running",
      "stopping",
      "shut down",
      "run resolved",
    ]);
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });

  it("forces a stuck shutdown on a second SIGINT: the remaining triggers run, and the process ends", async () => {
    const { stdout, code, signal } = await runChild(["hang"], [
      "running",
      "stopping",
    ]);
    assert.deepEqual(stdout.trim().split("\n"), [
      "running",
      "stopping",
      "shut down",
      "run resolved",
    ]);
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });

  it("stops the thread pool on a second SIGINT though the trigger before it is stuck", async () => {
    const { stdout, code, signal } = await runChild(["hang", "pool"], [
      "running",
      "stopping",
    ]);
    assert.deepEqual(stdout.trim().split("\n"), [
      "running",
      "stopping",
      "pool stopping",
      "pool stop cancelled",
      "shut down",
      "run resolved",
    ]);
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });
});
