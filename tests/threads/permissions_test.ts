/**
 * Least privilege: a pool's `permissions` option restricts its workers on
 * Deno (which needs `--unstable-worker-options` for it) and is accepted but
 * not enforced on Bun. The Deno cases run in a subprocess, since the flag
 * is per process and Deno ends a process that uses the option without it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { within } from "./_pools.ts";
import { DENO_NO_IMPLICIT_PERMISSIONS } from "../_runtime.ts";

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

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);
const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));
const readChild = fileURLToPath(
  new URL("./fixtures/read_access_child.ts", import.meta.url),
);

/** Runs `read_access_child.ts` with `flags`, asynchronously (a server may be serving). */
function runReadChild(
  flags: string[],
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: unknown; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "run",
        "--no-check",
        "--no-prompt",
        "--no-lock", // modules served over http must not land in deno.lock
        DENO_NO_IMPLICIT_PERMISSIONS,
        ...flags,
        readChild,
        ...args,
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
    );
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => stdout += b);
    child.stderr.on("data", (b) => stderr += b);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      let out: unknown = last;
      try {
        out = JSON.parse(last);
      } catch {
        // not JSON: the assertion shows it
      }
      resolve({ code, out, stderr });
    });
  });
}

describe("Deno's read permission and worker threads", { skip: !isDeno }, () => {
  it("without read access to the library, a task fails with one line that says what to add; Deno reports nothing itself", async () => {
    const r = await runReadChild([]);
    assert.equal(r.code, 0, r.stderr);
    const failed = (r.out as { failed?: string }).failed ?? JSON.stringify(r);
    assert.equal(failed.split("\n").length, 1, failed);
    assert.ok(
      failed.includes(
        `Deno denied read access to ${ROOT}, which a worker thread loads the library from: run with --allow-read=${ROOT} (plus the task modules' folder)`,
      ),
      failed,
    );
    assert.doesNotMatch(r.stderr, /Uncaught|in worker/);
  });

  it("runs the task with --allow-read for the library and the task modules' folder, and asks for nothing else", async () => {
    // Deno writes every permission check to this file, granted or not (a
    // check of one not granted is a prompt at a terminal)
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-audit-"));
    const audit = join(dir, "audit.jsonl");
    try {
      const r = await runReadChild([`--allow-read=${ROOT},${FIXTURES}`], [], {
        DENO_AUDIT_PERMISSIONS: audit,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.out, { value: 42 });
      const asked = new Set(
        readFileSync(audit, "utf8").trim().split("\n").map((line) =>
          (JSON.parse(line) as { permission: string }).permission
        ),
      );
      assert.deepEqual([...asked], ["read"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("imported from https (here http, standing in for jsr.io), needs import access to the host and read access to the task modules only", async () => {
    const types: Record<string, string> = {
      ".ts": "application/typescript",
      ".js": "application/javascript",
    };
    const server = createServer(async (req, res) => {
      const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
      try {
        if (path.includes("..")) throw new Error("no");
        const body = await readFile(ROOT + path);
        res.writeHead(200, {
          "content-type": types[path.slice(path.lastIndexOf("."))] ??
            "application/octet-stream",
        });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await runReadChild(
        [`--allow-import=${host}`, `--allow-read=${FIXTURES}`],
        [`http://${host}/`],
      );
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.out, { value: 42 });
      // and without import access to that host, the import itself is refused
      const refused = await runReadChild([`--allow-read=${FIXTURES}`], [
        `http://${host}/`,
      ]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /Requires import access to/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
