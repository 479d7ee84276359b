/**
 * Where the host has no `Worker`, a pool runs its tasks in-process and says
 * so (`inProcess`). Checked in a subprocess whose global `Worker` is
 * removed before the library loads, on the runtime running the tests.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const child = fileURLToPath(
  new URL("./fixtures/no_worker_child.ts", import.meta.url),
);

describe("a host without Worker", () => {
  it("gets a pool that runs tasks in-process and says so", () => {
    const args = isDeno ? ["run", "--no-check", "-A", child] : [child];
    const run = spawnSync(process.execPath, args, {
      encoding: "utf8",
      timeout: 60000,
    });
    assert.equal(run.status, 0, run.stderr);
    const got = JSON.parse(run.stdout.trim().split("\n").pop()!);
    assert.deepEqual(got, {
      inProcess: true,
      sum: 5,
      called: "called",
      seen: ["proxied"],
      inWorker: false,
    });
  });
});
