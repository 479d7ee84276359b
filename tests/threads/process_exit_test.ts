/**
 * A pool nobody stopped does not keep a finished program alive: its idle
 * workers hold nothing, while a task in flight does hold the process until
 * its result is in. Run in a subprocess on the runtime under test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

describe("a pool that was never stopped", () => {
  it(
    "lets the process exit once its last task is done, and is held until then by every task in flight, ring or not",
    { timeout: 60000 },
    () => {
      const child = fileURLToPath(
        new URL("./fixtures/forgot_stop_child.ts", import.meta.url),
      );
      const begun = Date.now();
      const run = spawnSync(
        process.execPath,
        isDeno ? ["run", "--no-check", "-A", child] : [child],
        { encoding: "utf8", timeout: 30000 },
      );
      assert.equal(run.signal, null, `the child did not exit: ${run.stderr}`);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^task: done$/m, "the task in flight held it");
      assert.match(
        run.stdout,
        /^ring task: again$/m,
        "a task answered through the ring held it",
      );
      assert.match(run.stdout, /^ring sum: 5$/m, "so did the next one");
      assert.ok(Date.now() - begun < 20000);
    },
  );
});
