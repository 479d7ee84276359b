/** Over a real loopback socket, a client half-closes after its question: the server (an IHalfCloseableProtocol) gets readConnectionLost, answers and closes; the client gets writeConnectionLost, the answer, then readConnectionLost, and both end with ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import {
  decode,
  type IHalfCloseableProtocol,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const loopback = new Loopback(newReactor());
  const events: Record<string, unknown[]> = { client: [], server: [] };

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
      loopback.done();
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
      loopback.done();
    }
  }

  await loopback.run(Server, Client);
  emit("server", events.server);
  emit("client", events.client);
}
