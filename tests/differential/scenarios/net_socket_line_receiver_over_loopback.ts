/** A LineReceiver over a real loopback socket gets every line once, in order, however the stream was cut: 2,000 lines written in one burst, echoed back as lengths, then a line too long for MAX_LENGTH closes the connection. */
import type { Failure } from "../../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IPv4Address,
  LineReceiver,
  Protocol,
} from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit } from "../trace.ts";

export async function main() {
  const reactor = newReactor();
  const seen: Record<string, unknown> & {
    lines: number;
    bad: unknown[];
    exceeded: number[];
  } = { lines: 0, bad: [], exceeded: [] };

  class Counter extends LineReceiver {
    override MAX_LENGTH = 100;
    override lineReceived(line: Uint8Array) {
      const n = seen.lines;
      if (decode(line) !== `line ${n}`) seen.bad.push([n, decode(line)]);
      seen.lines++;
      if (seen.lines === 2000) this.sendLine("got 2000");
    }
    override lineLengthExceeded(line: Uint8Array) {
      seen.exceeded.push(line.length);
      return super.lineLengthExceeded(line);
    }
    override connectionLost(reason: Failure) {
      seen["server lost"] = reason;
    }
  }

  class Sender extends Protocol {
    override connectionMade() {
      this.transport.write(
        Array.from({ length: 2000 }, (_, i) => `line ${i}\r\n`).join(""),
      );
    }
    override dataReceived(data: Uint8Array) {
      seen.answer = decode(data);
      this.transport.write("y".repeat(500) + "\r\n");
    }
    override connectionLost(reason: Failure) {
      seen["client lost"] = reason;
      port.stopListening().addCallback(() =>
        reactor.callLater(0.05, reactor.stop)
      );
    }
  }

  const port = reactor.listenTCP(
    0,
    Factory.forProtocol(Counter),
    50,
    "127.0.0.1",
  );
  reactor.connectTCP(
    "127.0.0.1",
    (port.getHost() as IPv4Address).port,
    ClientFactory.forProtocol(Sender),
  );
  await run(reactor);
  emit("seen", seen);
}
