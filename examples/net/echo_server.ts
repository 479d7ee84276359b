/**
 * Twisted's echo server (`echo_server.py` beside this file, from "Writing
 * Servers" in Twisted's docs), line for line: a `Protocol` that writes back
 * what it receives, served by a `Factory` on `reactor.listenTCP`.
 *
 * As in the Python file, it listens on 127.0.0.1 on the port given as the
 * first argument (default 8000; 0 picks a free one) and prints the port.
 *
 * ```sh
 * deno run --allow-net examples/net/echo_server.ts 8000
 * bun examples/net/echo_server.ts 8000
 * ```
 *
 * @module
 */
import process from "node:process";
import { reactor } from "../../mod.ts";
import { Factory, Protocol } from "../../net/mod.ts";

/** Writes back whatever it receives. */
export class Echo extends Protocol {
  /** As soon as any data is received, write it back. */
  override dataReceived(data: Uint8Array): void {
    this.transport.write(data);
  }
}

/** Listens and runs the reactor until it is stopped (Ctrl-C). */
export async function main(portNumber = 8000): Promise<void> {
  const f = new Factory();
  f.protocol = Echo;
  const port = reactor.listenTCP(portNumber, f, 50, "127.0.0.1");
  console.log(`listening on ${port.getHost().port}`);
  await reactor.run();
}

if (import.meta.main) await main(Number(process.argv[2] ?? 8000));
