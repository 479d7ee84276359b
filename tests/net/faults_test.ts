/**
 * Faults: connects that never complete, peers that reset or go half-open,
 * and bad input to transports. Every Deferred settles, every socket is
 * closed. The misbehaving peers are small Python programs (`_peer.py`,
 * plain sockets); those tests are skipped where `/usr/bin/python3` is
 * missing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { Reactor } from "../../mod.ts";
import {
  ConnectError,
  ConnectionDone,
  ConnectionLost,
  ConnectTimeoutError,
} from "../../net/mod.ts";
import { host } from "../../net/_host.ts";
import {
  HOST_STUB_TEST,
  KeepingFactory,
  openFileDescriptors,
  portOf,
  Recorder,
  RecordingClientFactory,
  runningReactor,
  SOCKET_TEST,
  until,
  within,
} from "./_sockets.ts";

const PYTHON = "/usr/bin/python3";
const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const PEER = fileURLToPath(new URL("./_peer.py", import.meta.url));

/** Starts `_peer.py mode`; resolves with its port and how to stop it. */
async function peer(mode: string): Promise<{ port: number; stop(): void }> {
  const child = spawn(PYTHON, [PEER, mode], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await within(
    `${mode} peer started`,
    new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Uint8Array) => {
        out += new TextDecoder().decode(d);
        if (out.includes("\n")) resolve(Number(out.trim()));
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`peer exited with ${code}`)));
    }),
  );
  return {
    port,
    stop() {
      child.stdin!.end();
      child.kill();
    },
  };
}

