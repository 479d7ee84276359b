/** Over a real loopback socket, a server writes, calls loseConnection(), then writes again: Twisted 22.4 sends that write too; twisted-ts refuses it with an Error. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: unknown[] = [];
  let received = "";
  let left = 2;
  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };

  class Sender extends Protocol {
    override connectionMade() {
      this.transport.write("before,");
      this.transport.loseConnection();
      try {
        this.transport.write("after");
        events.push("write after loseConnection accepted");
      } catch (e) {
        events.push(["write after loseConnection raised", kind(e)]);
      }
    }
    override connectionLost() {
      finished();
    }
  }

  class Receiver extends Protocol {
    override dataReceived(data: Uint8Array) {
      received += decode(data);
    }
    override connectionLost(reason: Failure) {
      events.push(["client lost", reason]);
      finished();
    }
  }

  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Sender),
    50,
    "127.0.0.1",
  );
  reactor.connectTCP(
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
    ClientFactory.forProtocol(Receiver),
  );
  await run(reactor);
  emit("events", events);
  emit("received", received);
}
