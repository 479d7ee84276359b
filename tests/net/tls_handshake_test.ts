/**
 * A TLS server and clients that do not finish their handshake: one that
 * never speaks, one that speaks something else. Until its handshake
 * succeeds a connection has no protocol (README), so the library itself
 * must bound it and close it when the port stops listening — or a silent
 * client would hold a descriptor for ever and keep the process from
 * exiting after `reactor.stop()`. Over real loopback sockets.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import {
  bunListen,
  type HostSocket,
  type ListenRequest,
} from "../../net/_host.ts";
import { Protocol } from "../../net/mod.ts";
import {
  KeepingFactory,
  portOf,
  runningReactor,
  SOCKET_TEST,
  within,
} from "./_sockets.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const SERVER = {
  certificate: fixture("server.pem"),
  privateKey: fixture("server.key"),
};

/** A raw TCP client; `closed` settles when the server closes it. */
async function rawClient(
  port: number,
): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.resume(); // read, or the end of input is never seen
  const closed = new Promise<void>((resolve) => {
    socket.on("close", () => resolve());
    socket.on("error", () => {}); // a reset is a close too
    socket.on("end", () => socket.end());
  });
  await within(
    "the client to connect",
    new Promise<void>((resolve) => socket.once("connect", () => resolve())),
  );
  return { socket, closed };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Deno (2.9.6) cancels a TLS handshake when its connection is closed, but
 * keeps the socket until the peer closes it: nothing to see from the peer.
 * `deno_accept_test.ts` checks the closing itself.
 */
const DENO_KEEPS_IT =
  "Deno keeps the socket of a connection closed in its handshake until the peer closes it";

const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

/** Runs `tls_stop_child.ts` on this runtime; resolves with its port. */
function startChild(): {
  child: ChildProcess;
  port: Promise<number>;
  exited: Promise<number | null>;
} {
  const script = fileURLToPath(
    new URL("./fixtures/tls_stop_child.ts", import.meta.url),
  );
  const child = spawn(
    process.execPath,
    isBun ? [script] : ["run", "-A", "--no-check", script],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  const port = new Promise<number>((resolve) => {
    child.stdout!.on("data", (b) => {
      out += b;
      const m = /^port (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code))
  );
  return { child, port, exited };
}

describe("TLS clients that do not finish their handshake", () => {
  it(
    "a client that speaks something else gets no protocol",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Protocol());
        const port = reactor.listenSSL(0, servers, SERVER, 50, "127.0.0.1");
        const client = await rawClient(portOf(port));
        client.socket.write("GET / HTTP/1.0\r\n\r\n");
        await within("the client to be dropped", client.closed);
        await pause(100);
        assert.equal(servers.built.length, 0);
      } finally {
        await stop();
      }
    },
  );

  it(
    "a silent client does not keep the program from ending after reactor.stop()",
    SOCKET_TEST,
    async () => {
      const { child, port, exited } = startChild();
      let client: { socket: Socket } | undefined;
      try {
        client = await rawClient(await within("the child's port", port));
        await pause(300); // accepted, in its handshake
        child.stdin!.end("stop\n");
        assert.equal(await within("the child to end", exited), 0);
      } finally {
        client?.socket.destroy();
        child.kill("SIGKILL");
      }
    },
  );

  it("on Bun, a silent client is closed when the port stops listening", {
    ...SOCKET_TEST,
    skip: isBun ? SOCKET_TEST.skip : DENO_KEEPS_IT,
  }, async () => {
    const { reactor, stop } = runningReactor();
    try {
      const servers = new KeepingFactory(() => new Protocol());
      const port = reactor.listenSSL(0, servers, SERVER, 50, "127.0.0.1");
      const client = await rawClient(portOf(port));
      await pause(200);
      assert.equal(servers.built.length, 0);
      await within("the port to stop", port.stopListening());
      await within("the silent client to be closed", client.closed);
      assert.equal(servers.built.length, 0);
    } finally {
      await stop();
    }
  });

  it("on Bun, a client still in its handshake when the time is up is closed", {
    ...SOCKET_TEST,
    skip: isBun ? SOCKET_TEST.skip : DENO_KEEPS_IT,
  }, async () => {
    const request: ListenRequest = {
      transport: "tcp",
      hostname: "127.0.0.1",
      port: 0,
      backlog: 50,
      tls: SERVER,
    };
    const accepted: HostSocket[] = [];
    const listener = bunListen(
      (globalThis as { Bun?: unknown }).Bun as Parameters<typeof bunListen>[0],
      request,
      (s) => accepted.push(s),
      100,
    );
    try {
      const address = listener.address;
      if (address.transport !== "tcp") throw new Error("not a TCP listener");
      const client = await rawClient(address.port);
      await within("the silent client to be closed", client.closed);
      assert.equal(accepted.length, 0);
    } finally {
      await listener.close();
    }
  });
});
