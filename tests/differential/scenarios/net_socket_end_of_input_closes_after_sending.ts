/** Over a real loopback socket, a client half-closes while a server without IHalfCloseableProtocol still has 1 MB to send: Twisted 22.4 closes the connection at once (the client gets only part of it); twisted-ts closes once everything written has been sent. */
import type { Failure } from "../../../mod.ts";
import {
  type IHalfCloseableProtocol,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit } from "../trace.ts";

const SIZE = 1024 * 1024;

export async function main() {
  const loopback = new Loopback(newReactor());
  const events: Record<string, unknown[]> = { client: [], server: [] };
  let received = 0;

  class Server extends Protocol {
    override connectionMade() {
      this.transport.write(new Uint8Array(SIZE).fill(0x78));
    }
    override connectionLost(reason: Failure) {
      events.server!.push(["lost", reason]);
      loopback.done();
    }
  }

  class Client extends Protocol implements IHalfCloseableProtocol {
    override connectionMade() {
      (this.transport as ITCPTransport).loseWriteConnection();
    }
    override dataReceived(data: Uint8Array) {
      received += data.length;
    }
    readConnectionLost() {
      events.client!.push([
        "readConnectionLost",
        "got everything",
        received === SIZE,
      ]);
      this.transport.loseConnection();
    }
    writeConnectionLost() {}
    override connectionLost(reason: Failure) {
      events.client!.push(["lost", reason]);
      loopback.done();
    }
  }

  await loopback.run(Server, Client);
  emit("server", events.server);
  emit("client", events.client);
}
