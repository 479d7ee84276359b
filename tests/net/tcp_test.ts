/**
 * listenTCP / connectTCP over real loopback sockets: data both ways,
 * addresses, closing, half-close, back-pressure, producers and the
 * reactor's shutdown. Bounded: port 0 on 127.0.0.1, every step within
 * STEP_MS, everything closed in `finally`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, type Failure } from "../../mod.ts";
import {
  CannotListenError,
  ConnectionAborted,
  ConnectionDone,
  ConnectionLost,
  ConnectionRefusedError,
  type IHalfCloseableProtocol,
  type IPushProducer,
  IPv4Address,
  IPv6Address,
  NotConnectingError,
  Protocol,
  UserError,
} from "../../net/mod.ts";
import {
  Echo,
  KeepingFactory,
  portOf,
  Recorder,
  RecordingClientFactory,
  runningReactor,
  SOCKET_TEST,
  until,
  within,
} from "./_sockets.ts";

describe("listenTCP and connectTCP over loopback", () => {
  it(
    "echoes bytes both ways and reports Twisted's addresses on each side",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Echo());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const host = port.getHost();
        assert.ok(host instanceof IPv4Address);
        assert.equal(host.host, "127.0.0.1");
        assert.ok(host.port > 0, "port 0 picked a free port");
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectTCP("127.0.0.1", host.port, clients);
        assert.equal(
          String(connector.getDestination()),
          `IPv4Address(type='TCP', host='127.0.0.1', port=${host.port})`,
        );
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        const server = await within("accept", servers.next(0));
        client.transport.write("ping ");
        client.transport.writeSequence(["po", new TextEncoder().encode("ng")]);
        await until("echo", () => client.received === "ping pong");
        assert.equal(server.received, "ping pong");
        const peer = client.transport.getPeer();
        assert.ok(peer instanceof IPv4Address);
        assert.equal(peer.port, host.port);
        const local = client.transport.getHost();
        assert.ok(local instanceof IPv4Address);
        assert.equal(local.host, "127.0.0.1");
        assert.ok(
          (server.transport.getPeer() as IPv4Address).equals(local),
          "the server sees the client's address as its peer",
        );
        assert.deepEqual(clients.events, ["startedConnecting"]);
        client.transport.loseConnection();
        assert.equal(
          (await within("client lost", client.lost)).type,
          ConnectionDone,
        );
        assert.equal(
          (await within("server lost", server.lost)).type,
          ConnectionDone,
        );
        await within("clientConnectionLost", clients.lostConnection);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "lost ConnectionDone",
        ]);
        await within("stopListening", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "still reports both addresses after the connection is lost, whichever side closed",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const listening = port.getHost() as IPv4Address;
        for (const [i, closer] of ["client", "server"].entries()) {
          const clients = new RecordingClientFactory(() => new Recorder());
          reactor.connectTCP("127.0.0.1", listening.port, clients);
          await until("connected", () => clients.built.length === 1);
          const client = await within("made", clients.built[0]!.made);
          const server = await within("accept", servers.next(i));
          // no address asked before the close
          (closer === "client" ? client : server).transport.loseConnection();
          await within("client lost", client.lost);
          await within("server lost", server.lost);
          const serverHost = server.transport.getHost() as IPv4Address;
          const clientHost = client.transport.getHost() as IPv4Address;
          assert.ok(serverHost instanceof IPv4Address, closer);
          assert.equal(serverHost.host, "127.0.0.1", closer);
          assert.equal(serverHost.port, listening.port, closer);
          assert.ok(clientHost instanceof IPv4Address, closer);
          assert.equal(clientHost.host, "127.0.0.1", closer);
          assert.ok(
            (server.transport.getPeer() as IPv4Address).equals(clientHost),
            `${closer}: the server's peer is the client's host`,
          );
          assert.ok(
            (client.transport.getPeer() as IPv4Address).equals(serverHost),
            `${closer}: the client's peer is the server's host`,
          );
        }
        await within("stopListening", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "listens and connects on the IPv6 loopback with IPv6Address fields",
    SOCKET_TEST,
    async (t) => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Echo());
        let port;
        try {
          port = reactor.listenTCP(0, servers, 50, "::1");
        } catch (e) {
          if (e instanceof CannotListenError) {
            t.skip("no IPv6 loopback on this machine");
            return;
          }
          throw e;
        }
        const host = port.getHost();
        assert.ok(host instanceof IPv6Address);
        assert.equal(host.host, "::1");
        assert.equal(host.flowInfo, 0);
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectTCP("::1", host.port, clients);
        assert.ok(connector.getDestination() instanceof IPv6Address);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        client.transport.write("six");
        await until("echo", () => client.received === "six");
        assert.ok(client.transport.getPeer() instanceof IPv6Address);
        assert.ok(client.transport.getHost() instanceof IPv6Address);
        client.transport.loseConnection();
        await within("lost", client.lost);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "delivers everything written before loseConnection, then ConnectionDone",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        class Sender extends Recorder {
          override connectionMade() {
            super.connectionMade();
            for (let i = 0; i < 100; i++) this.transport.write(`${i},`);
            this.transport.write(new Uint8Array(300_000).fill(120));
            this.transport.loseConnection();
          }
        }
        const servers = new KeepingFactory(() => new Sender());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = clients.built[0]!;
        const reason = await within("client lost", client.lost);
        assert.equal(reason.type, ConnectionDone);
        const expected = Array.from({ length: 100 }, (_, i) =>
          `${i},`).join("") +
          "x".repeat(300_000);
        assert.equal(client.received.length, expected.length);
        assert.equal(client.received, expected);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "abortConnection drops queued data: ConnectionAborted here, a lost connection there",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        const server = await within("accept", servers.next(0));
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        client.transport.write("never sent");
        client.transport.abortConnection();
        assert.equal(
          (await within("client lost", client.lost)).type,
          ConnectionAborted,
        );
        const serverReason = await within("server lost", server.lost);
        assert.ok(
          serverReason.type === ConnectionLost ||
            serverReason.type === ConnectionDone,
          `server saw ${serverReason.type?.name}`,
        );
        assert.equal(server.received, "");
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "half-closes: the peer's readConnectionLost, then it answers and closes",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        class HalfServer extends Recorder implements IHalfCloseableProtocol {
          readConnectionLost() {
            this.events.push("readConnectionLost");
            this.transport.write(`got ${this.received}`);
            this.transport.loseConnection();
          }
          writeConnectionLost() {
            this.events.push("writeConnectionLost");
          }
        }
        class HalfClient extends Recorder implements IHalfCloseableProtocol {
          override connectionMade() {
            super.connectionMade();
            this.transport.write("question");
            this.transport.loseWriteConnection();
          }
          readConnectionLost() {
            this.events.push("readConnectionLost");
            this.transport.loseConnection();
          }
          writeConnectionLost() {
            this.events.push("writeConnectionLost");
          }
        }
        const servers = new KeepingFactory(() => new HalfServer());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new HalfClient());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        const server = await within("accept", servers.next(0));
        await until("connected", () => clients.built.length === 1);
        const client = clients.built[0]!;
        await within("client lost", client.lost);
        await within("server lost", server.lost);
        assert.equal(client.received, "got question");
        assert.deepEqual(server.events, [
          "made",
          "readConnectionLost",
          "lost ConnectionDone",
        ]);
        assert.deepEqual(client.events, [
          "made",
          "writeConnectionLost",
          "readConnectionLost",
          "lost ConnectionDone",
        ]);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "closes a protocol without half-close support when the peer half-closes",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        const server = await within("accept", servers.next(0));
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        client.transport.write("bye");
        client.transport.loseWriteConnection();
        assert.equal(
          (await within("server lost", server.lost)).type,
          ConnectionDone,
        );
        assert.equal(server.received, "bye");
        await within("client lost", client.lost);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  for (const reader of ["server", "client"] as const) {
    it(
      `stops reading while the ${reader} pauses its transport; the sender's producer is paused, nothing is lost`,
      SOCKET_TEST,
      async () => {
        const { reactor, stop } = runningReactor();
        try {
          /** Pauses its transport as soon as it is connected. */
          class PausedAtOnce extends Recorder {
            override connectionMade(): void {
              this.transport.pauseProducing();
              super.connectionMade();
            }
          }
          const servers = new KeepingFactory(() =>
            reader === "server" ? new PausedAtOnce() : new Recorder()
          );
          const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
          const clients = new RecordingClientFactory(() =>
            reader === "client" ? new PausedAtOnce() : new Recorder()
          );
          reactor.connectTCP("127.0.0.1", portOf(port), clients);
          const server = await within("accept", servers.next(0));
          await until("connected", () => clients.built.length === 1);
          const client = await within("made", clients.built[0]!.made);
          const [paused, writer] = reader === "server"
            ? [server, client]
            : [client, server];
          // a streaming producer that writes 64 KiB each time it may
          const chunk = new Uint8Array(65536).fill(97);
          const state = { paused: false, pauses: 0, sent: 0, stopped: false };
          const total = 32 * 1024 * 1024;
          const producer: IPushProducer = {
            pauseProducing() {
              state.paused = true;
              state.pauses++;
            },
            resumeProducing() {
              state.paused = false;
              pump();
            },
            stopProducing() {
              state.stopped = true;
            },
          };
          const pump = () => {
            while (!state.paused && state.sent < total) {
              writer.transport.write(chunk);
              state.sent += chunk.length;
            }
            if (state.sent >= total && !state.paused) {
              writer.transport.unregisterProducer();
            }
          };
          writer.transport.registerProducer(producer, true);
          pump();
          // the kernel buffers fill up, then the producer stays paused
          await until("producer paused", () => state.paused);
          await new Promise((r) => setTimeout(r, 200));
          assert.ok(
            state.paused,
            `still paused while the ${reader} does not read`,
          );
          assert.ok(state.sent < total, `sent ${state.sent} of ${total}`);
          assert.equal(
            paused.received.length,
            0,
            `a paused ${reader} reads nothing`,
          );
          paused.transport.resumeProducing();
          await until(
            "everything arrived",
            () => paused.received.length === total,
            60_000,
          );
          assert.ok(state.pauses >= 1);
          assert.equal(state.stopped, false);
          writer.transport.loseConnection();
          await within("reader lost", paused.lost);
          await within("stop", port.stopListening());
        } finally {
          await stop();
        }
      },
    );
  }

  it("keeps the socket options it was given", SOCKET_TEST, async () => {
    const { reactor, stop } = runningReactor();
    try {
      const servers = new KeepingFactory(() => new Recorder());
      const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
      const clients = new RecordingClientFactory(() => new Recorder());
      reactor.connectTCP("127.0.0.1", portOf(port), clients);
      const server = await within("accept", servers.next(0));
      const t = server.transport;
      assert.equal(t.getTcpNoDelay(), false);
      t.setTcpNoDelay(true);
      t.setTcpKeepAlive(true);
      assert.equal(t.getTcpNoDelay(), true);
      assert.equal(t.getTcpKeepAlive(), true);
      t.loseConnection();
      await within("lost", server.lost);
      await within("stop", port.stopListening());
    } finally {
      await stop();
    }
  });

  it(
    "stopListening fires after the factory stops, and the port refuses new connections",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const calls: string[] = [];
        const servers = new KeepingFactory(() => new Recorder());
        servers.startFactory = () => calls.push("startFactory");
        servers.stopFactory = () => calls.push("stopFactory");
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const number = portOf(port);
        assert.deepEqual(calls, ["startFactory"]);
        const stopped = port.stopListening();
        assert.equal(stopped.called, false, "fires in a later turn");
        await within("stopListening", stopped);
        assert.deepEqual(calls, ["startFactory", "stopFactory"]);
        await within("second stopListening", port.stopListening());
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", number, clients);
        const reason = await within("refused", clients.failed);
        assert.equal(reason.type, ConnectionRefusedError);
      } finally {
        await stop();
      }
    },
  );

  it(
    "listens again after stopListening (startListening), and stops again",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Echo());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        await within("first stop", port.stopListening());
        port.startListening();
        assert.equal(servers.numPorts, 1, "the factory is started again");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        client.transport.loseConnection();
        await within("lost", client.lost);
        const again = port.stopListening();
        assert.equal(again.called, false, "a new stop, not the first one's");
        await within("second stop", again);
        assert.equal(servers.numPorts, 0);
        const refused = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), refused);
        assert.equal(
          (await within("refused", refused.failed)).type,
          ConnectionRefusedError,
        );
      } finally {
        await stop();
      }
    },
  );

  it(
    "raises CannotListenError for a port in use, naming it",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const port = reactor.listenTCP(
          0,
          new KeepingFactory(() => new Recorder()),
          50,
          "127.0.0.1",
        );
        const number = portOf(port);
        assert.throws(
          () =>
            reactor.listenTCP(
              number,
              new KeepingFactory(() => new Recorder()),
              50,
              "127.0.0.1",
            ),
          (e: unknown) =>
            e instanceof CannotListenError && e.port === number &&
            e.interface === "127.0.0.1" &&
            e.message.includes(`127.0.0.1:${number}`),
        );
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "fails a connect to a closed port with ConnectionRefusedError and stops the factory",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        // find a free port, then close it
        const probe = reactor.listenTCP(
          0,
          new KeepingFactory(() => new Recorder()),
          50,
          "127.0.0.1",
        );
        const number = portOf(probe);
        await within("close probe", probe.stopListening());
        const calls: string[] = [];
        const clients = new RecordingClientFactory(() => new Recorder());
        clients.startFactory = () => calls.push("start");
        clients.stopFactory = () => calls.push("stop");
        reactor.connectTCP("127.0.0.1", number, clients);
        const reason = await within("refused", clients.failed);
        assert.equal(reason.type, ConnectionRefusedError);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "failed ConnectionRefusedError",
        ]);
        assert.deepEqual(calls, ["start", "stop"]);
      } finally {
        await stop();
      }
    },
  );

  it(
    "stopConnecting fails the attempt with UserError; a second call is NotConnectingError",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const port = reactor.listenTCP(
          0,
          new KeepingFactory(() => new Recorder()),
          50,
          "127.0.0.1",
        );
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectTCP(
          "127.0.0.1",
          portOf(port),
          clients,
        );
        connector.stopConnecting();
        assert.equal((await within("failed", clients.failed)).type, UserError);
        assert.throws(() => connector.stopConnecting(), NotConnectingError);
        // the socket connected meanwhile, or never will: nothing is built
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(clients.built.length, 0);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "connector.connect() again after a lost connection reconnects, and disconnect() closes",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectTCP(
          "127.0.0.1",
          portOf(port),
          clients,
        );
        assert.throws(() => connector.connect(), /can't connect in this state/);
        const first = await within("first accept", servers.next(0));
        first.transport.loseConnection();
        await within("client lost", clients.lostConnection);
        connector.connect();
        const second = await within("second accept", servers.next(1));
        await until("second client", () => clients.built.length === 2);
        await within("made", clients.built[1]!.made);
        connector.disconnect();
        await within("second lost", second.lost);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "a server factory returning null refuses the connection; a client one closes at once",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Recorder());
        let refuse = true;
        const original = servers.buildProtocol.bind(servers);
        servers.buildProtocol = (() => refuse ? null : original()) as never;
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const refused = await within(
          "refused client lost",
          clients.built[0]!.lost,
        );
        assert.ok(refused.check(ConnectionDone, ConnectionLost));
        refuse = false;
        const nulls = new RecordingClientFactory(() => new Recorder());
        nulls.buildProtocol = (() => null) as never;
        reactor.connectTCP("127.0.0.1", portOf(port), nulls);
        const reason = await within("null client lost", nulls.lostConnection);
        assert.equal(reason.type, ConnectionDone);
        assert.deepEqual(nulls.events, [
          "startedConnecting",
          "lost ConnectionDone",
        ]);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "closes every port, connection and attempt at the reactor's shutdown, and run() ends",
    SOCKET_TEST,
    async () => {
      const running = runningReactor();
      const { reactor } = running;
      let stopped = false;
      try {
        const servers = new KeepingFactory(() => new Recorder());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        const server = await within("accept", servers.next(0));
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        // an attempt still under way at shutdown
        const pending = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), pending);
        assert.deepEqual(running.open(), {
          ports: 1,
          connections: 2,
          connecting: 1,
        });
        await within("stop", running.stop());
        stopped = true;
        assert.equal(server.reason?.type, ConnectionLost);
        assert.equal(client.reason?.type, ConnectionLost);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "lost ConnectionLost",
        ]);
        assert.deepEqual(pending.events, [
          "startedConnecting",
          "failed ConnectError",
        ]);
        assert.deepEqual(running.open(), {
          ports: 0,
          connections: 0,
          connecting: 0,
        });
        assert.equal(servers.numPorts, 0, "the server factory was stopped");
      } finally {
        if (!stopped) await running.stop();
      }
    },
  );

  it(
    "logs a protocol that throws, closes that connection with its failure, and serves the others",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const { capturingLog } = await import("../_log.ts");
      try {
        await capturingLog(async () => {
          class Fragile extends Echo {
            override dataReceived(data: Uint8Array) {
              if (new TextDecoder().decode(data).includes("boom")) {
                throw new RangeError("boom in dataReceived");
              }
              super.dataReceived(data);
            }
          }
          const servers = new KeepingFactory(() => new Fragile());
          const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
          const good = new RecordingClientFactory(() => new Recorder());
          const bad = new RecordingClientFactory(() => new Recorder());
          reactor.connectTCP("127.0.0.1", portOf(port), bad);
          const badServer = await within("accept bad", servers.next(0));
          await until("bad connected", () => bad.built.length === 1);
          (await within("made", bad.built[0]!.made)).transport.write("boom");
          const reason = await within("bad server lost", badServer.lost);
          assert.equal(reason.type, RangeError);
          assert.equal(reason.getErrorMessage(), "boom in dataReceived");
          await within("bad client lost", bad.lostConnection);
          reactor.connectTCP("127.0.0.1", portOf(port), good);
          await until("good connected", () => good.built.length === 1);
          const client = await within("made", good.built[0]!.made);
          client.transport.write("still serving");
          await until("echo", () => client.received === "still serving");
          client.transport.loseConnection();
          await within("good lost", client.lost);
          await within("stop", port.stopListening());
        }).then(({ events }) => {
          const errors = events.filter((e) => e.isError);
          assert.equal(
            errors.length,
            1,
            JSON.stringify(errors.map((e) => e.why)),
          );
          assert.match(errors[0]!.why ?? "", /dataReceived/);
        });
      } finally {
        await stop();
      }
    },
  );

  it(
    "logs a server factory that throws or builds a non-protocol, and keeps accepting",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const { capturingLog } = await import("../_log.ts");
      try {
        const { events } = await capturingLog(async () => {
          const servers = new KeepingFactory(() => new Echo());
          const plan: ("throw" | "junk" | "ok")[] = ["throw", "junk", "ok"];
          const original = servers.buildProtocol.bind(servers);
          servers.buildProtocol = (() => {
            const what = plan.shift();
            if (what === "throw") throw new Error("no protocol today");
            if (what === "junk") return { not: "a protocol" };
            return original();
          }) as never;
          const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
          for (const expected of ["throw", "junk"]) {
            const clients = new RecordingClientFactory(() => new Recorder());
            reactor.connectTCP("127.0.0.1", portOf(port), clients);
            await within(`${expected}: closed`, clients.lostConnection);
          }
          const clients = new RecordingClientFactory(() => new Recorder());
          reactor.connectTCP("127.0.0.1", portOf(port), clients);
          await until("connected", () => clients.built.length === 1);
          const client = await within("made", clients.built[0]!.made);
          client.transport.write("ok");
          await until("echo", () => client.received === "ok");
          client.transport.loseConnection();
          await within("lost", client.lost);
          await within("stop", port.stopListening());
        });
        const errors = events.filter((e) => e.isError);
        assert.equal(errors.length, 2);
        assert.equal(
          errors[0]!.failure?.getErrorMessage(),
          "no protocol today",
        );
        assert.equal(errors[1]!.failure?.type, TypeError);
        assert.match(
          errors[1]!.failure!.getErrorMessage(),
          /buildProtocol\(.*\) result must be a protocol/,
        );
      } finally {
        await stop();
      }
    },
  );

  it(
    "a ReconnectingClientFactory reconnects over real sockets until stopTrying",
    SOCKET_TEST,
    async () => {
      const { ReconnectingClientFactory } = await import("../../net/mod.ts");
      const { reactor, stop } = runningReactor();
      try {
        // the server hangs up on each client at once
        class HangUp extends Recorder {
          override connectionMade() {
            super.connectionMade();
            this.transport.loseConnection();
          }
        }
        const servers = new KeepingFactory(() => new HangUp());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const lost: string[] = [];
        const three = new Deferred<void>();
        const factory = new (class extends ReconnectingClientFactory {
          override clientConnectionLost(c: never, reason: Failure) {
            lost.push(reason.type?.name ?? "");
            if (lost.length === 3) {
              this.stopTrying();
              three.callback(undefined);
            }
            super.clientConnectionLost(c, reason);
          }
        })();
        factory.noisy = false;
        factory.protocol = Protocol;
        factory.clock = reactor;
        factory.initialDelay = 0.01;
        factory.delay = 0.01;
        factory.maxDelay = 0.05;
        factory.jitter = 0;
        reactor.connectTCP("127.0.0.1", portOf(port), factory);
        await within("three connections", three);
        assert.deepEqual(lost, [
          "ConnectionDone",
          "ConnectionDone",
          "ConnectionDone",
        ]);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(
          servers.built.length,
          3,
          "no fourth attempt after stopTrying",
        );
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "echoes 15,000 lines of every length intact through a LineReceiver whose socket writes wait on a slow reader",
    SOCKET_TEST,
    async () => {
      const { LineReceiver } = await import("../../net/mod.ts");
      const { reactor, stop } = runningReactor();
      try {
        class LineEcho extends LineReceiver {
          override lineReceived(line: Uint8Array) {
            this.sendLine(line);
          }
        }
        const servers = new KeepingFactory(() => new LineEcho());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        // lines of 0-999 bytes, each different, sent in bursts while the
        // client does not read: the server's socket fills, its writes wait
        // in flight, and it goes on reading and writing meanwhile
        client.transport.pauseProducing();
        const lines: string[] = [];
        for (let burst = 0; burst < 150; burst++) {
          let text = "";
          for (let i = 0; i < 100; i++) {
            const n = ((burst * 100 + i) * 7) % 1000;
            const line = `${burst}.${i}:`.padEnd(
              n,
              String.fromCharCode(97 + (i % 26)),
            );
            lines.push(line);
            text += `${line}\r\n`;
          }
          client.transport.write(text);
          await new Promise((r) => setTimeout(r, 0));
        }
        const expected = lines.map((l) => `${l}\r\n`).join("");
        await new Promise((r) => setTimeout(r, 100));
        client.transport.resumeProducing();
        await until(
          "every line echoed",
          () => client.received.length >= expected.length,
        );
        assert.ok(
          client.received === expected,
          "the echo equals what was sent",
        );
        client.transport.loseConnection();
        await within("client lost", client.lost);
        await within("stopListening", port.stopListening());
      } finally {
        await stop();
      }
    },
  );
});
