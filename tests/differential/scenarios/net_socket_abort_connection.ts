/** Over a real loopback socket, abortConnection drops what was written: the aborting side gets ConnectionAborted at once (in a later turn), and the peer's connection ends without the data. */
import type { Failure } from "../../../mod.ts";
import {
  ConnectionDone,
  ConnectionLost,
  decode,
  type ITCPTransport,
  Protocol,
} from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const loopback = new Loopback(newReactor());
  const events: Record<string, unknown[]> = { client: [], server: [] };

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
      loopback.done();
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
      loopback.done();
    }
  }

  await loopback.run(Server, Client);
  emit("server", events.server);
  emit("client", events.client);
}
