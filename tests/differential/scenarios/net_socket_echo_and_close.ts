/** Over a real loopback socket, a client writes, the server echoes, the client hangs up: each side sees its connection made, the data, and a clean ConnectionDone; addresses are IPv4Address on both sides. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IConnector,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { address, newReactor, run } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const serverEvents: unknown[] = [];
  const clientEvents: unknown[] = [];

  class Echo extends Protocol {
    override connectionMade() {
      serverEvents.push([
        "made",
        address(this.transport.getHost()),
        address(this.transport.getPeer()),
      ]);
    }
    override dataReceived(data: Uint8Array) {
      serverEvents.push(["data", decode(data)]);
      this.transport.write(data);
    }
    override connectionLost(reason: Failure) {
      serverEvents.push(["lost", reason]);
      finished();
    }
  }

  class Client extends Protocol {
    override connectionMade() {
      clientEvents.push([
        "made",
        address(this.transport.getHost()),
        address(this.transport.getPeer()),
      ]);
      this.transport.write("ping");
    }
    override dataReceived(data: Uint8Array) {
      clientEvents.push(["data", decode(data)]);
      this.transport.loseConnection();
    }
    override connectionLost(reason: Failure) {
      clientEvents.push(["lost", reason]);
    }
  }

  class Clients extends ClientFactory {
    override protocol = Client;
    override clientConnectionLost(_c: IConnector, reason: Failure) {
      clientEvents.push(["clientConnectionLost", reason]);
      finished();
    }
  }

  let left = 2;
  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };

  const port = reactor.listenTCP(0, Factory.forProtocol(Echo), 50, "127.0.0.1");
  const host = port.getHost() as IPv4Address;
  emit("listening", address(host), host.port > 0);
  reactor.connectTCP("127.0.0.1", host.port, new Clients());
  await run(reactor);
  emit("server", serverEvents);
  emit("client", clientEvents);
}
