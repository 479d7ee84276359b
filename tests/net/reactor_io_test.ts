import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Reactor, reactor } from "../../mod.ts";
import { ClientFactory, Factory, Protocol } from "../../net/mod.ts";

describe("net/ registers the reactor's I/O", () => {
  it("gives the default reactor and a new Reactor typed I/O methods", () => {
    for (const r of [reactor, new Reactor({ installSignalHandlers: false })]) {
      for (
        const m of [
          "listenTCP",
          "connectTCP",
          "listenUNIX",
          "connectUNIX",
          "listenSSL",
          "connectSSL",
        ] as const
      ) {
        assert.equal(typeof r[m], "function", m);
      }
    }
  });

  it("checks the arguments at the call, naming the method, the argument and the value", () => {
    const r = new Reactor({ installSignalHandlers: false });
    const f = Factory.forProtocol(Protocol);
    for (const bad of [-1, 65536, NaN, 1.5]) {
      assert.throws(
        () => r.listenTCP(bad, f),
        (e: unknown) =>
          e instanceof RangeError &&
          e.message.startsWith(
            "listenTCP: port must be an integer in [0, 65535], got",
          ),
        String(bad),
      );
    }
    assert.throws(() => r.listenTCP("80" as never, f), TypeError);
    assert.throws(
      () => r.connectTCP("127.0.0.1", 70000, new ClientFactory()),
      /connectTCP: port must be an integer in \[0, 65535\], got 70000/,
    );
    assert.throws(
      () => r.connectTCP("127.0.0.1", 80, new ClientFactory(), 0),
      /connectTCP: timeout must be a number of seconds > 0/,
    );
    assert.throws(
      () => r.connectTCP("", 80, new ClientFactory()),
      /connectTCP: host must not be empty/,
    );
    assert.throws(
      () => r.listenTCP(0, { buildProtocol() {} } as never),
      /listenTCP: factory must be a protocol factory/,
    );
    assert.throws(
      () => r.connectTCP("127.0.0.1", 80, f as never),
      /connectTCP: factory must be a client factory/,
    );
    assert.throws(
      () => r.listenTCP(0, f, -1),
      /backlog must be an integer >= 0/,
    );
    assert.throws(
      () => r.listenSSL(0, f, { certificate: "x", privateKey: "y" }),
      /listenSSL: certificate must be PEM text/,
    );
    assert.throws(
      () =>
        r.connectTCP("127.0.0.1", 80, new ClientFactory(), 30, ["10.0.0.1", 0]),
      /bindAddress \["10\.0\.0\.1",0\] cannot be honoured/,
    );
    assert.throws(
      () => r.listenUNIX("/tmp/x.sock", f, 50, 0o10000),
      /listenUNIX: mode must be an integer file mode/,
    );
    assert.throws(
      () => r.listenUNIX("/tmp/x.sock", f, 50, Symbol("m") as never),
      /^TypeError: listenUNIX: mode must be an integer file mode in \[0, 0o7777\], got Symbol\(m\)$/,
    );
    // "false" would have asked for the PID lock
    assert.throws(
      () => r.listenUNIX("/tmp/x.sock", f, 50, 0o666, "false" as never),
      /^TypeError: listenUNIX: wantPID must be true or false, got "false"$/,
    );
    assert.throws(
      () =>
        r.connectUNIX("/tmp/x.sock", new ClientFactory(), 30, "no" as never),
      /^TypeError: connectUNIX: checkPID must be true or false, got "no"$/,
    );
  });
});
