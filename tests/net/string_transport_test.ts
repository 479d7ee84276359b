import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Failure } from "../../defer/mod.ts";
import {
  ConnectionDone,
  IPv4Address,
  Protocol,
  StringTransport,
  StringTransportWithDisconnection,
  UNIXAddress,
} from "../../net/mod.ts";

const push = { pauseProducing() {}, resumeProducing() {}, stopProducing() {} };

describe("StringTransport", () => {
  it("records bytes and UTF-8 encoded strings; value() is one character per byte", () => {
    const t = new StringTransport();
    t.write("é");
    t.write(new Uint8Array([0, 255]));
    t.writeSequence(["a", new Uint8Array([98])]);
    assert.equal(t.value(), "\xc3\xa9\x00\xffab");
    assert.deepEqual([...t.valueBytes()], [0xc3, 0xa9, 0, 255, 97, 98]);
  });

  it("copies what is written, so later changes to the caller's buffer do not show", () => {
    const t = new StringTransport();
    const buf = new Uint8Array([1, 2]);
    t.write(buf);
    buf[0] = 9;
    assert.deepEqual([...t.valueBytes()], [1, 2]);
    t.valueBytes()[0] = 7;
    assert.deepEqual([...t.valueBytes()], [1, 2]);
  });

  it("clear() forgets what was written", () => {
    const t = new StringTransport();
    t.write("abc");
    t.clear();
    assert.equal(t.value(), "");
    t.write("d");
    assert.equal(t.value(), "d");
  });

  it("takes lenient as a boolean only, and no other option", () => {
    assert.throws(
      () =>
        new StringTransport(undefined, undefined, { lenient: "no" as never }),
      /^TypeError: StringTransport: lenient must be true or false, got "no"$/,
    );
    assert.throws(
      () => new StringTransport(undefined, undefined, null as never),
      /^TypeError: StringTransport: options must be an object, got null$/,
    );
  });

  it("refuses a write of anything but bytes or a string, naming the argument", () => {
    const t = new StringTransport();
    assert.throws(
      () => t.write(42 as never),
      new TypeError(
        "StringTransport.write: data must be a Uint8Array or a string, got 42",
      ),
    );
    assert.throws(
      () => t.writeSequence(["ok", null] as never),
      new TypeError(
        "StringTransport.writeSequence: data[1] must be a Uint8Array or a string, got null",
      ),
    );
    assert.throws(() => t.writeSequence("ab" as never), TypeError);
    assert.equal(t.value(), "", "a refused writeSequence writes nothing");
  });

  it("loseConnection sets disconnecting; abortConnection also sets disconnected", () => {
    const a = new StringTransport();
    a.loseConnection();
    assert.deepEqual([a.disconnecting, a.disconnected], [true, false]);
    const b = new StringTransport();
    b.abortConnection();
    assert.deepEqual([b.disconnecting, b.disconnected], [true, true]);
  });

  it("refuses a write after loseConnection with an Error saying the transport is closing", () => {
    const t = new StringTransport();
    t.write("bye");
    t.loseConnection();
    assert.throws(
      () => t.write("late"),
      /StringTransport\.write: the transport is closing/,
    );
    assert.throws(
      () => t.writeSequence(["late"]),
      /writeSequence: the transport is closing/,
    );
    assert.equal(t.value(), "bye");
  });

  it("returns Twisted's default addresses, or the ones given", () => {
    const t = new StringTransport();
    assert.ok(t.getHost().toString().includes("'10.0.0.1', port=12345"));
    assert.ok(t.getPeer().toString().includes("'192.168.1.1', port=54321"));
    const host = new UNIXAddress("/h");
    const peer = new IPv4Address("TCP", "1.2.3.4", 5);
    const u = new StringTransport(host, peer);
    assert.equal(u.getHost(), host);
    assert.equal(u.getPeer(), peer);
  });

  it("shows the registered producer and refuses a second one or an extra unregister", () => {
    const t = new StringTransport();
    t.registerProducer(push, true);
    assert.equal(t.producer, push);
    assert.equal(t.streaming, true);
    assert.throws(
      () => t.registerProducer(push, false),
      /cannot register two producers/,
    );
    t.unregisterProducer();
    assert.equal(t.producer, undefined);
    assert.equal(t.streaming, undefined);
    assert.throws(() => t.unregisterProducer(), /unless one is registered/);
    assert.throws(() => t.registerProducer(null as never, true), TypeError);
  });

  it("tracks its own producer state and refuses to resume once stopped or closing", () => {
    const t = new StringTransport();
    t.pauseProducing();
    assert.equal(t.producerState, "paused");
    t.resumeProducing();
    assert.equal(t.producerState, "producing");
    t.stopProducing();
    assert.throws(
      () => t.resumeProducing(),
      /cannot resume a stopped producer/,
    );
    const closing = new StringTransport();
    closing.loseConnection();
    assert.throws(() => closing.pauseProducing(), /after loseConnection/);
    const lenient = new StringTransport(undefined, undefined, {
      lenient: true,
    });
    lenient.loseConnection();
    lenient.pauseProducing();
    assert.equal(lenient.producerState, "paused");
  });
});

describe("StringTransportWithDisconnection", () => {
  it("calls connectionLost with ConnectionDone('Bye.') once, on the first loseConnection", () => {
    const reasons: Failure[] = [];
    class P extends Protocol {
      override connectionLost(reason: Failure) {
        reasons.push(reason);
      }
    }
    const p = new P();
    const t = new StringTransportWithDisconnection();
    t.protocol = p;
    p.makeConnection(t);
    t.loseConnection();
    t.loseConnection();
    assert.equal(reasons.length, 1);
    assert.equal(reasons[0]!.check(ConnectionDone), ConnectionDone);
    assert.equal(
      reasons[0]!.getErrorMessage(),
      "Connection was closed cleanly: Bye..", // sic: Twisted adds its full stop
    );
    assert.equal(t.connected, false);
    assert.throws(() => t.write("x"), /the transport is closing/);
  });

  it("refuses loseConnection without a protocol, with a TypeError saying what to set", () => {
    const t = new StringTransportWithDisconnection();
    assert.throws(() => t.loseConnection(), /protocol is not set/);
  });
});
