/** Endpoints over real sockets: a TCP4ServerEndpoint listens (its Deferred fires with the port), connectProtocol through a TCP4ClientEndpoint fires with the very protocol given once it is connected, and a client endpoint to a closed port fails with ConnectionRefusedError. */
import type { Failure } from "../../../mod.ts";
import {
  connectProtocol,
  decode,
  Factory,
  type IListeningPort,
  type IPv4Address,
  Protocol,
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
} from "../../../net/mod.ts";
import { address, newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const events: unknown[] = [];
  const ports: IListeningPort[] = [];
  let number = 0;

  class Echo extends Protocol {
    override dataReceived(data: Uint8Array) {
      this.transport.write(data);
    }
  }

  const refused = () => {
    const d = new TCP4ClientEndpoint(reactor, "127.0.0.1", number).connect(
      Factory.forProtocol(Protocol),
    );
    d.addErrback((f: Failure) => void events.push(["refused", kind(f)]));
    d.addBoth(() => reactor.stop());
  };

  class Mine extends Protocol {
    override dataReceived(data: Uint8Array) {
      events.push(["echo", decode(data)]);
      this.transport.loseConnection();
    }
    override connectionLost(reason: Failure) {
      events.push(["lost", reason]);
      ports[0]!.stopListening().addCallback(refused);
    }
  }

  const mine = new Mine();

  reactor.callWhenRunning(() => {
    new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1")
      .listen(Factory.forProtocol(Echo))
      .addCallback((port) => {
        ports.push(port);
        number = (port.getHost() as IPv4Address).port;
        events.push(["listening", address(port.getHost())]);
        const endpoint = new TCP4ClientEndpoint(reactor, "127.0.0.1", number);
        connectProtocol(endpoint, mine).addCallback((proto) => {
          events.push(["connected", proto === mine]);
          proto.transport.write("via endpoints");
        });
      });
  });
  await run(reactor);
  emit("events", events);
}
