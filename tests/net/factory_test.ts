import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { capturingLogSync } from "../_log.ts";
import {
  ClientFactory,
  Factory,
  IPv4Address,
  Protocol,
  ServerFactory,
} from "../../net/mod.ts";

const addr = new IPv4Address("TCP", "127.0.0.1", 4000);

/** A factory that records startFactory/stopFactory calls. */
class Recording extends Factory {
  log: string[] = [];
  override startFactory() {
    this.log.push(`start@${this.numPorts}`);
  }
  override stopFactory() {
    this.log.push(`stop@${this.numPorts}`);
  }
}

describe("Factory", () => {
  it("runs startFactory on the first doStart only, before counting it", () => {
    const f = new Recording();
    f.doStart();
    f.doStart();
    f.doStart();
    assert.deepEqual(f.log, ["start@0"]);
    assert.equal(f.numPorts, 3);
  });

  it("runs stopFactory on the last doStop only, after counting it down", () => {
    const f = new Recording();
    f.doStart();
    f.doStart();
    f.doStop();
    assert.deepEqual(f.log, ["start@0"]);
    f.doStop();
    assert.deepEqual(f.log, ["start@0", "stop@0"]);
  });

  it("ignores a doStop with nothing started, and starts again afterwards", () => {
    const f = new Recording();
    f.doStop();
    assert.equal(f.numPorts, 0);
    assert.deepEqual(f.log, []);
    f.doStart();
    f.doStop();
    f.doStart();
    assert.deepEqual(f.log, ["start@0", "stop@0", "start@0"]);
  });

  it("logs starting and stopping with log.msg when noisy, and not otherwise", () => {
    const noisy = capturingLogSync(() => {
      const f = new Recording();
      f.doStart();
      f.doStop();
    });
    assert.deepEqual(
      noisy.events.map((e) => e.message.join(" ")),
      ["Starting factory <Recording>", "Stopping factory <Recording>"],
    );
    assert.ok(noisy.events.every((e) => !e.isError));
    const quiet = capturingLogSync(() => {
      const f = new Recording();
      f.noisy = false;
      f.doStart();
      f.doStop();
    });
    assert.deepEqual(quiet.events, []);
  });

  it("buildProtocol makes an instance of protocol and sets its factory", () => {
    class Echo extends Protocol {}
    class EchoFactory extends Factory {
      override protocol = Echo;
    }
    const f = new EchoFactory();
    const p = f.buildProtocol(addr);
    assert.ok(p instanceof Echo);
    assert.equal(p.factory, f);
    assert.notEqual(f.buildProtocol(addr), p);
  });

  it("forProtocol builds the calling class with the arguments given", () => {
    class Named extends Factory {
      constructor(readonly label: string, readonly n: number) {
        super();
      }
    }
    const f = Named.forProtocol(Protocol, "x", 2);
    assert.ok(f instanceof Named);
    assert.equal(f.label, "x");
    assert.equal(f.n, 2);
    assert.equal(f.protocol, Protocol);
    assert.ok(ServerFactory.forProtocol(Protocol) instanceof ServerFactory);
    assert.ok(ClientFactory.forProtocol(Protocol) instanceof ClientFactory);
  });

  it("refuses a missing protocol class with a TypeError naming the factory", () => {
    class Empty extends Factory {}
    assert.throws(
      () => new Empty().buildProtocol(addr),
      (e: Error) =>
        e instanceof TypeError &&
        e.message.startsWith("Empty.buildProtocol: protocol must be") &&
        e.message.endsWith("got undefined"),
    );
    assert.throws(
      () => Factory.forProtocol(42 as never),
      new TypeError("Factory.forProtocol: protocol must be a class, got 42"),
    );
  });
});

describe("ClientFactory", () => {
  it("has no-op connection callbacks and is a Factory", () => {
    const f = new ClientFactory();
    assert.ok(f instanceof Factory);
    const connector = {
      stopConnecting() {},
      disconnect() {},
      connect() {},
      getDestination: () => addr,
    };
    f.startedConnecting(connector);
    f.clientConnectionFailed(connector, undefined as never);
    f.clientConnectionLost(connector, undefined as never);
  });
});
