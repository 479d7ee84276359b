/** Over a real loopback socket, a client protocol's connectionMade raises: the error is logged and the connection closed; the client sees a clean ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { captureLog, emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: unknown[] = [];
  let left = 2;
  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };
  class Server extends Protocol {
    override connectionLost(reason: Failure) {
      events.push(["server lost", reason]);
      finished();
    }
  }
  class Client extends Protocol {
    override connectionMade() {
      throw new Error("boom in connectionMade");
    }
    override connectionLost(reason: Failure) {
      events.push(["client lost", reason]);
      finished();
    }
  }
  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Server),
    50,
    "127.0.0.1",
  );
  reactor.connectTCP(
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
    ClientFactory.forProtocol(Client),
  );
  const capture = captureLog();
  await run(reactor);
  capture.stop();
  emit("events", events);
}
