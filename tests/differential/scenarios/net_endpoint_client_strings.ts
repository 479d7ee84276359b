/** clientFromString: host and port positionally or by name, timeout as an int, the type in any case; a missing host or port or an unknown argument is a TypeError, a bad number or an unknown type a ValueError. */
import {
  clientFromString,
  Factory,
  MemoryReactor,
  Protocol,
} from "../../../net/mod.ts";
import { emit, kind } from "../trace.ts";

export function main() {
  for (
    const description of [
      "tcp:host=example.com:port=80",
      "tcp:example.com:80",
      "tcp:host=example.com:80",
      "tcp:example.com:port=80",
      "tcp:a:80:timeout=5",
      "TCP:a:80",
      "tcp:\\:\\:1:80",
      "unix:/var/foo",
      "unix:path=/var/foo:lockfile=1:timeout=9",
      "tcp:example.com",
      "tcp:host=a:port=x",
      "tcp:a:80:timeout=1.5",
      "unix:/v:timeout=x",
      "tcp:a:80:bogus=1",
      "foo:a",
      "tcp",
      "tcp:a:b:c",
    ]
  ) {
    const reactor = new MemoryReactor();
    try {
      const endpoint = clientFromString(reactor, description);
      void endpoint.connect(Factory.forProtocol(Protocol)).addErrback(() => {});
      const calls = [
        ...reactor.tcpClients.map((c) => [c[0], c[1], ...c.slice(3)]),
        ...reactor.unixClients.map((c) => [c[0], ...c.slice(2)]),
      ];
      emit(description, endpoint.constructor.name, calls);
    } catch (e) {
      emit(description, kind(e));
    }
  }
}
