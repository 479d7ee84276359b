/**
 * The static types of the addresses TCP gives: `listenTCP(...).getHost()`,
 * a TCP transport's `getHost()`/`getPeer()` and a TCP server endpoint's
 * port are Internet addresses (`host`, `port`) without a cast, as in
 * Twisted; a UNIX port's address stays a plain `IAddress`.
 *
 * `deno check` (run by the test task before the tests) tests the types:
 * each `expectType` is a type that must be inferred, each
 * `// @ts-expect-error` line a use that must not type-check. The runtime
 * assertions (on a `MemoryReactor`: no socket opens) check the values.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Factory,
  type IAddress,
  type IInetAddress,
  type ITCPTransport,
  MemoryReactor,
  Protocol,
  TCP4ServerEndpoint,
} from "../../net/mod.ts";
import { type Equal, expectType } from "../_types.ts";

describe("address types", () => {
  it("gives listenTCP's and listenSSL's port an Internet address", () => {
    const reactor = new MemoryReactor();
    const port = reactor.listenTCP(8080, Factory.forProtocol(Protocol));
    const number: number = port.getHost().port;
    assert.equal(number, 8080);
    const tls = reactor.listenSSL(8443, Factory.forProtocol(Protocol), {
      certificate: "-----BEGIN CERTIFICATE-----",
      privateKey: "-----BEGIN PRIVATE KEY-----",
    });
    assert.equal(tls.getHost().port, 8443);
  });

  it("gives a TCP server endpoint's port an Internet address", async () => {
    const reactor = new MemoryReactor();
    const port = await new TCP4ServerEndpoint(reactor, 8081).listen(
      Factory.forProtocol(Protocol),
    );
    assert.equal(port.getHost().port, 8081);
  });

  it("gives a TCP transport's host and peer Internet addresses, and a UNIX port a plain address", () => {
    class Peer extends Protocol {
      declare transport: ITCPTransport;
      describe(): string {
        const peer = this.transport.getPeer();
        expectType<Equal<typeof peer, IInetAddress>>();
        return `${peer.host}:${peer.port}`;
      }
    }
    void Peer;
    const reactor = new MemoryReactor();
    const unix = reactor.listenUNIX(
      "/tmp/x.sock",
      Factory.forProtocol(Protocol),
    );
    const address = unix.getHost();
    expectType<Equal<typeof address, IAddress>>();
    // @ts-expect-error a UNIX socket has no port
    assert.equal(address.port, undefined);
  });
});
