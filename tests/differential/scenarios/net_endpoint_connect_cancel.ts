/** Cancelling a client endpoint's Deferred while it connects stops the connector and fails the Deferred with ConnectingCancelledError; a failed attempt fails it with the attempt's reason; NoProtocol when the factory builds none. */
import { Failure } from "../../../mod.ts";
import {
  type ClientFactory,
  type ConnectingCancelledError,
  ConnectionRefusedError,
  Factory,
  IPv4Address,
  MemoryReactor,
  Protocol,
  TCP4ClientEndpoint,
} from "../../../net/mod.ts";
import { emit, kind } from "../trace.ts";

export function main() {
  const reactor = new MemoryReactor();
  const d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(
    Factory.forProtocol(Protocol),
  );
  d.addErrback((f: Failure) =>
    void emit(
      "cancelled",
      kind(f),
      String((f.value as ConnectingCancelledError).address),
    )
  );
  d.cancel();
  emit("stoppedConnecting", reactor.connectors[0]!.stoppedConnecting);

  const d2 = new TCP4ClientEndpoint(reactor, "example.com", 81).connect(
    Factory.forProtocol(Protocol),
  );
  d2.addErrback((f: Failure) => void emit("failed", kind(f)));
  const factory = reactor.tcpClients.at(-1)![2] as ClientFactory;
  factory.clientConnectionFailed(
    reactor.connectors.at(-1)!,
    new Failure(new ConnectionRefusedError()),
  );

  class Nothing extends Factory {
    override buildProtocol() {
      return null;
    }
  }
  const d3 = new TCP4ClientEndpoint(reactor, "example.com", 82).connect(
    new Nothing(),
  );
  d3.addErrback((f: Failure) => void emit("no protocol", kind(f)));
  const built = reactor.tcpClients.at(-1)![2].buildProtocol(
    new IPv4Address("TCP", "93.184.216.34", 82),
  );
  emit("wrapper built", built ?? null);
}
