/**
 * A single-file executable (`bun build --compile`): the library is bundled,
 * so its worker entry is added to the build and named with
 * `setWorkerEntry`; the task module is added too. The binary runs a task
 * on a worker and prints its result. Bun only (Deno's `deno compile` needs
 * its runtime downloaded, which this machine cannot).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const isBun = typeof (globalThis as { Bun?: unknown }).Bun === "object";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("bun build --compile", () => {
  it("makes a binary whose thread pool runs tasks on workers", {
    skip: !isBun,
    timeout: 120000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-compile-"));
    try {
      // the library as an installed package would sit in the project
      for (const part of ["_util", "defer", "reactor", "threads", "mod.ts"]) {
        cpSync(join(ROOT, part), join(dir, "lib", part), { recursive: true });
      }
      writeFileSync(
        join(dir, "tasks.ts"),
        "export const add = (a: number, b: number): number => a + b;\n",
      );
      writeFileSync(
        join(dir, "app.ts"),
        `import { deferToThreadPool, setWorkerEntry, ThreadPool, threadTask } from "./lib/threads/mod.ts";
setWorkerEntry(new URL("./lib/threads/_transport/entry.ts", import.meta.url));
const now = { callFromThread: (f: (...a: unknown[]) => unknown, ...a: unknown[]) => f(...a) };
const pool = new ThreadPool({ maxthreads: 1, reactor: now });
pool.start();
const add = threadTask<(a: number, b: number) => number>(new URL("./tasks.ts", import.meta.url), "add");
console.log("sum:", await deferToThreadPool(now, pool, add, 20, 22));
console.log("in a worker:", pool.inProcess === false);
await pool.stop();
`,
      );
      const build = spawnSync(
        process.execPath,
        [
          "build",
          "--compile",
          "./app.ts",
          "./tasks.ts",
          "./lib/threads/_transport/entry.ts",
          "--outfile",
          "app",
        ],
        { cwd: dir, encoding: "utf8", timeout: 90000 },
      );
      assert.equal(build.status, 0, build.stderr);
      // run it from elsewhere: nothing may come from the disk
      const run = spawnSync(join(dir, "app"), [], {
        cwd: tmpdir(),
        encoding: "utf8",
        timeout: 30000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^sum: 42$/m);
      assert.match(run.stdout, /^in a worker: true$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
