/** reactor.stop() closes everything (Twisted's disconnectAll at shutdown): the open connection's protocols get ConnectionLost("Connection lost"), its client factory clientConnectionLost, a connect still under way clientConnectionFailed with ConnectError, the listening port is closed and every factory stopped; run() returns. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IConnector,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: Record<string, unknown> = {};

  class Pending extends ClientFactory {
    override noisy = false;
    override clientConnectionFailed(_c: IConnector, reason: Failure) {
      events["pending clientConnectionFailed"] = kind(reason);
    }
  }

  let up = 2;
  const made = (side: string) => {
    events[`${side} made`] = true;
    if (--up === 0) {
      // the connection is up on both sides: start another attempt, then
      // stop at once
      reactor.connectTCP("127.0.0.1", number, new Pending());
      reactor.stop();
    }
  };

  class Server extends Protocol {
    override connectionMade() {
      made("server");
    }
    override connectionLost(reason: Failure) {
      events["server lost"] = reason;
    }
  }

  class Servers extends Factory {
    override noisy = false;
    override protocol = Server;
    override stopFactory() {
      events["server factory stopped"] = true;
    }
  }

  class Client extends Protocol {
    override connectionMade() {
      made("client");
    }
  }

  class Clients extends ClientFactory {
    override noisy = false;
    override protocol = Client;
    override clientConnectionLost(_c: IConnector, reason: Failure) {
      events["clientConnectionLost"] = reason;
    }
    override stopFactory() {
      events["client factory stopped"] = true;
    }
  }

  const port = reactor.listenTCP(0, new Servers(), 50, "127.0.0.1");
  const number = (port.getHost() as IPv4Address).port;
  reactor.connectTCP("127.0.0.1", number, new Clients());
  await run(reactor);
  emit("run returned");
  emit("events", events);
}
