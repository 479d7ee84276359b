/**
 * A Deno Deploy-like host: no `Worker` and no permissions (a Deno child
 * process with no `--allow-*` flag whose global `Worker` is deleted, see
 * `fixtures/deploy_child.ts`). What must happen, and does:
 * - the README's quick start runs as everywhere else;
 * - the reactor's pool runs tasks in-process (`inProcess`), and says so
 *   once through `log`;
 * - a task whose module the program imports statically (part of its
 *   module graph, as a deployment's files are) runs, with no permission;
 * - a task whose module is not in the graph fails at once, with an error
 *   naming the module and the permission that loading it would take.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { DENO_NO_IMPLICIT_PERMISSIONS, IS_DENO } from "../_runtime.ts";

const child = fileURLToPath(
  new URL("./fixtures/deploy_child.ts", import.meta.url),
);

describe("a Deno Deploy-like host (no Worker, no permissions)", {
  skip: !IS_DENO && "Deno's permissions; Bun and Node have none to drop",
}, () => {
  it("runs the quick start, and deferToThread in-process, saying so", () => {
    const run = spawnSync(process.execPath, [
      "run",
      "--no-check",
      "--no-prompt",
      DENO_NO_IMPLICIT_PERMISSIONS,
      child,
    ], { encoding: "utf8", timeout: 60000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "");
    const got = JSON.parse(run.stdout.trim().split("\n").pop()!);
    assert.deepEqual(got.printed, ["Result: 9", "Done"]);
    assert.equal(got.inProcess, true);
    assert.equal(got.sum, 5);
    assert.match(
      got.doubled,
      /^failed: task file:\/\/\/.*\/deploy_tasks\.ts#double: could not import its module: .*Requires read access to ".*deploy_tasks\.ts", run again with the --allow-read flag$/,
    );
    assert.deepEqual(got.logged, [
      "ThreadPool twisted.internet.reactor: this host has no worker threads, so tasks run on the main thread, one after another, and block the reactor while they run",
    ]);
  });
});
