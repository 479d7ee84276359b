/**
 * Endpoints: what they ask of a reactor (deterministically, on
 * MemoryReactor), how their Deferreds settle and cancel, and a real round
 * trip through each kind over loopback.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { Failure } from "../../mod.ts";
import {
  CannotListenError,
  type ClientFactory,
  ConnectingCancelledError,
  ConnectionRefusedError,
  connectProtocol,
  Factory,
  type IConnector,
  IPv4Address,
  MemoryReactor,
  NoProtocol,
  Protocol,
  SSL4ClientEndpoint,
  SSL4ServerEndpoint,
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
  TCP6ServerEndpoint,
  UNIXClientEndpoint,
  UNIXServerEndpoint,
} from "../../net/mod.ts";
import {
  Echo,
  KeepingFactory,
  portOf,
  Recorder,
  runningReactor,
  SOCKET_TEST,
  until,
  within,
} from "./_sockets.ts";
import { type Equal, expectType } from "../_types.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The connector MemoryReactor handed the endpoint's wrapping factory. */
function lastClient(reactor: MemoryReactor) {
  const [host, port, factory, timeout, bindAddress] = reactor.tcpClients.at(
    -1,
  )!;
  return {
    host,
    port,
    factory,
    timeout,
    bindAddress,
    connector: reactor.connectors.at(-1)!,
  };
}

