import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { TimeoutError } from "../../defer/mod.ts";
import * as root from "../../mod.ts";
import { TLSHandshakeError } from "../../net/_host.ts";
import {
  BindError,
  CannotListenError,
  ConnectError,
  ConnectionAborted,
  ConnectionClosed,
  ConnectionDone,
  connectionDone,
  ConnectionLost,
  connectionLost,
  ConnectionRefusedError,
  ConnectTimeoutError,
  DNSLookupError,
  NotConnectingError,
  NotListeningError,
  TCPTimedOutError,
  UserError,
} from "../../net/mod.ts";

describe("net errors", () => {
  it("follow Twisted's hierarchy", () => {
    assert.ok(new ConnectTimeoutError() instanceof UserError);
    assert.ok(new UserError() instanceof ConnectError);
    assert.ok(new ConnectionRefusedError() instanceof ConnectError);
    assert.ok(new TCPTimedOutError() instanceof ConnectError);
    assert.ok(new ConnectionAborted() instanceof ConnectionLost);
    assert.ok(new ConnectionLost() instanceof ConnectionClosed);
    assert.ok(new ConnectionDone() instanceof ConnectionClosed);
    assert.ok(!(new ConnectionDone() instanceof ConnectionLost));
    assert.ok(new CannotListenError("", 1, "x") instanceof BindError);
  });

  it("explain a TLS failure from a server certificate Deno refuses as a CA", () => {
    const refused = new TLSHandshakeError(
      new Error(
        "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))",
      ),
    );
    assert.match(
      refused.message,
      /CaUsedAsEndEntity\)\) \(Deno refuses a CA certificate/,
    );
    assert.match(refused.message, /CA:FALSE/);
    const plain = new TLSHandshakeError(new Error("certificate expired"));
    assert.equal(plain.message, "TLS handshake failed: certificate expired");
  });

  it("word their messages as Twisted's str(error)", () => {
    const cases: [Error, string][] = [
      [new ConnectError(), "An error occurred while connecting."],
      [
        new ConnectionRefusedError(new Error("ECONNREFUSED"), "127.0.0.1:1"),
        "Connection was refused by other side: ECONNREFUSED: 127.0.0.1:1.",
      ],
      [new ConnectTimeoutError(), "User timeout caused connection failure."],
      [new ConnectionDone(), "Connection was closed cleanly."],
      [new ConnectionDone("a", "b"), "Connection was closed cleanly: a b."],
      [
        new ConnectionLost("x"),
        "Connection to the other side was lost in a non-clean fashion: x.",
      ],
      [
        new ConnectionAborted(),
        "Connection was aborted locally using ITCPTransport.abortConnection.",
      ],
      [new ConnectionClosed(), ""],
      [
        new CannotListenError("", 80, new Error("Permission denied")),
        "Couldn't listen on any:80: Permission denied.",
      ],
      [
        new NotListeningError(),
        "The Port was not listening when it was asked to stop listening.",
      ],
      [
        new NotConnectingError(),
        "The Connector was not connecting when it was asked to stop connecting.",
      ],
      [new DNSLookupError(), "DNS lookup failed."],
    ];
    for (const [e, message] of cases) assert.equal(e.message, message);
  });

  it("carry their class name as name, and their details as fields", () => {
    const e = new ConnectionRefusedError("os", "more");
    assert.equal(e.name, "ConnectionRefusedError");
    assert.equal(e.osError, "os");
    assert.equal(e.detail, "more");
    const c = new CannotListenError("127.0.0.1", 8080, "busy");
    assert.deepEqual([c.name, c.interface, c.port, c.socketError], [
      "CannotListenError",
      "127.0.0.1",
      8080,
      "busy",
    ]);
    assert.equal(new ConnectTimeoutError().name, "ConnectTimeoutError");
  });

  it("keep Twisted's connect TimeoutError apart from defer's TimeoutError in the root module", () => {
    assert.equal(root.TimeoutError, TimeoutError);
    assert.ok(!(new ConnectTimeoutError() instanceof TimeoutError));
    assert.equal(
      (root as Record<string, unknown>).ConnectTimeoutError,
      ConnectTimeoutError,
    );
  });

  it("provide connectionDone and connectionLost as Failures of their errors", () => {
    assert.equal(connectionDone.check(ConnectionDone), ConnectionDone);
    assert.equal(connectionDone.check(ConnectionLost), undefined);
    assert.equal(connectionLost.check(ConnectionLost), ConnectionLost);
    assert.equal(
      connectionDone.getErrorMessage(),
      "Connection was closed cleanly.",
    );
  });
});
