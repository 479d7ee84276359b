/**
 * Real loopback sockets for the TypeScript side of the net_socket_*
 * scenarios (see `_sockets.py`): a new `Reactor` per scenario, run until
 * the scenario stops it, or `seconds` pass (then it says so).
 *
 * @module
 */
import { Reactor } from "../../../mod.ts";
import type { IAddress } from "../../../net/mod.ts";
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

/** An address without its ephemeral port: type, then host or name. */
export function address(a: IAddress): unknown[] {
  const x = a as { type?: string; host?: string; name?: string | null };
  const name = a.constructor.name;
  return name === "UNIXAddress" ? [name, x.name] : [name, x.type, x.host];
}
