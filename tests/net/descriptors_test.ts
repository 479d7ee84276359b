/**
 * A server out of file descriptors: more clients than `ulimit -n` allows.
 * It must survive (on Deno 2.9, formatting the failed accept's stack while
 * out of descriptors crashed the process), and serve again once clients
 * leave. Deno only: on Bun the accept loop is Bun's own (README). The
 * server is a child process, under `ulimit -n 48`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { SOCKET_TEST, within } from "./_sockets.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/** Connects to 127.0.0.1:`port`; resolves once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("a server out of file descriptors", () => {
  it("survives, and echoes again once clients have left", {
    ...SOCKET_TEST,
    skip: isDeno ? SOCKET_TEST.skip : "Bun's accept loop is its own",
  }, async () => {
    const script = fileURLToPath(
      new URL("./fixtures/echo_child.ts", import.meta.url),
    );
    const child = spawn(
      "bash",
      ["-c", 'ulimit -n 48 && exec "$RUNTIME" run -A --no-check "$SCRIPT"'],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, RUNTIME: process.execPath, SCRIPT: script },
      },
    );
    let stderr = "";
    child.stderr!.on("data", (b) => stderr += b);
    let exit: number | null | undefined;
    child.on("exit", (code) => exit = code);
    const clients: Socket[] = [];
    try {
      const port = await within(
        "the server's port",
        new Promise<number>((resolve) => {
          let out = "";
          child.stdout!.on("data", (b) => {
            out += b;
            const m = /^port (\d+)$/m.exec(out);
            if (m) resolve(Number(m[1]));
          });
        }),
      );
      // more than it can accept: the rest wait in the kernel's queue, or
      // for it (no waiting for each to connect)
      for (let i = 0; i < 80; i++) {
        const c = connect({ host: "127.0.0.1", port });
        c.on("error", () => {});
        clients.push(c);
      }
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(exit, undefined, `the server ended: ${stderr}`);
      assert.match(
        stderr,
        /Error accepting a connection on .* \(accepting again in \d+ ms\)/,
      );
      for (const c of clients.splice(0)) c.destroy();
      const client = await open(port);
      clients.push(client);
      const echoed = new Promise<string>((resolve) =>
        client.once("data", (b) => resolve(String(b)))
      );
      client.write("ping");
      assert.equal(await within("the echo", echoed), "ping");
      assert.equal(exit, undefined, `the server ended: ${stderr}`);
    } finally {
      for (const c of clients) c.destroy();
      child.kill("SIGKILL");
    }
  });
});
