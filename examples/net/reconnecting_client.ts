/**
 * A client that reconnects with `ReconnectingClientFactory`
 * (`reconnecting_client.py` beside this file, from "Writing Clients" in
 * Twisted's docs, "Reconnection"), line for line: the factory prints what
 * happens, resets its back-off on each connection, and lets
 * `ReconnectingClientFactory` schedule the next attempt when a connection
 * is lost or fails.
 *
 * As in the Python file: it connects to 127.0.0.1 on the port given as the
 * first argument (default 8000); the back-off starts at 0.1 s with no
 * jitter; after three lost connections it stops trying and stops the
 * reactor.
 *
 * ```sh
 * deno run --allow-net examples/net/reconnecting_client.ts 8000
 * bun examples/net/reconnecting_client.ts 8000
 * ```
 *
 * @module
 */
import process from "node:process";
import { type Failure, reactor } from "../../mod.ts";
import {
  decode,
  type IAddress,
  type IConnector,
  Protocol,
  ReconnectingClientFactory,
} from "../../net/mod.ts";

/** Prints what the server sends. */
export class Echo extends Protocol {
  override dataReceived(data: Uint8Array): void {
    console.log("Received:", decode(data).trim());
  }
}

/** Reconnects, printing each step, until three connections are lost. */
export class EchoClientFactory extends ReconnectingClientFactory {
  override initialDelay = 0.1;
  override delay = 0.1;
  override jitter = 0;
  lost = 0;

  override startedConnecting(_connector: IConnector): void {
    console.log("Started to connect.");
  }

  override buildProtocol(_addr: IAddress): Echo {
    console.log("Connected.");
    console.log("Resetting reconnection delay");
    this.resetDelay();
    return new Echo();
  }

  override clientConnectionLost(connector: IConnector, reason: Failure): void {
    console.log("Lost connection.  Reason:", reason.getErrorMessage());
    this.lost += 1;
    if (this.lost === 3) {
      this.stopTrying();
      reactor.stop();
      return;
    }
    super.clientConnectionLost(connector, reason);
  }

  override clientConnectionFailed(
    connector: IConnector,
    reason: Failure,
  ): void {
    console.log("Connection failed. Reason:", reason.getErrorMessage());
    super.clientConnectionFailed(connector, reason);
  }
}

/** Connects and runs the reactor until the third connection is lost. */
export async function main(port = 8000): Promise<void> {
  reactor.connectTCP("127.0.0.1", port, new EchoClientFactory());
  await reactor.run();
}

if (import.meta.main) await main(Number(process.argv[2] ?? 8000));
