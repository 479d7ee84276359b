/** port.getHost() after stopListening() has finished: Twisted 22.4 raises (the socket is gone); twisted-ts returns the address it listened on. */
import { Factory, Protocol } from "../../../net/mod.ts";
import { address, newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Protocol),
    50,
    "127.0.0.1",
  );
  emit("while listening", address(port.getHost()));
  port.stopListening().addCallback(() => {
    try {
      emit("after stopListening", address(port.getHost()));
    } catch (e) {
      emit("after stopListening raised", kind(e));
    }
    reactor.stop();
  });
  await run(reactor);
}
