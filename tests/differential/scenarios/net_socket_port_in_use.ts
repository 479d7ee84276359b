/** listenTCP on a port already listening raises CannotListenError at once, naming the interface and port; the first port is unaffected and the second factory never started. */
import {
  CannotListenError,
  Factory,
  type IPv4Address,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const first = reactor.listenTCP(
    0,
    Factory.forProtocol(Protocol),
    50,
    "127.0.0.1",
  );
  const number = (first.getHost() as IPv4Address).port;
  const started: boolean[] = [];

  class Second extends Factory {
    override noisy = false;
    override startFactory() {
      started.push(true);
    }
  }

  try {
    reactor.listenTCP(number, new Second(), 50, "127.0.0.1");
    emit("listened twice");
  } catch (e) {
    if (!(e instanceof CannotListenError)) throw e;
    emit("refused", kind(e), e.interface, e.port === number);
  }
  emit("second factory started", started.length > 0);
  emit(
    "first still listening",
    (first.getHost() as IPv4Address).port === number,
  );
  await first.stopListening();
}
