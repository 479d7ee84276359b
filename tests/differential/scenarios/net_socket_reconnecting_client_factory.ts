/** A ReconnectingClientFactory over real sockets: a server that hangs up at once is reconnected to after each loss (resetDelay on each connection); stopTrying after the third loss ends it. */
import type { Failure } from "../../../mod.ts";
import {
  Factory,
  type IAddress,
  type IConnector,
  type IPv4Address,
  Protocol,
  ReconnectingClientFactory,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: unknown[][] = [];

  class HangUp extends Protocol {
    override connectionMade() {
      this.transport.loseConnection();
    }
  }

  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(HangUp),
    50,
    "127.0.0.1",
  );

  class Client extends ReconnectingClientFactory {
    override noisy = false;
    override protocol = Protocol;
    override initialDelay = 0.01;
    override delay = 0.01;
    override maxDelay = 0.05;
    override jitter = 0;
    override buildProtocol(addr: IAddress) {
      events.push(["connected", this.retries]);
      this.resetDelay();
      return super.buildProtocol(addr);
    }
    override clientConnectionLost(connector: IConnector, reason: Failure) {
      events.push(["lost", reason]);
      if (events.filter((e) => e[0] === "lost").length === 3) {
        this.stopTrying();
        port.stopListening().addCallback(() =>
          reactor.callLater(0.1, reactor.stop)
        );
      }
      super.clientConnectionLost(connector, reason);
    }
    override clientConnectionFailed(connector: IConnector, reason: Failure) {
      events.push(["failed", kind(reason)]);
      super.clientConnectionFailed(connector, reason);
    }
  }

  const factory = new Client();
  factory.clock = reactor;
  reactor.connectTCP(
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
    factory,
  );
  await run(reactor);
  emit("events", events);
  emit("continueTrying", factory.continueTrying);
}
