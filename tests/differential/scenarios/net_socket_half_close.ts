/** Over a real loopback socket, a client half-closes after its question: the server (an IHalfCloseableProtocol) gets readConnectionLost, answers and closes; the client gets writeConnectionLost, the answer, then readConnectionLost, and both end with ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IHalfCloseableProtocol,
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

  class Server extends Protocol implements IHalfCloseableProtocol {
    got = "";
    override dataReceived(data: Uint8Array) {
      this.got += decode(data);
    }
    readConnectionLost() {
      events.server!.push(["readConnectionLost", this.got]);
      this.transport.write(`answer to ${this.got}`);
      this.transport.loseConnection();
    }
    writeConnectionLost() {
      events.server!.push(["writeConnectionLost"]);
    }
    override connectionLost(reason: Failure) {
      events.server!.push(["lost", reason]);
      finished();
    }
  }

  class Client extends Protocol implements IHalfCloseableProtocol {
    override connectionMade() {
      this.transport.write("question");
      (this.transport as ITCPTransport).loseWriteConnection();
    }
    override dataReceived(data: Uint8Array) {
      events.client!.push(["data", decode(data)]);
    }
    readConnectionLost() {
      events.client!.push(["readConnectionLost"]);
      this.transport.loseConnection();
    }
    writeConnectionLost() {
      events.client!.push(["writeConnectionLost"]);
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
