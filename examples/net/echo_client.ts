/**
 * Twisted's echo client (`echo_client.py` beside this file, from "Writing
 * Clients" in Twisted's docs), line for line: connect, send a greeting,
 * print the answer, hang up; the `ClientFactory` stops the reactor when the
 * connection is lost or fails.
 *
 * It connects to 127.0.0.1 on the port given as the first argument
 * (default 8000), e.g. to `echo_server.ts`:
 *
 * ```sh
 * deno run --allow-net examples/net/echo_client.ts 8000
 * bun examples/net/echo_client.ts 8000
 * ```
 *
 * @module
 */
import process from "node:process";
import { type Failure, reactor } from "../../mod.ts";
import {
  ClientFactory,
  decode,
  type IConnector,
  Protocol,
} from "../../net/mod.ts";

/** Once connected, send a message, then print the result. */
export class EchoClient extends Protocol {
  override connectionMade(): void {
    this.transport.write("hello, world!");
  }

  override dataReceived(data: Uint8Array): void {
    console.log("Server said:", decode(data));
    this.transport.loseConnection();
  }

  override connectionLost(_reason: Failure): void {
    console.log("connection lost");
  }
}

/** Builds `EchoClient`s and stops the reactor when the connection ends. */
export class EchoFactory extends ClientFactory {
  override protocol = EchoClient;

  override clientConnectionFailed(_c: IConnector, _reason: Failure): void {
    console.log("Connection failed - goodbye!");
    reactor.stop();
  }

  override clientConnectionLost(_c: IConnector, _reason: Failure): void {
    console.log("Connection lost - goodbye!");
    reactor.stop();
  }
}

/** Connects and runs the reactor until the connection ends. */
export async function main(port = 8000): Promise<void> {
  const f = new EchoFactory();
  reactor.connectTCP("127.0.0.1", port, f);
  await reactor.run();
}

if (import.meta.main) await main(Number(process.argv[2] ?? 8000));
