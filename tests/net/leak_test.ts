/**
 * Nothing leaks: 10,000 connections opened and closed over loopback leave
 * the process's open file descriptors (Linux: /proc/self/fd) and the
 * reactor's own count of ports, connections and attempts where they
 * started, and the JavaScript heap (after a full collection) within a
 * margin far below what 10,000 retained connections would keep.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { ClientFactory, Factory, Protocol } from "../../net/mod.ts";
import {
  NO_SOCKETS,
  openFileDescriptors,
  portOf,
  runningReactor,
  until,
  within,
} from "./_sockets.ts";

const CONNECTIONS = 10_000;
const AT_ONCE = 100;

/** A full collection where the host allows one (Bun always; Deno with --expose-gc). */
function collect(): boolean {
  const g = globalThis as {
    Bun?: { gc(force: boolean): void };
    gc?: () => void;
  };
  if (g.Bun !== undefined) {
    g.Bun.gc(true);
    return true;
  }
  if (typeof g.gc === "function") {
    g.gc();
    return true;
  }
  return false;
}

async function settledHeap(): Promise<number> {
  // let closed sockets' host resources go, then collect twice
  await new Promise((r) => setTimeout(r, 50));
  collect();
  await new Promise((r) => setTimeout(r, 10));
  collect();
  return process.memoryUsage().heapUsed;
}

describe("no leaks", () => {
  it(
    "opens and closes 10,000 connections; descriptors, the reactor's counts and the heap return to the start",
    {
      timeout: 240_000,
      skip: NO_SOCKETS,
    },
    async () => {
      const running = runningReactor();
      const { reactor } = running;
      try {
        // the server answers one byte and hangs up
        class Answer extends Protocol {
          override dataReceived(): void {
            this.transport.write("!");
            this.transport.loseConnection();
          }
        }
        const server = Factory.forProtocol(Answer);
        server.noisy = false;
        const port = reactor.listenTCP(0, server, 128, "127.0.0.1");
        const number = portOf(port);
        let done = 0;
        let failed = 0;
        class Ask extends Protocol {
          override connectionMade(): void {
            this.transport.write("?");
          }
        }
        const client = new (class extends ClientFactory {
          override clientConnectionLost(): void {
            done++;
          }
          override clientConnectionFailed(): void {
            failed++;
            done++;
          }
        })();
        client.noisy = false;
        client.protocol = Ask;
        const batch = async (n: number) => {
          const target = done + n;
          for (let i = 0; i < n; i++) {
            reactor.connectTCP("127.0.0.1", number, client);
          }
          await until(
            `${target} connections done`,
            () => done >= target,
            60_000,
          );
        };
        // warm up: lazily made host and engine structures
        for (let i = 0; i < 3; i++) await batch(AT_ONCE);
        const fdsBefore = await openFileDescriptors();
        const heapBefore = await settledHeap();
        const openBefore = running.open();
        const start = done;
        while (done - start < CONNECTIONS) await batch(AT_ONCE);
        assert.equal(failed, 0, "every connection succeeded");
        assert.deepEqual(running.open(), openBefore);
        assert.deepEqual(openBefore, {
          ports: 1,
          connections: 0,
          connecting: 0,
        });
        if (fdsBefore !== undefined) {
          // the host closes descriptors as it gets to them: wait, bounded
          await until(
            "file descriptors back to the start",
            () => {
              void openFileDescriptors().then((n) => fdsNow = n);
              return fdsNow !== undefined && fdsNow <= fdsBefore;
            },
            30_000,
          ).catch((e) => {
            throw new Error(`${e.message}: ${fdsBefore} before, ${fdsNow} now`);
          });
        }
        const heapAfter = await settledHeap();
        const grown = heapAfter - heapBefore;
        // one retained connection (transport, protocol, socket wrapper,
        // buffers) is well over 1 KiB: 10,000 of them would be > 10 MiB
        assert.ok(
          grown < 4 * 1024 * 1024,
          `heap grew by ${
            (grown / 1024 / 1024).toFixed(1)
          } MiB over ${CONNECTIONS} connections`,
        );
        await within("stop", port.stopListening());
        assert.equal(server.numPorts, 0);
      } finally {
        await running.stop();
      }
    },
  );
});

let fdsNow: number | undefined = undefined;
