/** Over a real loopback socket, a server writes, calls loseConnection(), then writes again: Twisted 22.4 sends that write too; twisted-ts refuses it with an Error. */
import type { Failure } from "../../../mod.ts";
import { decode, Protocol } from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const loopback = new Loopback(newReactor());
  const events: unknown[] = [];
  let received = "";

  class Sender extends Protocol {
    override connectionMade() {
      this.transport.write("before,");
      this.transport.loseConnection();
      try {
        this.transport.write("after");
        events.push("write after loseConnection accepted");
      } catch (e) {
        events.push(["write after loseConnection raised", kind(e)]);
      }
    }
    override connectionLost() {
      loopback.done();
    }
  }

  class Receiver extends Protocol {
    override dataReceived(data: Uint8Array) {
      received += decode(data);
    }
    override connectionLost(reason: Failure) {
      events.push(["client lost", reason]);
      loopback.done();
    }
  }

  await loopback.run(Sender, Receiver);
  emit("events", events);
  emit("received", received);
}
