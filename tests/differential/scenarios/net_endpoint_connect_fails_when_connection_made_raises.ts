/** Over a real loopback socket, a client endpoint whose protocol's connectionMade raises: the error is logged and the connection dropped (the server sees it end); Twisted 22.4's connect() Deferred never fires (still pending after half a second), twisted-ts's fails with that error. */
import type { Failure } from "../../../mod.ts";
import {
  Factory,
  type IPv4Address,
  Protocol,
  TCP4ClientEndpoint,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { captureLog, emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: Record<string, unknown[]> = { client: [], server: [] };

  class Server extends Protocol {
    override connectionLost() {
      events.server!.push("lost");
      reactor.callLater(0.5, finish);
    }
  }

  class Boom extends Protocol {
    override connectionMade(): void {
      events.client!.push("connectionMade");
      throw new Error("boom in connectionMade");
    }
    override connectionLost(reason: Failure) {
      events.client!.push(["lost", reason]);
    }
  }

  const finish = () => {
    if (!d.called) events.client!.push("connect() still pending");
    port.stopListening().addCallback(() => reactor.stop());
  };

  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Server),
    50,
    "127.0.0.1",
  );
  const d = new TCP4ClientEndpoint(
    reactor,
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
  ).connect(Factory.forProtocol(Boom));
  d.addCallbacks(
    (p) => void events.client!.push(["connect() fired", p]),
    (f) => void events.client!.push(["connect() failed", f]),
  );
  const capture = captureLog();
  try {
    await run(reactor);
  } finally {
    capture.stop();
  }
  emit("client", events.client);
  emit("server", events.server);
}
