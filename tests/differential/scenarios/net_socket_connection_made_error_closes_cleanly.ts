/** Over a real loopback socket, a client protocol's connectionMade raises: the error is logged and the connection closed; the client sees a clean ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import { Protocol } from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { captureLog, emit } from "../trace.ts";

export async function main() {
  const loopback = new Loopback(newReactor());
  const events: unknown[] = [];
  class Server extends Protocol {
    override connectionLost(reason: Failure) {
      events.push(["server lost", reason]);
      loopback.done();
    }
  }
  class Client extends Protocol {
    override connectionMade() {
      throw new Error("boom in connectionMade");
    }
    override connectionLost(reason: Failure) {
      events.push(["client lost", reason]);
      loopback.done();
    }
  }
  const capture = captureLog();
  await loopback.run(Server, Client);
  capture.stop();
  emit("events", events);
}
