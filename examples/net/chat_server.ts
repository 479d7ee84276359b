/**
 * Twisted's chat server (`chat_server.py` beside this file, from "Writing
 * Servers" in Twisted's docs), line for line: a `LineReceiver` asks each
 * client for a name, then relays each line it sends to everyone else as
 * `<name> line`; the factory keeps the users by name.
 *
 * It listens on 127.0.0.1 on the port given as the first argument
 * (default 8123) and prints the port; talk to it with `nc 127.0.0.1 8123`.
 *
 * ```sh
 * deno run --allow-net examples/net/chat_server.ts
 * bun examples/net/chat_server.ts
 * ```
 *
 * @module
 */
import process from "node:process";
import { type Failure, reactor } from "../../mod.ts";
import { decode, Factory, LineReceiver } from "../../net/mod.ts";

/** One chat client: first its name, then its messages. */
export class Chat extends LineReceiver {
  name: string | undefined = undefined;
  state: "GETNAME" | "CHAT" = "GETNAME";

  constructor(readonly users: Map<string, Chat>) {
    super();
  }

  override connectionMade(): void {
    this.sendLine("What's your name?");
  }

  override connectionLost(_reason: Failure): void {
    if (this.name !== undefined && this.users.get(this.name) === this) {
      this.users.delete(this.name);
    }
  }

  override lineReceived(line: Uint8Array): void {
    if (this.state === "GETNAME") this.handle_GETNAME(decode(line));
    else this.handle_CHAT(decode(line));
  }

  handle_GETNAME(name: string): void {
    if (this.users.has(name)) {
      this.sendLine("Name taken, please choose another.");
      return;
    }
    this.sendLine(`Welcome, ${name}!`);
    this.name = name;
    this.users.set(name, this);
    this.state = "CHAT";
  }

  handle_CHAT(message: string): void {
    const line = `<${this.name}> ${message}`;
    for (const protocol of this.users.values()) {
      if (protocol !== this) protocol.sendLine(line);
    }
  }
}

/** Builds a `Chat` per connection, all sharing the users. */
export class ChatFactory extends Factory {
  /** Maps user names to Chat instances. */
  readonly users: Map<string, Chat> = new Map();

  override buildProtocol(): Chat {
    return new Chat(this.users);
  }
}

/** Listens and runs the reactor until it is stopped (Ctrl-C). */
export async function main(portNumber = 8123): Promise<void> {
  const port = reactor.listenTCP(
    portNumber,
    new ChatFactory(),
    50,
    "127.0.0.1",
  );
  console.log(`listening on ${port.getHost().port}`);
  await reactor.run();
}

if (import.meta.main) await main(Number(process.argv[2] ?? 8123));
