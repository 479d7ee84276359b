/** connector.stopConnecting() while a real connect is under way fails it with UserError (state back to disconnected, factory stopped); a second call raises NotConnectingError; disconnect() on a connected connector closes the connection. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IAddress,
  type IConnector,
  type IPv4Address,
  NotConnectingError,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

const stateOf = (c: IConnector) => (c as unknown as { state: string }).state;

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

  class Stopped extends ClientFactory {
    override noisy = false;
    override clientConnectionFailed(connector: IConnector, reason: Failure) {
      events.push(["failed", kind(reason), stateOf(connector)]);
    }
    override stopFactory() {
      events.push("stopped factory");
    }
  }

  class Connected extends ClientFactory {
    override noisy = false;
    override protocol = Protocol;
    connector!: IConnector;
    override buildProtocol(addr: IAddress) {
      const p = super.buildProtocol(addr);
      reactor.callLater(0, () => {
        events.push(["state", stateOf(this.connector)]);
        this.connector.disconnect();
      });
      return p;
    }
    override clientConnectionLost(connector: IConnector, reason: Failure) {
      events.push(["lost", reason, stateOf(connector)]);
      port.stopListening().addCallback(() => reactor.stop());
    }
  }

  reactor.callWhenRunning(() => {
    const connector = reactor.connectTCP("127.0.0.1", number, new Stopped());
    connector.stopConnecting();
    try {
      connector.stopConnecting();
    } catch (e) {
      if (!(e instanceof NotConnectingError)) throw e;
      events.push(["again", kind(e)]);
    }
    const c = new Connected();
    c.connector = reactor.connectTCP("127.0.0.1", number, c);
  });
  await run(reactor);
  emit("events", events);
}
