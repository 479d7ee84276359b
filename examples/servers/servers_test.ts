/**
 * The example servers, as a user runs them: started as a child process
 * (the real runtime binary, so signals reach it), sent a mix of requests —
 * some hashed on a worker thread, some waiting on `callLater` first — then
 * SIGTERM while requests are still in flight. Every request must be
 * answered, and the server must exit on its own with status 0.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { slowHash } from "./tasks.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const isBun = typeof (globalThis as { Bun?: unknown }).Bun === "object";
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The real binary of the runtime running this test (not a wrapper). */
function realBinary(): string {
  if (!isDeno) return process.execPath;
  const local = here("../../node_modules/deno/deno");
  return existsSync(local) ? local : process.execPath;
}

async function serveAndStop(args: string[]) {
  const child = spawn(realBinary(), args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "", err = "";
  child.stdout.on("data", (b) => out += b);
  child.stderr.on("data", (b) => err += b);
  const exited = new Promise<[number | null, string | null]>((resolve) =>
    child.on("exit", (code, signal) => resolve([code, signal]))
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let waited = 0;
      const look = () => {
        const m = /listening on (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
        else if ((waited += 20) > 30000) {
          reject(new Error(`no port: ${err}`));
        } else setTimeout(look, 20);
      };
      look();
    });
    const base = `http://127.0.0.1:${port}`;
    // warm: the first request starts a worker
    assert.equal(
      await (await fetch(`${base}/hash?text=warm`)).text(),
      slowHash("warm", 20_000),
    );
    const texts = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const pending = texts.map(async (text, i) => {
      const path = i % 2 === 0 ? "later" : "hash";
      const response = await fetch(`${base}/${path}?text=${text}`);
      return [response.status, await response.text()] as const;
    });
    // the hashed ones answered: the server is handling the batch, and the
    // /later ones (sent with them, held 200 ms) are in flight — a fixed
    // sleep here raced the requests' arrival on a loaded machine
    await Promise.all(pending.filter((_, i) => i % 2 === 1));
    // process.kill, not child.kill: Deno's child_process reports any child
    // it sent a signal to as killed by it, even one that exited with 0
    process.kill(child.pid!, "SIGTERM");
    const answers = await Promise.all(pending);
    assert.deepEqual(
      answers,
      texts.map((t) => [200, slowHash(t, 20_000)]),
      "every request in flight was answered",
    );
    const [code, signal] = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit: ${out} ${err}`)), 30000)
      ),
    ]);
    assert.equal(signal, null, `out: ${out}\nerr: ${err}`);
    assert.equal(code, 0, err);
    assert.match(out, /stopped cleanly/);
  } finally {
    child.kill("SIGKILL");
  }
}

describe("the example servers", () => {
  it("Deno: answers every request in flight at SIGTERM, then exits 0", {
    skip: !isDeno && "Deno.serve is Deno's",
    timeout: 90000,
  }, async () => {
    // the README's minimal permissions: its address, and reading the
    // library and the task module (both in this checkout)
    await serveAndStop([
      "run",
      "--no-check",
      "--allow-net=127.0.0.1",
      `--allow-read=${here("../..")}`,
      here("./deno_server.ts"),
      "0",
    ]);
  });

  it("Bun: answers every request in flight at SIGTERM, then exits 0", {
    skip: !isBun && "Bun.serve is Bun's",
    timeout: 90000,
  }, async () => {
    await serveAndStop([here("./bun_server.ts"), "0"]);
  });
});
