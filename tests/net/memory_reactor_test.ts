import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ClientFactory,
  Factory,
  type IConnector,
  IPv4Address,
  IPv6Address,
  MemoryReactor,
  MemoryReactorClock,
  Protocol,
  UNIXAddress,
} from "../../net/mod.ts";

class Client extends ClientFactory {
  started: IConnector[] = [];
  override startedConnecting(c: IConnector) {
    this.started.push(c);
  }
}

describe("MemoryReactor", () => {
  it("records listenTCP with Twisted's defaults and returns a port on 0.0.0.0 or the IPv6 interface", async () => {
    const r = new MemoryReactor();
    const f = Factory.forProtocol(Protocol);
    const a = r.listenTCP(80, f);
    const b = r.listenTCP(81, f, 5, "::1");
    assert.deepEqual(r.tcpServers, [[80, f, 50, ""], [81, f, 5, "::1"]]);
    assert.ok(a.getHost() instanceof IPv4Address);
    assert.equal(
      String(a.getHost()),
      "IPv4Address(type='TCP', host='0.0.0.0', port=80)",
    );
    assert.ok(b.getHost() instanceof IPv6Address);
    assert.equal(await a.stopListening(), undefined);
  });

  it("records connectTCP, calls startedConnecting with the connector and lists it", () => {
    const r = new MemoryReactor();
    const f = new Client();
    const c = r.connectTCP("example.com", 80, f);
    const c6 = r.connectTCP("::1", 81, f, 3, ["::1", 0]);
    assert.deepEqual(r.tcpClients, [
      ["example.com", 80, f, 30, null],
      ["::1", 81, f, 3, ["::1", 0]],
    ]);
    assert.deepEqual(f.started, [c, c6]);
    assert.deepEqual(r.connectors, [c, c6]);
    assert.ok(c6.getDestination() instanceof IPv6Address);
    c.stopConnecting();
    c.disconnect();
    assert.ok(c.stoppedConnecting && c.disconnected);
  });

  it("refuses what the real reactor refuses, recording nothing", () => {
    const r = new MemoryReactor();
    const f = Factory.forProtocol(Protocol);
    const cases: [() => unknown, RegExp][] = [
      [
        () => r.listenTCP(8080, null as never),
        /^TypeError: listenTCP: factory/,
      ],
      [() => r.listenTCP(-1, f), /^RangeError: listenTCP: port/],
      [
        () => r.listenTCP(80, f, 50, null as never),
        /^TypeError: listenTCP: interface/,
      ],
      [
        () => r.connectTCP("", 80, new Client()),
        /^RangeError: connectTCP: host/,
      ],
      [
        () => r.connectTCP("h", 80, null as never),
        /^TypeError: connectTCP: factory/,
      ],
      [
        () => r.connectTCP("h", 80, new Client(), -1),
        /^RangeError: connectTCP: timeout/,
      ],
      [
        () => r.listenSSL(70000, f, { certificate: "C", privateKey: "K" }),
        /^RangeError: listenSSL: port/,
      ],
      [() => r.listenUNIX("", f), /^RangeError: listenUNIX: address/],
      [
        () => r.connectUNIX("/s", {} as never),
        /^TypeError: connectUNIX: factory/,
      ],
    ];
    for (const [call, error] of cases) assert.throws(call, error);
    assert.deepEqual(
      [r.tcpServers, r.tcpClients, r.sslServers, r.unixServers, r.unixClients],
      [[], [], [], [], []],
    );
  });

  it("records the UNIX and SSL calls the same way", () => {
    const r = new MemoryReactor();
    const f = Factory.forProtocol(Protocol);
    const cf = new Client();
    const tls = { certificate: "C", privateKey: "K" };
    const port = r.listenUNIX("/s", f);
    r.connectUNIX("/s", cf, 5, true);
    r.listenSSL(443, f, tls);
    r.connectSSL("h", 443, cf, { hostname: "h" });
    assert.ok(port.getHost() instanceof UNIXAddress);
    assert.deepEqual(r.unixServers, [["/s", f, 50, 0o666, false]]);
    assert.deepEqual(r.unixClients, [["/s", cf, 5, true]]);
    assert.deepEqual(r.sslServers, [[443, f, tls, 50, ""]]);
    assert.deepEqual(r.sslClients, [[
      "h",
      443,
      cf,
      { hostname: "h" },
      30,
      null,
    ]]);
    assert.equal(cf.started.length, 2);
  });

  it("run() runs the callWhenRunning hooks with their arguments, then stops", () => {
    const r = new MemoryReactor();
    const seen: unknown[] = [];
    r.callWhenRunning(
      (a: number, b: string) => seen.push(a, b, r.running),
      1,
      "x",
    );
    r.addSystemEventTrigger("before", "shutdown", () => seen.push("never"));
    r.run();
    assert.deepEqual(seen, [1, "x", true]);
    assert.equal(r.running, false);
    assert.equal(r.triggers.before!.shutdown!.length, 1);
    r.crash();
    assert.equal(r.running, null);
    // Twisted asserts that `running` is False: a crashed one does not run
    assert.throws(() => r.run(), /MemoryReactor.run: crashed/);
    assert.equal(seen.length, 3, "the hooks ran again");
  });
});

describe("MemoryReactorClock", () => {
  it("is a MemoryReactor on a deterministic clock", () => {
    const r = new MemoryReactorClock();
    const seen: number[] = [];
    r.callLater(2, () => seen.push(r.seconds()));
    assert.equal(r.getDelayedCalls().length, 1);
    r.pump([1, 1]);
    assert.deepEqual(seen, [2]);
    r.listenTCP(1, Factory.forProtocol(Protocol));
    assert.equal(r.tcpServers.length, 1);
  });
});
