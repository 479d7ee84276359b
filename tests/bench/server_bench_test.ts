/**
 * The server bench's plumbing: reading autocannon's output, and the HTTP
 * servers it measures — each mode answers with the right hash on this
 * runtime and exits when its stdin closes; a pool from npm that is not
 * installed is reported as absent, not as a failure.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseAutocannon } from "../../bench/_autocannon.ts";
import { slowHash } from "../../bench/_http_task.ts";

import { IS_DENO, IS_NODE } from "../_runtime.ts";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** autocannon's JSON for one run, as much of it as is read. */
function run(fields: Record<string, unknown>): string {
  return JSON.stringify({
    requests: { average: 100 },
    latency: { p99: 40 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    ...fields,
  });
}

describe("parseAutocannon", () => {
  it("reads the last line: the measured run after the warm-up's", () => {
    const output = run({ requests: { average: 1 } }) + "\n" +
      run({ requests: { average: 523.5 }, latency: { p99: 61 } }) + "\n";
    assert.deepEqual(parseAutocannon(output), { rps: 523.5, p99: 61 });
  });

  it("refuses a run with errors, timeouts or non-2xx answers", () => {
    for (const bad of [{ errors: 2 }, { timeouts: 1 }, { non2xx: 3 }]) {
      assert.throws(() => parseAutocannon(run(bad)), /autocannon saw/);
    }
  });
});

/** Starts `_http_server.ts MODE 1000 1`; resolves with its first line. */
function start(mode: string) {
  const args = ["bench/_http_server.ts", mode, "1000", "1"];
  const child = spawn(
    process.execPath,
    IS_DENO ? ["run", "-A", "--no-check", ...args] : args,
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "", err = "";
  child.stdout.on("data", (d) => out += d);
  child.stderr.on("data", (d) => err += d);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code))
  );
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line: ${err}`)), 30000);
    const look = () => {
      const i = out.indexOf("\n");
      if (i >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, i)));
      } else setTimeout(look, 20);
    };
    look();
  });
  return {
    first,
    async finish(): Promise<{ code: number | null; out: string; err: string }> {
      child.stdin.end();
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no exit: ${err}`)), 30000)
        ),
      ]);
      return { code, out, err };
    },
    kill: () => child.kill("SIGKILL"),
  };
}

describe("the server bench's HTTP servers", {
  skip: IS_NODE && "the servers are Deno.serve and Bun.serve",
}, () => {
  for (const mode of ["inline", "ours", "piscina", "tinypool"]) {
    it(
      `${mode}: answers /hash with slowHash(text, rounds), then exits 0 when its stdin closes`,
      {
        timeout: 90000,
      },
      async () => {
        const server = start(mode);
        try {
          const first = await server.first;
          if ("absent" in first) {
            // an optional npm dependency that `npm ci` could not install
            assert.ok(mode === "piscina" || mode === "tinypool", String(first));
            assert.match(String(first.absent), /not installed/);
            return;
          }
          const answers = await Promise.all(
            ["a", "b", "c"].map(async (text) => {
              const r = await fetch(
                `http://127.0.0.1:${first.port}/hash?text=${text}`,
              );
              return [r.status, await r.text()];
            }),
          );
          assert.deepEqual(
            answers,
            ["a", "b", "c"].map((t) => [200, slowHash(t, 1000)]),
          );
          const { code, out, err } = await server.finish();
          assert.equal(code, 0, err);
          assert.match(out, /"done":1/);
        } finally {
          server.kill();
        }
      },
    );
  }
});
