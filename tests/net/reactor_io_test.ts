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

  it("fails loudly, naming the method, until real sockets exist (part B's stub point)", () => {
    const r = new Reactor({ installSignalHandlers: false });
    assert.throws(
      () => r.listenTCP(0, Factory.forProtocol(Protocol)),
      /reactor\.listenTCP: real sockets are not implemented yet/,
    );
    assert.throws(
      () => r.connectTCP("127.0.0.1", 1, new ClientFactory()),
      /reactor\.connectTCP: real sockets are not implemented yet/,
    );
  });
});