describe("endpoints on MemoryReactor", () => {
  it("server endpoints pass their arguments to listenTCP/listenUNIX/listenSSL and fire with the port", async () => {
    const reactor = new MemoryReactor();
    const f = Factory.forProtocol(Protocol);
    const port = await new TCP4ServerEndpoint(reactor, 8080, 10, "127.0.0.1")
      .listen(f);
    assert.deepEqual(reactor.tcpServers[0], [8080, f, 10, "127.0.0.1"]);
    assert.ok(port.getHost() instanceof IPv4Address);
    await new TCP6ServerEndpoint(reactor, 8081).listen(f);
    assert.deepEqual(reactor.tcpServers[1], [8081, f, 50, "::"]);
    await new UNIXServerEndpoint(reactor, "/tmp/x.sock", 5, 0o600, true).listen(
      f,
    );
    assert.deepEqual(reactor.unixServers[0], [
      "/tmp/x.sock",
      f,
      5,
      0o600,
      true,
    ]);
    const identity = {
      certificate: "-----BEGIN CERTIFICATE-----",
      privateKey: "-----BEGIN PRIVATE KEY-----",
    };
    await new SSL4ServerEndpoint(reactor, 8443, identity).listen(f);
    assert.deepEqual(reactor.sslServers[0], [8443, f, identity, 50, ""]);
  });

  it("listen fails its Deferred with the reactor's error (CannotListenError)", async () => {
    const reactor = new MemoryReactor();
    reactor.listenTCP = () => {
      throw new CannotListenError("", 80, "in use");
    };
    const d = new TCP4ServerEndpoint(reactor, 80).listen(
      Factory.forProtocol(Protocol),
    );
    await assert.rejects(d.asPromise(), CannotListenError);
  });

  it("checks arguments when made and when used, naming them", () => {
    const reactor = new MemoryReactor();
    assert.throws(
      () => new TCP4ServerEndpoint(reactor, -1),
      /TCP4ServerEndpoint: port must be an integer in \[0, 65535\], got -1/,
    );
    assert.throws(
      () => new TCP6ServerEndpoint(reactor, 70000),
      /TCP6ServerEndpoint: port/,
    );
    assert.throws(
      () => new TCP4ClientEndpoint(reactor, "h", NaN),
      /TCP4ClientEndpoint: port must be an integer/,
    );
    assert.throws(
      () => new TCP4ClientEndpoint(reactor, "h", 80, -5),
      /timeout must be a number of seconds > 0/,
    );
    assert.throws(
      () => new TCP4ClientEndpoint({} as never, "h", 80),
      /TCP4ClientEndpoint: reactor must have connectTCP/,
    );
    assert.throws(
      () => new UNIXServerEndpoint(reactor, ""),
      /UNIXServerEndpoint: address must not be empty/,
    );
    assert.throws(
      () => new SSL4ServerEndpoint(reactor, 443, {} as never),
      /SSL4ServerEndpoint: certificate must be PEM text/,
    );
    assert.throws(
      () => new TCP4ServerEndpoint(reactor, 80).listen({} as never),
      /TCP4ServerEndpoint.listen: factory must be a protocol factory/,
    );
    assert.throws(
      () => new TCP4ClientEndpoint(reactor, "h", 80).connect(null as never),
      /TCP4ClientEndpoint.connect: factory must be a protocol factory/,
    );
    assert.throws(
      () => connectProtocol({} as never, new Protocol()),
      /connectProtocol: endpoint must be a client endpoint/,
    );
    assert.throws(
      () =>
        connectProtocol(new TCP4ClientEndpoint(reactor, "h", 80), {} as never),
      /connectProtocol: protocol must be a protocol/,
    );
  });

  it("connect fires with the user's protocol once it is connected, not the wrapper", async () => {
    const reactor = new MemoryReactor();
    const d = new TCP4ClientEndpoint(reactor, "example.com", 80, 7).connect(
      Factory.forProtocol(Recorder),
    );
    const { host, port, factory, timeout, connector } = lastClient(reactor);
    assert.deepEqual([host, port, timeout], ["example.com", 80, 7]);
    const wrapper = factory.buildProtocol(
      new IPv4Address("TCP", "93.184.216.34", 80),
    )!;
    assert.equal(d.called, false);
    const { StringTransport } = await import("../../net/mod.ts");
    wrapper.makeConnection(new StringTransport());
    const p = await d;
    expectType<Equal<typeof p, Recorder>>(); // typed as the factory builds it
    assert.ok(p instanceof Recorder);
    assert.deepEqual(p.events, ["made"]);
    wrapper.dataReceived(new TextEncoder().encode("hi"));
    assert.equal(p.received, "hi");
    assert.equal(connector.stoppedConnecting, false);
  });

  it("connect fails with the error a protocol's connectionMade throws, rather than never firing", async () => {
    class Boom extends Protocol {
      override connectionMade(): void {
        throw new RangeError("boom in connectionMade");
      }
    }
    const reactor = new MemoryReactor();
    const d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(
      Factory.forProtocol(Boom),
    );
    const wrapper = lastClient(reactor).factory.buildProtocol(
      new IPv4Address("TCP", "93.184.216.34", 80),
    )!;
    const { StringTransport } = await import("../../net/mod.ts");
    // the transport sees the throw (it logs it and drops the connection)
    assert.throws(
      () => wrapper.makeConnection(new StringTransport()),
      /boom in connectionMade/,
    );
    await assert.rejects(d.asPromise(), {
      name: "RangeError",
      message: "boom in connectionMade",
    });
  });

  it("connect fails with the attempt's failure, and with NoProtocol when the factory builds none", async () => {
    const reactor = new MemoryReactor();
    const d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(
      Factory.forProtocol(Protocol),
    );
    const { factory, connector } = lastClient(reactor);
    (factory as ClientFactory).clientConnectionFailed(
      connector as IConnector,
      new Failure(new ConnectionRefusedError()),
    );
    await assert.rejects(d.asPromise(), ConnectionRefusedError);
    const none = new Factory();
    none.buildProtocol = () => null;
    const d2 = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(none);
    assert.equal(
      lastClient(reactor).factory.buildProtocol(
        new IPv4Address("TCP", "1.2.3.4", 80),
      ),
      null,
    );
    await assert.rejects(d2.asPromise(), NoProtocol);
  });

  it("cancelling while connecting stops the connector and fails with ConnectingCancelledError naming the destination", async () => {
    const reactor = new MemoryReactor();
    const d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(
      Factory.forProtocol(Protocol),
    );
    d.cancel();
    const connector = lastClient(reactor).connector;
    assert.equal(connector.stoppedConnecting, true);
    await assert.rejects(
      d.asPromise(),
      (e: unknown) =>
        e instanceof ConnectingCancelledError &&
        String(e.address) ===
          "IPv4Address(type='TCP', host='example.com', port=80)",
    );
  });

  it("UNIX and SSL client endpoints pass their arguments on", () => {
    const reactor = new MemoryReactor();
    void new UNIXClientEndpoint(reactor, "/tmp/s", 9, true).connect(
      Factory.forProtocol(Protocol),
    );
    assert.deepEqual(reactor.unixClients[0]!.filter((_, i) => i !== 1), [
      "/tmp/s",
      9,
      true,
    ]);
    const tls = { hostname: "example.com" };
    void new SSL4ClientEndpoint(reactor, "10.0.0.1", 443, tls, 12).connect(
      Factory.forProtocol(Protocol),
    );
    const [host, port, , options, timeout] = reactor.sslClients[0]!;
    assert.deepEqual([host, port, options, timeout], [
      "10.0.0.1",
      443,
      tls,
      12,
    ]);
  });
});

