import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  decode,
  encode,
  Int16StringReceiver,
  Int32StringReceiver,
  Int8StringReceiver,
  IntNStringReceiver,
  LineOnlyReceiver,
  NetstringReceiver,
  StringTooLongError,
  StringTransport,
} from "../../net/mod.ts";

describe("NetstringReceiver", () => {
  class N extends NetstringReceiver {
    got: string[] = [];
    override stringReceived(s: Uint8Array) {
      this.got.push(decode(s));
    }
  }

  it("delivers payloads split anywhere, including inside the length", () => {
    const input = "12:hello world!,0:,3:a,b,";
    for (let size = 1; size <= input.length; size++) {
      const p = new N();
      p.makeConnection(new StringTransport());
      for (let i = 0; i < input.length; i += size) {
        p.dataReceived(encode(input.slice(i, i + size)));
      }
      assert.deepEqual(p.got, ["hello world!", "", "a,b"], `size ${size}`);
    }
  });

  it("parses data given from inside stringReceived after the rest of the chunk, in order", () => {
    class Feeding extends N {
      override stringReceived(s: Uint8Array) {
        super.stringReceived(s);
        if (decode(s) === "a") this.dataReceived(encode("1:c,"));
      }
    }
    const p = new Feeding();
    p.makeConnection(new StringTransport());
    p.dataReceived(encode("1:a,1:b,"));
    assert.deepEqual(p.got, ["a", "b", "c"]);
  });

  it("keeps the strings after one whose stringReceived threw, for the next call", () => {
    class Throwing extends N {
      override stringReceived(s: Uint8Array) {
        super.stringReceived(s);
        if (decode(s) === "a") throw new Error("boom");
      }
    }
    const p = new Throwing();
    p.makeConnection(new StringTransport());
    assert.throws(() => p.dataReceived(encode("1:a,1:b,")), /boom/);
    assert.deepEqual(p.got, ["a"]);
    p.dataReceived(encode("1:c,"));
    assert.deepEqual(p.got, ["a", "b", "c"]);
  });

  it("refuses a leading zero, a missing comma, a missing length and a length over MAX_LENGTH", () => {
    for (const bad of ["01:a,", "1:ab", ":a,", "x", "100000:"]) {
      const p = new N();
      const t = new StringTransport();
      p.makeConnection(t);
      p.dataReceived(encode(`2:ok,${bad}`));
      assert.deepEqual(p.got, ["ok"], bad);
      assert.equal(p.brokenPeer, true, bad);
      assert.equal(t.disconnecting, true, bad);
    }
  });

  it("refuses a too-long length as soon as its digits are seen", () => {
    const p = new N();
    p.MAX_LENGTH = 50;
    p.makeConnection(new StringTransport());
    p.dataReceived(encode("51"));
    assert.equal(p.brokenPeer, true);
  });

  it("sends netstrings", () => {
    const p = new N();
    const t = new StringTransport();
    p.makeConnection(t);
    p.sendString("");
    p.sendString(new Uint8Array([0xff]));
    assert.equal(t.value(), "0:,1:\xff,");
  });
});

describe("Int8/16/32StringReceiver", () => {
  it("frame with a big-endian prefix of 1, 2 or 4 bytes", () => {
    const cases: [IntNStringReceiver, string][] = [
      [new Int8StringReceiver(), "\x03abc"],
      [new Int16StringReceiver(), "\x00\x03abc"],
      [new Int32StringReceiver(), "\x00\x00\x00\x03abc"],
    ];
    for (const [p, framed] of cases) {
      const t = new StringTransport();
      p.makeConnection(t);
      p.sendString("abc");
      assert.equal(t.value(), framed);
      const got: string[] = [];
      p.stringReceived = (s) => got.push(decode(s));
      const wire = Uint8Array.from(framed + framed, (c) => c.charCodeAt(0));
      for (let i = 0; i < wire.length; i++) {
        p.dataReceived(wire.subarray(i, i + 1));
      }
      assert.deepEqual(got, ["abc", "abc"]);
    }
  });

  it("reads a 32-bit length above 2^31 as unsigned", () => {
    const p = new Int32StringReceiver();
    let exceeded = -1;
    p.lengthLimitExceeded = (n) => exceeded = n;
    p.dataReceived(new Uint8Array([0xff, 0xff, 0xff, 0xfe]));
    assert.equal(exceeded, 0xfffffffe);
  });

  it("refuses to send a string the prefix cannot describe", () => {
    const p = new Int8StringReceiver();
    p.makeConnection(new StringTransport());
    assert.throws(
      () => p.sendString(new Uint8Array(256)),
      (e: Error) =>
        e instanceof StringTooLongError && e instanceof RangeError &&
        e.message.includes("Try to send 256 bytes whereas maximum is 256"),
    );
    p.sendString(new Uint8Array(255));
  });

  it("reports the limit again when more data comes after lengthLimitExceeded", () => {
    const seen: string[] = [];
    class P extends Int8StringReceiver {
      override MAX_LENGTH = 2;
      override stringReceived(s: Uint8Array) {
        seen.push(decode(s));
      }
      override lengthLimitExceeded(n: number) {
        seen.push(`limit ${n}`);
      }
    }
    const p = new P();
    p.dataReceived(Uint8Array.of(1, 97, 5, 1, 2));
    p.dataReceived(new Uint8Array(0));
    assert.deepEqual(seen, ["a", "limit 5", "limit 5"]);
  });

  it("refuses a bad prefixLength", () => {
    const p = new IntNStringReceiver();
    p.prefixLength = 0;
    assert.throws(() => p.dataReceived(new Uint8Array(1)), RangeError);
  });
});

describe("LineOnlyReceiver", () => {
  it("sends a line with writeSequence and drops lines after the transport disconnects", () => {
    const got: string[] = [];
    class L extends LineOnlyReceiver {
      override lineReceived(line: Uint8Array) {
        got.push(decode(line));
        if (got.length === 1) this.transport.loseConnection();
      }
    }
    const p = new L();
    const t = new StringTransport();
    p.makeConnection(t);
    p.sendLine("hi");
    assert.equal(t.value(), "hi\r\n");
    p.dataReceived(encode("a\r\nb\r\n"));
    assert.deepEqual(got, ["a"]);
  });
});
