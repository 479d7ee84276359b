/** stopListening on a real port: the Deferred fires in a later turn, after the factory's stopFactory; connections already accepted stay open; a new connect is refused. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IConnector,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: unknown[] = [];

  class Server extends Protocol {
    override dataReceived(data: Uint8Array) {
      events.push(["server got", decode(data)]);
      this.transport.loseConnection();
    }
    override connectionLost(reason: Failure) {
      events.push(["server lost", reason]);
    }
  }

  class Servers extends Factory {
    override noisy = false;
    override protocol = Server;
    override stopFactory() {
      events.push("stopFactory");
    }
  }

  const port = reactor.listenTCP(0, new Servers(), 50, "127.0.0.1");
  const number = (port.getHost() as IPv4Address).port;

  class Client extends Protocol {
    override connectionMade() {
      const d = port.stopListening();
      events.push(["stopListening fired at once", d.called]);
      d.addCallback(() => void events.push("stopped"));
      d.addCallback(() => this.transport.write("still here"));
    }
  }

  class Refused extends ClientFactory {
    override noisy = false;
    override clientConnectionFailed(_c: IConnector, reason: Failure) {
      events.push(["new connect", kind(reason)]);
      reactor.callLater(0, reactor.stop);
    }
  }

  class Clients extends ClientFactory {
    override noisy = false;
    override protocol = Client;
    override clientConnectionLost(_c: IConnector, reason: Failure) {
      events.push(["client lost", reason]);
      reactor.connectTCP("127.0.0.1", number, new Refused());
    }
  }

  reactor.connectTCP("127.0.0.1", number, new Clients());
  await run(reactor);
  emit("events", events);
}
