/** Over a real loopback socket, everything the server writes before loseConnection — 100 small writes and a 300,000-byte one — reaches the client before either side sees a clean ConnectionDone. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const seen: Record<string, Failure[]> = { client: [], server: [] };
  const received: Uint8Array[] = [];
  let left = 2;
  const finished = () => {
    if (--left === 0) port.stopListening().addCallback(() => reactor.stop());
  };

  class Sender extends Protocol {
    override connectionMade() {
      for (let i = 0; i < 100; i++) this.transport.write(`${i},`);
      this.transport.write("x".repeat(300000));
      this.transport.loseConnection();
    }
    override connectionLost(reason: Failure) {
      seen.server!.push(reason);
      finished();
    }
  }

  class Receiver extends Protocol {
    override dataReceived(data: Uint8Array) {
      received.push(data);
    }
    override connectionLost(reason: Failure) {
      seen.client!.push(reason);
      finished();
    }
  }

  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Sender),
    50,
    "127.0.0.1",
  );
  reactor.connectTCP(
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
    ClientFactory.forProtocol(Receiver),
  );
  await run(reactor);
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
