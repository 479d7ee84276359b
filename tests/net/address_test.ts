import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  HostnameAddress,
  IPv4Address,
  IPv6Address,
  UNIXAddress,
} from "../../net/mod.ts";

describe("addresses", () => {
  it("render as Twisted's reprs", () => {
    assert.equal(
      String(new IPv4Address("UDP", "10.0.0.1", 53)),
      "IPv4Address(type='UDP', host='10.0.0.1', port=53)",
    );
    assert.equal(
      String(new IPv6Address("TCP", "::1", 80, 1, 2)),
      "IPv6Address(type='TCP', host='::1', port=80, flowInfo=1, scopeID=2)",
    );
    assert.equal(String(new UNIXAddress("/a'b")), "UNIXAddress('/a\\'b')");
    assert.equal(String(new UNIXAddress(null)), "UNIXAddress(None)");
    assert.equal(
      String(new HostnameAddress("example.com", 443)),
      "HostnameAddress(hostname='example.com', port=443)",
    );
  });

  it("compare by value with equals, and only within one kind", () => {
    const a = new IPv4Address("TCP", "127.0.0.1", 1);
    assert.ok(a.equals(new IPv4Address("TCP", "127.0.0.1", 1)));
    assert.ok(!a.equals(new IPv4Address("UDP", "127.0.0.1", 1)));
    assert.ok(!a.equals(new IPv4Address("TCP", "127.0.0.1", 2)));
    assert.ok(!a.equals(new IPv6Address("TCP", "127.0.0.1", 1)));
    assert.ok(new UNIXAddress("/s").equals(new UNIXAddress("/s")));
    assert.ok(!new UNIXAddress("/s").equals(new UNIXAddress(null)));
    assert.ok(
      new IPv6Address("TCP", "::1", 1, 0, "eth0").equals(
        new IPv6Address("TCP", "::1", 1, 0, "eth0"),
      ),
    );
  });

  it("refuse bad fields with a TypeError or RangeError naming them", () => {
    assert.throws(
      () => new IPv4Address("SCTP" as never, "h", 1),
      new TypeError('IPv4Address: type must be "TCP" or "UDP", got "SCTP"'),
    );
    assert.throws(
      () => new IPv4Address("TCP", "h", 65536),
      new RangeError(
        "IPv4Address: port must be an integer in [0, 65535], got 65536",
      ),
    );
    assert.throws(() => new IPv4Address("TCP", "h", NaN), RangeError);
    assert.throws(() => new IPv4Address("TCP", "h", -1), RangeError);
    assert.throws(
      () => new IPv4Address("TCP", "h", "80" as never),
      new TypeError('IPv4Address: port must be a number, got "80"'),
    );
    assert.throws(() => new IPv6Address("TCP", 1 as never, 1), TypeError);
    assert.throws(() => new IPv6Address("TCP", "::1", 1, -1), RangeError);
    assert.throws(() => new UNIXAddress(3 as never), TypeError);
    assert.throws(() => new HostnameAddress("h", 1.5), RangeError);
  });
});