describe("endpoints over loopback", () => {
  it(
    "a TCP server endpoint and a client endpoint talk; connectProtocol connects a given instance",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      try {
        const servers = new KeepingFactory(() => new Echo());
        const port = await new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1")
          .listen(servers);
        const client = await within(
          "connect",
          new TCP4ClientEndpoint(reactor, "127.0.0.1", portOf(port)).connect(
            Factory.forProtocol(Recorder),
          ),
        );
        client.transport.write("via endpoint");
        await until("echo", () => client.received === "via endpoint");
        const mine = new Recorder();
        const same = await within(
          "connectProtocol",
          connectProtocol(
            new TCP4ClientEndpoint(reactor, "127.0.0.1", portOf(port)),
            mine,
          ),
        );
        assert.equal(same, mine);
        mine.transport.write("mine");
        await until("echo 2", () => mine.received === "mine");
        client.transport.loseConnection();
        mine.transport.loseConnection();
        await within("lost", Promise.all([client.lost, mine.lost]));
        await within("stop", port.stopListening());
      } finally {
        await stop();
      }
    },
  );

  it(
    "a refused connect fails the Deferred; cancelling a real attempt fails it with ConnectingCancelledError",
    SOCKET_TEST,
    async () => {
      const { reactor, stop, open } = runningReactor();
      try {
        const probe = reactor.listenTCP(
          0,
          new KeepingFactory(() => new Recorder()),
          50,
          "127.0.0.1",
        );
        const number = portOf(probe);
        await probe.stopListening();
        await assert.rejects(
          within(
            "refused",
            new TCP4ClientEndpoint(reactor, "127.0.0.1", number).connect(
              Factory.forProtocol(Protocol),
            ).asPromise(),
          ),
          ConnectionRefusedError,
        );
        const d = new TCP4ClientEndpoint(reactor, "127.0.0.1", number).connect(
          Factory.forProtocol(Protocol),
        );
        d.cancel();
        await assert.rejects(d.asPromise(), ConnectingCancelledError);
        await until(
          "nothing open",
          () => open().connecting === 0 && open().connections === 0,
        );
      } finally {
        await stop();
      }
    },
  );

  it("UNIX endpoints talk over a socket file", SOCKET_TEST, async () => {
    const { reactor, stop } = runningReactor();
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-ep-"));
    try {
      const path = join(dir, "ep.sock");
      const port = await new UNIXServerEndpoint(reactor, path).listen(
        new KeepingFactory(() => new Echo()),
      );
      const client = await within(
        "connect",
        new UNIXClientEndpoint(reactor, path).connect(
          Factory.forProtocol(Recorder),
        ),
      );
      client.transport.write("unix endpoint");
      await until("echo", () => client.received === "unix endpoint");
      client.transport.loseConnection();
      await within("lost", client.lost);
      await within("stop", port.stopListening());
    } finally {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("SSL endpoints talk over TLS", SOCKET_TEST, async () => {
    const { reactor, stop } = runningReactor();
    try {
      const identity = {
        certificate: fixture("server.pem"),
        privateKey: fixture("server.key"),
      };
      const port = await new SSL4ServerEndpoint(
        reactor,
        0,
        identity,
        50,
        "127.0.0.1",
      ).listen(
        new KeepingFactory(() => new Echo()),
      );
      const client = await within(
        "connect",
        new SSL4ClientEndpoint(reactor, "127.0.0.1", portOf(port), {
          hostname: "localhost",
          caCerts: [fixture("ca.pem")],
        }).connect(Factory.forProtocol(Recorder)),
      );
      client.transport.write("tls endpoint");
      await until("echo", () => client.received === "tls endpoint");
      client.transport.loseConnection();
      await within("lost", client.lost);
      await within("stop", port.stopListening());
    } finally {
      await stop();
    }
  });
});
