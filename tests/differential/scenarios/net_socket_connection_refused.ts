/** A connect to a closed loopback port: startedConnecting, then clientConnectionFailed with ConnectionRefusedError; the factory is started for the attempt and stopped after it. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IConnector,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Protocol),
    50,
    "127.0.0.1",
  );
  const number = (port.getHost() as IPv4Address).port;
  const events: unknown[] = [];

  class Clients extends ClientFactory {
    override noisy = false;
    override startFactory() {
      events.push("startFactory");
    }
    override stopFactory() {
      events.push("stopFactory");
    }
    override startedConnecting(connector: IConnector) {
      events.push([
        "startedConnecting",
        (connector.getDestination() as IPv4Address).port === number,
      ]);
    }
    override clientConnectionFailed(_c: IConnector, reason: Failure) {
      events.push(["clientConnectionFailed", kind(reason)]);
      reactor.callLater(0, reactor.stop);
    }
  }

  reactor.callWhenRunning(() =>
    port.stopListening().addCallback(() => {
      reactor.connectTCP("127.0.0.1", number, new Clients());
    })
  );
  await run(reactor);
  emit("events", events);
}
