/** Over a real loopback socket, everything the server writes before loseConnection — 100 small writes and a 300,000-byte one — reaches the client before either side sees a clean ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import { decode, Protocol } from "../../../net/mod.ts";
import { Loopback, newReactor } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const loopback = new Loopback(newReactor());
  const seen: Record<string, Failure[]> = { client: [], server: [] };
  const received: Uint8Array[] = [];

  class Sender extends Protocol {
    override connectionMade() {
      for (let i = 0; i < 100; i++) this.transport.write(`${i},`);
      this.transport.write("x".repeat(300000));
      this.transport.loseConnection();
    }
    override connectionLost(reason: Failure) {
      seen.server!.push(reason);
      loopback.done();
    }
  }

  class Receiver extends Protocol {
    override dataReceived(data: Uint8Array) {
      received.push(data);
    }
    override connectionLost(reason: Failure) {
      seen.client!.push(reason);
      loopback.done();
    }
  }

  await loopback.run(Sender, Receiver);
  const data = received.map(decode).join("");
  emit("received", data.length, data.slice(0, 30), data.slice(-3));
  emit(
    "complete",
    data ===
      Array.from({ length: 100 }, (_, i) => `${i},`).join("") +
        "x".repeat(300000),
  );
  emit("lost", seen);
}
