/**
 * Real loopback sockets for the TypeScript side of the net_socket_*
 * scenarios (see `_sockets.py`): a new `Reactor` per scenario, run until
 * the scenario stops it, or `seconds` pass (then it says so).
 *
 * @module
 */
import { Reactor } from "../../../mod.ts";
import {
  ClientFactory,
  Factory,
  type IAddress,
  type IListeningPort,
  type IPv4Address,
  type ProtocolClass,
} from "../../../net/mod.ts";
import { emit } from "../trace.ts";

/** A reactor of the scenario's own. */
export function newReactor(): Reactor {
  return new Reactor({ installSignalHandlers: false });
}

/** Runs `reactor` until it stops, or `seconds` pass. */
export async function run(reactor: Reactor, seconds = 4): Promise<void> {
  const guard = reactor.callLater(seconds, () => {
    emit("timed out");
    reactor.stop();
  });
  reactor.addSystemEventTrigger("before", "shutdown", () => {
    if (guard.active()) guard.cancel();
  });
  await reactor.run();
}

/** A server and a client over loopback: `run(Server, Client)` listens on 127.0.0.1, connects and runs `reactor` until `done()` has been called `times` times, then stops listening, then the reactor. */
export class Loopback {
  readonly reactor: Reactor;
  #left: number;
  #port: IListeningPort | undefined;

  constructor(reactor: Reactor, times = 2) {
    this.reactor = reactor;
    this.#left = times;
  }

  done = (): void => {
    if (--this.#left === 0) {
      this.#port!.stopListening().addCallback(() => this.reactor.stop());
    }
  };

  async run(server: ProtocolClass, client: ProtocolClass): Promise<void> {
    const port = this.reactor.listenTCP(
      0,
      Factory.forProtocol(server),
      50,
      "127.0.0.1",
    );
    this.#port = port;
    this.reactor.connectTCP(
      "127.0.0.1",
      (port.getHost() as IPv4Address).port,
      ClientFactory.forProtocol(client),
    );
    await run(this.reactor);
  }
}

/** An address without its ephemeral port: type, then host or name. */
export function address(a: IAddress): unknown[] {
  const x = a as { type?: string; host?: string; name?: string | null };
  const name = a.constructor.name;
  return name === "UNIXAddress" ? [name, x.name] : [name, x.type, x.host];
}
