/**
 * A finger server whose lookup blocks, run in a thread
 * (`finger_server.py` beside this file, from Twisted's finger tutorial
 * with `threads.deferToThread`), line for line: each client sends a user
 * name as a line, the lookup runs in the reactor's thread pool
 * (`deferToThread`), the answer is written and the connection closed; a
 * lookup that throws answers "Internal error in server".
 *
 * One difference, forced by JavaScript: the blocking function is named by
 * module URL and export (`threadTask`), since a function cannot be sent to
 * a Web Worker. (The net layer itself never imports threads; an
 * application may use both.)
 *
 * It listens on 127.0.0.1 on the port given as the first argument
 * (default 1079) and prints the port.
 *
 * ```sh
 * deno run --allow-net --allow-read examples/net/finger_server.ts
 * bun examples/net/finger_server.ts
 * ```
 *
 * @module
 */
import process from "node:process";
import {
  type Deferred,
  deferToThread,
  reactor,
  threadTask,
} from "../../mod.ts";
import { decode, LineReceiver, ServerFactory } from "../../net/mod.ts";

/** The built-in users. */
export const USERS: Record<string, string> = {
  moshez: "Happy and well",
  glyph: "Out to lunch",
};

/** `lookup` in `finger_lookup.ts`, as a task a pool thread can run. */
export const lookup = threadTask<
  typeof import("./finger_lookup.ts").lookup
>(new URL("./finger_lookup.ts", import.meta.url), "lookup");

/** One finger query: a user name in, an answer out, then hang up. */
export class FingerProtocol extends LineReceiver {
  declare factory: FingerFactory;

  override lineReceived(user: Uint8Array): void {
    const d = this.factory.getUser(decode(user));
    d.addErrback(() => "Internal error in server");
    d.addCallback((message: string) => {
      this.transport.write(`${message}\r\n`);
      this.transport.loseConnection();
    });
  }
}

/** Knows the users; looks them up in a thread. */
export class FingerFactory extends ServerFactory {
  override protocol = FingerProtocol;

  constructor(readonly users: Record<string, string>) {
    super();
  }

  /** The user's answer, from the blocking lookup run in the thread pool. */
  getUser(user: string): Deferred<string> {
    return deferToThread(lookup, this.users, user);
  }
}

/** Listens and runs the reactor until it is stopped (Ctrl-C). */
export async function main(portNumber = 1079): Promise<void> {
  const port = reactor.listenTCP(
    portNumber,
    new FingerFactory(USERS),
    50,
    "127.0.0.1",
  );
  console.log(`listening on ${port.getHost().port}`);
  await reactor.run();
}

if (import.meta.main) await main(Number(process.argv[2] ?? 1079));