describe("faults", () => {
  it(
    "times out a connect that never completes (host stub): ConnectTimeoutError, the attempt cancelled",
    HOST_STUB_TEST,
    async () => {
      const { reactor, stop, open } = runningReactor();
      const original = host.connect;
      let cancelled = 0;
      host.connect = () => () => void cancelled++;
      try {
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectTCP("192.0.2.1", 80, clients, 0.05);
        assert.deepEqual(open().connecting, 1);
        const reason = await within("timeout", clients.failed);
        assert.equal(reason.type, ConnectTimeoutError);
        assert.equal(cancelled, 1);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "failed ConnectTimeoutError",
        ]);
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
        assert.equal(
          (connector as unknown as { state: string }).state,
          "disconnected",
        );
      } finally {
        host.connect = original;
        await stop();
      }
    },
  );

  it(
    "times out a real connect to a server whose queue is full, and nothing is left open",
    SOCKET_TEST,
    async (t) => {
      if (!existsSync(PYTHON)) return t.skip("no /usr/bin/python3");
      const server = await peer("backlog");
      const { reactor, stop, open } = runningReactor();
      try {
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", server.port, clients, 0.3);
        const reason = await within("timeout", clients.failed);
        assert.equal(reason.type, ConnectTimeoutError);
        assert.equal(clients.built.length, 0);
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
      } finally {
        await stop();
        server.stop();
      }
    },
  );

  it(
    "lets the process exit after reactor.stop() while a connect that never completes is under way",
    SOCKET_TEST,
    async (t) => {
      if (!existsSync(PYTHON)) return t.skip("no /usr/bin/python3");
      const server = await peer("backlog");
      try {
        const script = fileURLToPath(
          new URL("./fixtures/pending_connect_exit.ts", import.meta.url),
        );
        const [cmd, args] = IS_DENO
          ? [process.execPath, ["run", "-A", "--no-check", script]]
          : [process.execPath, [script]];
        const started = Date.now();
        const out = await within(
          "the child process exits",
          new Promise<{ code: number | null; stdout: string }>((resolve) => {
            const child = spawn(cmd, [...args, String(server.port)], {
              stdio: ["ignore", "pipe", "inherit"],
            });
            let stdout = "";
            child.stdout!.on(
              "data",
              (d: Uint8Array) => stdout += new TextDecoder().decode(d),
            );
            child.on("close", (code) => resolve({ code, stdout }));
            setTimeout(() => child.kill("SIGKILL"), 20_000);
          }),
          30_000,
        );
        assert.equal(out.stdout, "failed: ConnectError\nstopped\n");
        assert.equal(out.code, 0);
        assert.ok(
          Date.now() - started < 15_000,
          "it exited by itself, promptly",
        );
      } finally {
        server.stop();
      }
    },
  );

  it("reports a peer's reset as ConnectionLost", SOCKET_TEST, async (t) => {
    if (!existsSync(PYTHON)) return t.skip("no /usr/bin/python3");
    const server = await peer("reset");
    const { reactor, stop, open } = runningReactor();
    try {
      const clients = new RecordingClientFactory(() => new Recorder());
      reactor.connectTCP("127.0.0.1", server.port, clients);
      await until("connected", () => clients.built.length === 1);
      const client = await within("made", clients.built[0]!.made);
      client.transport.write("x");
      const reason = await within("reset", client.lost);
      assert.equal(reason.type, ConnectionLost, reason.getErrorMessage());
      assert.deepEqual(clients.events, [
        "startedConnecting",
        "lost ConnectionLost",
      ]);
      assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
    } finally {
      await stop();
      server.stop();
    }
  });

  it(
    "closes on a half-open peer (it sends FIN and never reads) once our writes are done",
    SOCKET_TEST,
    async (t) => {
      if (!existsSync(PYTHON)) return t.skip("no /usr/bin/python3");
      const server = await peer("mute");
      const { reactor, stop, open } = runningReactor();
      try {
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", server.port, clients);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        // the peer's FIN ends our input; a protocol without half-close
        // support closes, after flushing what it wrote
        client.transport.write("last words");
        const reason = await within("closed", client.lost);
        assert.equal(reason.type, ConnectionDone);
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
      } finally {
        await stop();
        server.stop();
      }
    },
  );

  it(
    "refuses a write of a non-bytes value and one after loseConnection, naming them",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        const t = client.transport;
        assert.throws(
          () => t.write(42 as never),
          /transport\.write: data must be a Uint8Array or a string, got 42/,
        );
        assert.throws(
          () => t.writeSequence(["ok", {} as never]),
          /transport\.writeSequence: data\[1\] must be a Uint8Array or a string/,
        );
        assert.throws(
          () => t.writeSequence(7 as never),
          /transport\.writeSequence: data must be an iterable/,
        );
        t.loseConnection();
        assert.throws(() => t.write("late"), /the transport is closing/);
        await within("lost", client.lost);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "a connect attempt under way when the reactor stops fails with ConnectError and the process can go on",
    HOST_STUB_TEST,
    async () => {
      const reactor = new Reactor({ installSignalHandlers: false });
      const original = host.connect;
      host.connect = () => () => {};
      try {
        const done = reactor.run();
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("192.0.2.1", 80, clients);
        reactor.stop();
        await within("run() ends", done);
        const reason = await within("failed", clients.failed);
        assert.ok(reason.value instanceof ConnectError);
        assert.equal(reason.type, ConnectError);
      } finally {
        host.connect = original;
      }
    },
  );

  it(
    "logs a client factory callback that throws, and goes on (no crash, the factory stopped)",
    SOCKET_TEST,
    async () => {
      const { capturingLog } = await import("../_log.ts");
      const { reactor, stop, open } = runningReactor();
      try {
        const { events } = await capturingLog(async () => {
          const servers = new KeepingFactory(() => new Recorder());
          const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
          const stopped: string[] = [];
          const lossy = new RecordingClientFactory(() => new Recorder());
          lossy.clientConnectionLost = () => {
            throw new Error("lost handler broke");
          };
          lossy.stopFactory = () => void stopped.push("lossy");
          reactor.connectTCP("127.0.0.1", portOf(port), lossy);
          (await within("accept", servers.next(0))).transport.loseConnection();
          await until("lossy stopped", () => stopped.includes("lossy"));
          const number = portOf(port);
          await within("stop", port.stopListening());
          const failing = new RecordingClientFactory(() => new Recorder());
          failing.clientConnectionFailed = () => {
            throw new Error("failed handler broke");
          };
          failing.stopFactory = () => void stopped.push("failing");
          reactor.connectTCP("127.0.0.1", number, failing);
          await until("failing stopped", () => stopped.includes("failing"));
        });
        // (on Bun every test file shares the process and the log: keep this
        // test's factories' errors only)
        const whys = events.filter((e) =>
          e.isError && /RecordingClientFactory/.test(String(e.why))
        ).map((e) => `${e.why} ${e.failure?.getErrorMessage()}`);
        assert.deepEqual(whys, [
          "Unhandled error in RecordingClientFactory.clientConnectionLost: lost handler broke",
          "Unhandled error in RecordingClientFactory.clientConnectionFailed: failed handler broke",
        ]);
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
      } finally {
        await stop();
      }
    },
  );

  it(
    "serves the next client at once after peers that reset before they were accepted, logging no error",
    SOCKET_TEST,
    async (t) => {
      if (!existsSync(PYTHON)) return t.skip("no /usr/bin/python3");
      const { capturingLog } = await import("../_log.ts");
      const { reactor, stop, open } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 1024, "127.0.0.1");
        const { events } = await capturingLog(async () => {
          // the loop is blocked while they connect and reset, so each
          // waits in the listen queue, reset, until accepted (Deno then
          // reports it as NotConnected)
          const resets = spawnSync(PYTHON, [
            "-c",
            `import socket, struct
for i in range(300):
    s = socket.create_connection(("127.0.0.1", ${portOf(port)}))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()`,
          ]);
          assert.equal(resets.status, 0, String(resets.stderr));
          const started = performance.now();
          const clients = new RecordingClientFactory(() => new Recorder());
          reactor.connectTCP("127.0.0.1", portOf(port), clients);
          await until("connected", () => clients.built.length === 1);
          const client = await within("made", clients.built[0]!.made);
          client.transport.write("hello");
          // its server side (after those of the resets accepted in time)
          await until(
            "served",
            () => servers.built.some((p) => p.received === "hello"),
          );
          // a pause of 10 ms after each reset peer would take 3 s
          const waited = performance.now() - started;
          assert.ok(waited < 2000, `served after ${waited} ms`);
          client.transport.loseConnection();
          await within("client lost", client.lost);
          await within("stop", port.stopListening());
        });
        // (on Bun every test file shares the process and the log: keep
        // what the accept loop logged)
        const errors = events.filter((e) =>
          e.isError && /accept/i.test(String(e.why))
        ).map((e) => `${e.why} ${e.failure?.getErrorMessage()}`);
        assert.deepEqual(errors, []);
        await until("all closed", () => open().connections === 0);
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
      } finally {
        await stop();
      }
    },
  );

  it(
    "closes the port again when the factory refuses to start",
    SOCKET_TEST,
    async (t) => {
      const { reactor, stop, open } = runningReactor();
      try {
        const before = await openFileDescriptors();
        if (before === undefined) return t.skip("no /proc/self/fd here");
        const servers = new KeepingFactory(() => new Recorder());
        servers.startFactory = () => {
          throw new Error("no start today");
        };
        const attempts = 200;
        for (let i = 0; i < attempts; i++) {
          assert.throws(
            () => reactor.listenTCP(0, servers, 50, "127.0.0.1"),
            /no start today/,
          );
        }
        assert.deepEqual(open(), { ports: 0, connections: 0, connecting: 0 });
        // the host releases a listener as it gets to it: wait, bounded. The
        // count is the process's, and other test files run beside this one
        // (Deno's --parallel): a leak would keep all `attempts` listeners,
        // so well under half of them left over is no leak
        let now: number | undefined;
        await until("no listener left open", () => {
          void openFileDescriptors().then((n) => now = n);
          return now !== undefined && now - before < attempts / 2;
        }, 10_000).catch((e) => {
          throw new Error(
            `${e.message}: ${before} descriptors before, ${now} after`,
          );
        });
      } finally {
        await stop();
      }
    },
  );
});
