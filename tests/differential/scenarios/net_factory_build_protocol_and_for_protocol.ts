/** buildProtocol makes a new protocol of the factory's class with factory set; forProtocol passes its arguments to the factory; None refuses. */
import { Factory, IPv4Address, Protocol } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Echo extends Protocol {}

class Named extends Factory {
  constructor(readonly name: string, readonly n: number) {
    super();
  }
}

class Picky extends Factory {
  override protocol = Echo;
  override buildProtocol(addr: IPv4Address) {
    if (addr.host !== "127.0.0.1") return null;
    return super.buildProtocol(addr);
  }
}

export function main(): void {
  const f = Named.forProtocol(Echo, "x", 2);
  const addr = new IPv4Address("TCP", "127.0.0.1", 5000);
  const p = f.buildProtocol(addr) as Echo;
  const q = f.buildProtocol(addr);
  emit(
    "built",
    p.constructor.name,
    p.factory === f,
    p === q,
    f.name,
    f.n,
    p.connected,
  );
  const picky = new Picky();
  emit("refused", picky.buildProtocol(new IPv4Address("TCP", "10.0.0.1", 1)));
  emit("accepted", picky.buildProtocol(addr)!.constructor.name);
  emit("addr", String(addr));
}
