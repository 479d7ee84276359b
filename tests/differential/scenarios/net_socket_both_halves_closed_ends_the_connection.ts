/** Over a real loopback socket, two IHalfCloseableProtocols each half-close with loseWriteConnection: Twisted 22.4 keeps both connections open until loseConnection() (still open after half a second), twisted-ts closes each with ConnectionDone once both its halves are closed. */
import type { Failure } from "../../../mod.ts";
import {
  type IHalfCloseableProtocol,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit } from "../trace.ts";

type SideName = "client" | "server";

export async function main() {
  const reactor = newReactor();
  const loopback = new Loopback(reactor);
  const events: Record<SideName, unknown[]> = { client: [], server: [] };
  const protocols: Partial<Record<SideName, Side>> = {};

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
      loopback.done();
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

  await loopback.run(Server, Client);
  emit("server", events.server);
  emit("client", events.client);
}
