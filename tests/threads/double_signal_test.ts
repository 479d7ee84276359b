/**
 * A second signal during a stuck shutdown, for real (a child process on
 * the runtime under test, its real binary, so signals reach it): eight
 * tasks never return, the first SIGTERM starts a shutdown that waits for
 * them, the second forces it. Every task's Deferred settles (`WorkerDied`
 * for those running, `AlreadyQuit` for those queued behind them), the
 * remaining triggers run, and the process exits 0.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const child = fileURLToPath(
  new URL("./fixtures/double_signal_child.ts", import.meta.url),
);

describe("a shutdown stuck on tasks that never return", () => {
  it(
    "settles every task's Deferred, runs the rest of shutdown and exits on a second SIGTERM",
    {
      timeout: 60000,
    },
    async () => {
      const args = isDeno ? ["run", "--no-check", "-A", child] : [child];
      const proc = spawn(process.execPath, args, {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "", err = "";
      proc.stdout.on("data", (b) => out += b);
      proc.stderr.on("data", (b) => err += b);
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        proc.on("exit", (code, signal) => resolve([code, signal]))
      );
      try {
        const waitFor = async (text: string) => {
          const end = Date.now() + 30000;
          while (!out.includes(text)) {
            if (Date.now() > end) {
              throw new Error(`no "${text}" from the child: ${out} ${err}`);
            }
            await new Promise((r) => setTimeout(r, 20));
          }
        };
        await waitFor("running");
        process.kill(proc.pid!, "SIGTERM");
        await new Promise((r) => setTimeout(r, 500)); // stuck on the tasks
        assert.doesNotMatch(out, /settled/, "the first signal waits for them");
        process.kill(proc.pid!, "SIGTERM");
        const begun = Date.now();
        const [code, signal] = await Promise.race([
          exited,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`no exit: ${out} ${err}`)), 20000)
          ),
        ]);
        assert.deepEqual([code, signal], [0, null], err);
        assert.ok(
          Date.now() - begun < 10000,
          "it ended without waiting it out",
        );
        const lines = out.trim().split("\n");
        assert.deepEqual(lines.slice(0, 3), [
          "running",
          "after trigger ran",
          "run resolved",
        ]);
        // the running tasks' workers were terminated (WorkerDied); the
        // tasks queued behind them never started (AlreadyQuit: the pool
        // stopped)
        const settled = lines[3]!.replace("settled: ", "").split(",");
        assert.equal(settled.length, 8, lines[3]);
        assert.ok(settled.includes("WorkerDied"), lines[3]);
        assert.ok(
          settled.every((n) => n === "WorkerDied" || n === "AlreadyQuit"),
          lines[3],
        );
      } finally {
        proc.kill("SIGKILL");
      }
    },
  );
});
