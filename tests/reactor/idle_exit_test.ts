/**
 * When a program is about to end because nothing is left to do (Deno's
 * `beforeunload`, Node's and Bun's `beforeExit`), what it leaves undone is
 * said, not lost: work waiting on a reactor that was never run, and
 * failures held by Deferreds that were never collected. Child processes on
 * the runtime under test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import process from "node:process";
import { ROOT } from "../_source.ts";
import { runArgs } from "../_runtime.ts";

const CHILD = `${ROOT}tests/reactor/_idle_exit_child.ts`;

function run(mode: string) {
  const argv = runArgs(CHILD, mode);
  return spawnSync(process.execPath, argv, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30000,
  });
}

describe("a program that runs out of work", () => {
  it("says that work waits on a reactor that was never run, naming it", () => {
    const { stderr, signal } = run("never-ran");
    assert.equal(signal, null, "it ends");
    assert.match(
      stderr,
      /Reactor: work is waiting for a run\(\) that was never called:\nError: callLater was given work before the program ran out of work, but the reactor has not been started/,
    );
  });

  it("says so when an awaited deferToThread is left for ever", {
    timeout: 30000,
  }, async () => {
    // Deno and Node end a program whose top-level await cannot settle (it
    // is said as they end); Bun waits for ever, so the reactor says it
    // after 5 s (the test then ends the child)
    const argv = runArgs(CHILD, "await-pool");
    const child = spawn(process.execPath, argv, { cwd: ROOT });
    let stderr = "", stdout = "";
    child.stderr.on("data", (b) => stderr += b);
    child.stdout.on("data", (b) => stdout += b);
    const said =
      /Error: the reactor's thread pool \(callInThread, deferToThread\) was given work .*reactor\.run\(\)/;
    try {
      const end = Date.now() + 20000;
      while (!said.test(stderr) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(stderr, said);
      assert.equal(stdout, "");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("reports a failure still held by a live Deferred when the program exits explicitly", () => {
    const { stderr, status } = run("unhandled-exit");
    assert.equal(status, 0);
    assert.match(stderr, /Unhandled error in Deferred:/);
    assert.match(stderr, /RangeError: kept and lost/);
    assert.equal(stderr.match(/kept and lost/g)?.length, 1, "reported once");
  });

  it("says nothing of a thread pool that was only made and sized", () => {
    const { stderr, status } = run("pool-only");
    assert.equal(status, 0);
    assert.equal(stderr, "");
  });

  it("reports a failure still held by a Deferred that was never collected", () => {
    const { stderr, signal } = run("unhandled");
    assert.equal(signal, null, "it ends");
    assert.match(stderr, /Unhandled error in Deferred:/);
    assert.match(stderr, /RangeError: kept and lost/);
  });
});
