/** Over a real loopback socket, abortConnection drops what was written: the aborting side gets ConnectionAborted at once (in a later turn), and the peer's connection ends without the data. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  ConnectionDone,
  ConnectionLost,
  decode,
  Factory,
  type IPv4Address,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: Record<string, unknown[]> = { client: [], server: [] };
  let left = 2;
  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };

  class Server extends Protocol {
    override dataReceived(data: Uint8Array) {
      events.server!.push(["data", decode(data)]);
    }
    override connectionLost(reason: Failure) {
      // a reset on some runtimes, a close on others: it ended
      events.server!.push([
        "ended",
        reason.check(ConnectionDone, ConnectionLost) !== undefined,
      ]);
      finished();
    }
  }

  class Client extends Protocol {
    override connectionMade() {
      this.transport.write("never sent");
      (this.transport as ITCPTransport).abortConnection();
      events.client!.push(["aborted", this.transport.disconnecting]);
    }
    override connectionLost(reason: Failure) {
      events.client!.push(["lost", reason]);
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
  await run(reactor);
  emit("server", events.server);
  emit("client", events.client);
}
