/**
 * listenSSL / connectSSL and startTLS over real loopback sockets, with the
 * test-only certificates in `fixtures/` (a CA and a `localhost` server
 * certificate signed by it).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  ConnectionDone,
  type IListeningPort,
  IPv4Address,
  type ITLSTransport,
  SSLError,
} from "../../net/mod.ts";
import type { Reactor } from "../../reactor/mod.ts";
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

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const CA = fixture("ca.pem");
const OTHER_CA = fixture("other-ca.pem");
const SERVER = {
  certificate: fixture("server.pem"),
  privateKey: fixture("server.key"),
};
/**
 * Runs `body` on a running reactor with a TLS echo server on loopback
 * (`SERVER`'s certificate), then stops the reactor.
 */
async function withTLSEcho(
  body: (setup: {
    reactor: Reactor;
    servers: KeepingFactory<Echo>;
    port: IListeningPort;
  }) => Promise<void>,
): Promise<void> {
  const { reactor, stop } = runningReactor();
  try {
    const servers = new KeepingFactory(() => new Echo());
    const port = reactor.listenSSL(0, servers, SERVER, 50, "127.0.0.1");
    await body({ reactor, servers, port });
  } finally {
    await stop();
  }
}

const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

describe("TLS over loopback", () => {
  it(
    "listenSSL and connectSSL echo over TLS, verifying the server's name against the given CA",
    SOCKET_TEST,
    () =>
      withTLSEcho(async ({ reactor, servers, port }) => {
        assert.ok(port.getHost() instanceof IPv4Address);
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectSSL("127.0.0.1", portOf(port), clients, {
          hostname: "localhost",
          caCerts: [CA],
        });
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        assert.equal(
          (client.transport as unknown as ITLSTransport & { TLS: boolean }).TLS,
          true,
        );
        client.transport.write("secret");
        await until("echo", () => client.received === "secret");
        const server = servers.built[0]!;
        assert.equal(server.received, "secret");
        client.transport.loseConnection();
        assert.equal((await within("lost", client.lost)).type, ConnectionDone);
        await within("server lost", server.lost);
        await within("stop", port.stopListening());
      }),
  );

  it(
    "ends a half-close-aware protocol's connection when the TLS peer closes, without readConnectionLost (as Twisted's TLS)",
    SOCKET_TEST,
    () =>
      withTLSEcho(async ({ reactor, servers, port }) => {
        class HalfCloseAware extends Recorder {
          readConnectionLost(): void {
            this.events.push("readConnectionLost");
          }
        }
        const clients = new RecordingClientFactory(() => new HalfCloseAware());
        reactor.connectSSL("127.0.0.1", portOf(port), clients, {
          hostname: "localhost",
          caCerts: [CA],
        });
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        client.transport.write("bye");
        await until("echo", () => client.received === "bye");
        servers.built[0]!.transport.loseConnection();
        assert.equal((await within("lost", client.lost)).type, ConnectionDone);
        assert.deepEqual(client.events, ["made", "lost ConnectionDone"]);
        await within("stop", port.stopListening());
      }),
  );

  it(
    "verifies the IP address it connects to when no hostname is given (the certificate names 127.0.0.1)",
    SOCKET_TEST,
    () =>
      withTLSEcho(async ({ reactor, port }) => {
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectSSL("127.0.0.1", portOf(port), clients, {
          caCerts: [CA],
        });
        await until(
          "connected or failed",
          () => clients.built.length === 1 || clients.events.length > 1,
        );
        assert.deepEqual(clients.events.slice(0, 1), ["startedConnecting"]);
        const client = await within("made", clients.built[0]!.made);
        client.transport.write("by address");
        await until("echo", () => client.received === "by address");
        client.transport.loseConnection();
        await within("lost", client.lost);
        await within("stop", port.stopListening());
      }),
  );

  it(
    "fails the attempt with SSLError when the server's certificate is not trusted; nothing reaches the server",
    SOCKET_TEST,
    () =>
      withTLSEcho(async ({ reactor, servers, port }) => {
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectSSL("127.0.0.1", portOf(port), clients, {
          hostname: "localhost",
          caCerts: [OTHER_CA],
        });
        const reason = await within("untrusted", clients.failed);
        assert.equal(reason.type, SSLError, reason.getErrorMessage());
        assert.match(reason.getErrorMessage(), /TLS handshake failed/);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "failed SSLError",
        ]);
        assert.equal(clients.built.length, 0);
        // a name the certificate does not carry fails too
        const named = new RecordingClientFactory(() => new Recorder());
        reactor.connectSSL("127.0.0.1", portOf(port), named, {
          hostname: "example.com",
          caCerts: [CA],
        });
        assert.equal((await within("wrong name", named.failed)).type, SSLError);
        assert.ok(servers.built.every((s) => s.received === ""));
        await within("stop", port.stopListening());
      }),
  );

  it(
    "fails the attempt with SSLError when the server drops the connection during the handshake",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        /** A plain TCP server that resets each connection at once. */
        class Dropper extends Recorder {
          override connectionMade(): void {
            super.connectionMade();
            this.transport.abortConnection();
          }
        }
        const servers = new KeepingFactory(() => new Dropper());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectSSL("127.0.0.1", portOf(port), clients, {
          hostname: "localhost",
          caCerts: [CA],
        });
        const reason = await within("dropped", clients.failed);
        assert.equal(reason.type, SSLError, reason.getErrorMessage());
        assert.equal(clients.built.length, 0);
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "startTLS from connectionMade on a plain connection to a TLS server",
    SOCKET_TEST,
    () =>
      withTLSEcho(async ({ reactor, port }) => {
        class Upgrading extends Recorder {
          override connectionMade() {
            (this.transport as unknown as ITLSTransport).startTLS({
              hostname: "localhost",
              caCerts: [CA],
            });
            this.transport.write("after startTLS");
            super.connectionMade();
          }
        }
        const clients = new RecordingClientFactory(() => new Upgrading());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        await until("echo", () => client.received === "after startTLS");
        client.transport.loseConnection();
        await within("lost", client.lost);
        await within("stop", port.stopListening());
      }),
  );

  it(
    "STARTTLS: clear text first, then both sides switch (Bun); Deno refuses the server side, saying why",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const refusals: string[] = [];
        class StartTLSServer extends Recorder {
          override dataReceived(data: Uint8Array) {
            super.dataReceived(data);
            if (this.received === "STARTTLS\r\n") {
              this.transport.write("OK\r\n");
              try {
                (this.transport as unknown as ITLSTransport).startTLS(SERVER);
              } catch (e) {
                refusals.push((e as Error).message);
                this.transport.loseConnection();
                return;
              }
              this.received = "";
            } else if (this.received === "secret") {
              this.transport.write("got secret");
            }
          }
        }
        class StartTLSClient extends Recorder {
          override connectionMade() {
            super.connectionMade();
            this.transport.write("STARTTLS\r\n");
          }
          override dataReceived(data: Uint8Array) {
            super.dataReceived(data);
            if (this.received === "OK\r\n") {
              (this.transport as unknown as ITLSTransport).startTLS({
                hostname: "localhost",
                caCerts: [CA],
              });
              this.received = "";
              this.transport.write("secret");
            }
          }
        }
        const servers = new KeepingFactory(() => new StartTLSServer());
        const port = reactor.listenTCP(0, servers, 50, "127.0.0.1");
        const clients = new RecordingClientFactory(() => new StartTLSClient());
        reactor.connectTCP("127.0.0.1", portOf(port), clients);
        await until("connected", () => clients.built.length === 1);
        const client = clients.built[0]!;
        if (isBun) {
          await until(
            "secret answered",
            () => client.received === "got secret",
          );
          client.transport.loseConnection();
          await within("lost", client.lost);
        } else {
          await within("lost", client.lost);
          assert.equal(refusals.length, 1);
          assert.match(
            refusals[0]!,
            /Deno cannot start TLS as the server side/,
          );
        }
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );
});
