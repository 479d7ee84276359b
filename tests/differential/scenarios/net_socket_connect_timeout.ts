/** A connect that never completes (the server's accept queue is full, so the kernel drops the SYN) fails after its timeout with TimeoutError; startedConnecting first, the factory stopped after. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Failure } from "../../../mod.ts";
import { ClientFactory, type IConnector } from "../../../net/mod.ts";
import { newReactor, run } from "./_sockets.ts";
import { emit, kind } from "../trace.ts";

/** The same listener as the Python side's, made by a Python helper. */
async function fullQueue(): Promise<{ port: number; stop(): void }> {
  const peer = fileURLToPath(new URL("../../net/_peer.py", import.meta.url));
  const child = spawn("/usr/bin/python3", [peer, "backlog"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once(
      "data",
      (d: Uint8Array) => resolve(Number(new TextDecoder().decode(d).trim())),
    )
  );
  return {
    port,
    stop: () => {
      child.stdin!.end();
      child.kill();
    },
  };
}

export async function main() {
  const server = await fullQueue();
  const reactor = newReactor();
  const events: unknown[] = [];

  class Clients extends ClientFactory {
    override noisy = false;
    override startedConnecting() {
      events.push("startedConnecting");
    }
    override clientConnectionFailed(connector: IConnector, reason: Failure) {
      events.push([
        "clientConnectionFailed",
        kind(reason),
        (connector as unknown as { state: string }).state,
      ]);
      reactor.callLater(0, reactor.stop);
    }
    override stopFactory() {
      events.push("stopFactory");
    }
  }

  reactor.callWhenRunning(() =>
    reactor.connectTCP("127.0.0.1", server.port, new Clients(), 0.3)
  );
  await run(reactor);
  server.stop();
  emit("events", events);
}
