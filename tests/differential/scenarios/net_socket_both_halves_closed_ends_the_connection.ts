/** Over a real loopback socket, two IHalfCloseableProtocols each half-close with loseWriteConnection: Twisted 22.4 keeps both connections open until loseConnection() (still open after half a second), twisted-ts closes each with ConnectionDone once both its halves are closed. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IHalfCloseableProtocol,
  type IPv4Address,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit } from "../trace.ts";

type SideName = "client" | "server";

export async function main() {
  const reactor = newReactor();
  const events: Record<SideName, unknown[]> = { client: [], server: [] };
  const protocols: Partial<Record<SideName, Side>> = {};
  let left = 2;

  const check = () => {
    for (const side of ["client", "server"] as const) {
      const transport = protocols[side]!.transport as ITCPTransport & {
        connected: boolean;
      };
      if (transport.connected) {
        events[side].push("still open");
        transport.loseConnection();
      }
    }
  };

  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };

  abstract class Side extends Protocol implements IHalfCloseableProtocol {
    abstract side: SideName;
    override connectionMade() {
      protocols[this.side] = this;
    }
    readConnectionLost() {
      events[this.side].push("readConnectionLost");
      if (this.side === "server") {
        (this.transport as ITCPTransport).loseWriteConnection();
      } else reactor.callLater(0.5, check);
    }
    writeConnectionLost() {
      events[this.side].push("writeConnectionLost");
    }
    override connectionLost(reason: Failure) {
      events[this.side].push(["lost", reason]);
      finished();
    }
  }

  class Server extends Side {
    side = "server" as const;
  }

  class Client extends Side {
    side = "client" as const;
    override connectionMade() {
      super.connectionMade();
      (this.transport as ITCPTransport).loseWriteConnection();
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
