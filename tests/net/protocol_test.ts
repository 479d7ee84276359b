import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Failure } from "../../defer/mod.ts";
import {
  ConnectionDone,
  connectionDone,
  type ITransport,
  Protocol,
  StringTransport,
} from "../../net/mod.ts";

describe("Protocol", () => {
  it("starts unconnected, with no transport and no factory", () => {
    const p = new Protocol();
    assert.equal(p.connected, false);
    assert.equal(p.transport, undefined);
    assert.equal(p.factory, undefined);
  });

  it("makeConnection sets transport and connected before calling connectionMade", () => {
    const seen: [boolean, ITransport | undefined][] = [];
    class P extends Protocol {
      override connectionMade() {
        seen.push([this.connected, this.transport]);
      }
    }
    const p = new P();
    const t = new StringTransport();
    p.makeConnection(t);
    assert.deepEqual(seen, [[true, t]]);
  });

  it("connectionLost defaults its reason to the shared connectionDone Failure", () => {
    let got: Failure | undefined;
    class P extends Protocol {
      override connectionLost(reason: Failure = connectionDone) {
        got = reason;
      }
    }
    new P().connectionLost();
    assert.equal(got, connectionDone);
    assert.equal(got!.check(ConnectionDone), ConnectionDone);
  });

  it("keeps connected true after connectionLost, as Twisted does", () => {
    const p = new Protocol();
    p.makeConnection(new StringTransport());
    p.connectionLost(new Failure(new ConnectionDone()));
    assert.equal(p.connected, true);
  });

  it("does nothing with data by default and names itself by class in logPrefix", () => {
    class Chat extends Protocol {}
    const p = new Chat();
    p.dataReceived(new Uint8Array([1, 2]));
    assert.equal(p.logPrefix(), "Chat");
  });
});
