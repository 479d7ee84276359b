/**
 * Least privilege: a pool's `permissions` option restricts its workers on
 * Deno (which needs `--unstable-worker-options` for it) and is accepted but
 * not enforced on Bun. The Deno cases run in a subprocess, since the flag
 * is per process and Deno ends a process that uses the option without it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { within } from "./_pools.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const child = fileURLToPath(
  new URL("./fixtures/permissions_child.ts", import.meta.url),
);

function runDeno(flags: string[]) {
  return spawnSync(
    process.execPath,
    ["run", "--no-check", ...flags, child],
    { encoding: "utf8", timeout: 60000 },
  );
}

describe("ThreadPool permissions", () => {
  it("says the permissions option is not enforced when none is given, or in-process", () => {
    assert.equal(new ThreadPool().permissionsEnforced, false);
    assert.equal(
      new ThreadPool({ permissions: "none", inProcess: true })
        .permissionsEnforced,
      false,
    );
  });

  it(
    "on Deno, lets a worker read only what it was granted",
    { skip: !isDeno },
    () => {
      const run = runDeno([
        "--unstable-worker-options",
        "--allow-read",
        "--allow-env",
      ]);
      assert.equal(run.status, 0, run.stderr);
      const got = JSON.parse(run.stdout.trim().split("\n").pop()!);
      assert.equal(got.enforced, true);
      assert.match(got.inside, /A worker entry module that fails to load/);
      assert.match(
        got.outside,
        /^NotCapable: Requires read access to ".*deno\.json"/,
      );
    },
  );

  it(
    'on Deno, takes the flag from the config file too ("unstable": ["worker-options"])',
    { skip: !isDeno },
    () => {
      const config = fileURLToPath(
        new URL("./fixtures/unstable_worker_options.json", import.meta.url),
      );
      const run = runDeno(["--config", config, "--allow-read", "--allow-env"]);
      assert.equal(run.status, 0, run.stderr);
      const got = JSON.parse(run.stdout.trim().split("\n").pop()!);
      assert.equal(got.enforced, true);
      assert.match(got.outside, /^NotCapable/);
    },
  );

  it(
    "on Deno without --unstable-worker-options (with --allow-all, so the command line can be read), the pool refuses with a TypeError naming the flag, and the process lives on (not exit code 70)",
    { skip: !isDeno },
    () => {
      const run = runDeno(["--allow-all"]);
      assert.equal(run.status, 0, run.stderr);
      const got = JSON.parse(run.stdout.trim().split("\n").pop()!);
      assert.equal(got.refused.name, "TypeError");
      assert.match(got.refused.message, /--unstable-worker-options/);
    },
  );

  it(
    "on Bun, accepts the option and does not enforce it",
    { skip: isDeno },
    async () => {
      const now = {
        callFromThread(fn: (...a: unknown[]) => unknown, ...a: unknown[]) {
          fn(...a);
        },
      };
      const pool = new ThreadPool({
        minthreads: 0,
        maxthreads: 1,
        permissions: { read: [new URL("./fixtures/", import.meta.url)] },
        reactor: now,
      });
      pool.start();
      try {
        const readText = threadTask<(path: string) => string>(
          new URL("./fixtures/fs_tasks.ts", import.meta.url),
          "readText",
        );
        const text = await within(
          deferToThreadPool(
            now,
            pool,
            readText,
            fileURLToPath(new URL("../../deno.json", import.meta.url)),
          ),
          "the read",
        );
        assert.match(text, /"name": "@twisted-ts\/core"/);
        assert.equal(pool.permissionsEnforced, false);
      } finally {
        await within(pool.stop(), "the pool to stop");
      }
    },
  );
});
