/**
 * The servers the network benches measure (`net_bench.ts`), one per
 * process so that memory figures start clean: run by Deno or by Bun, it
 * listens on 127.0.0.1 port 0, prints `{"port": n}`, serves, prints what it
 * measured, and exits when its stdin closes.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/_net_server.ts IMPL MODE [N]
 * bun bench/_net_server.ts IMPL MODE [N]
 * ```
 *
 * IMPL: `raw` (the runtime's own API: `Deno.listen` with a read loop per
 * connection, or `Bun.listen` handlers), `node` (`node:net`), `protocol`
 * (ours: a `Protocol` writing back in `dataReceived`), `line` (ours: a
 * `LineReceiver` echoing each line with `sendLine`).
 *
 * MODE: `echo` (prints `{"cpuMicros"}`, the CPU used from the first
 * connection on, when its stdin closes); `bulk N` (send N bytes to the first client, 64 KiB writes
 * with back-pressure — ours through a streaming producer — then print
 * `{"idleRss", "peakRss"}` sampled every 10 ms); `hold N` (accept N
 * connections that stay idle, then print `{"acceptSeconds",
 * "rssPerConnection", "heapPerConnection"}` after a full GC).
 *
 * The raw Deno server reads into one buffer per connection of
 * `DENO_READ_START` bytes, as ours starts, so `hold` compares the
 * per-connection cost of the layers rather than a buffer size.
 *
 * @module
 */
import process from "node:process";
import { Reactor } from "../reactor/mod.ts";
import {
  Factory,
  type IPushProducer,
  LineReceiver,
  Protocol,
} from "../net/mod.ts";
import { DENO_READ_START } from "../net/_host.ts";
import { gc, memoryUsage } from "./_runtime.ts";

type Impl = "raw" | "node" | "protocol" | "line";
const [impl, mode, nText] = process.argv.slice(2) as [Impl, string, string?];
const N = Number(nText ?? 0);
const CHUNK = new Uint8Array(65536).fill(97);

function say(value: Record<string, number>): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/** Called once per accepted connection (for `hold`). */
let accepted = 0;
let firstAccept = 0;
let lastAccept = 0;
let cpuAtFirstAccept = 0;
function cpuMicros(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}
function onAccept(): void {
  if (accepted === 0) {
    firstAccept = performance.now();
    cpuAtFirstAccept = cpuMicros();
  }
  accepted++;
  lastAccept = performance.now();
}

// ---- raw servers ---------------------------------------------------------

interface DenoConn {
  read(b: Uint8Array): Promise<number | null>;
  write(b: Uint8Array): Promise<number>;
  close(): void;
}
interface DenoApi {
  listen(o: Record<string, unknown>): {
    addr: { port: number };
    accept(): Promise<DenoConn>;
  };
}
interface BunRaw {
  write(b: Uint8Array): number;
  data: { sent: number };
}
interface BunApi {
  listen(o: Record<string, unknown>): { port: number };
}
const G = globalThis as unknown as { Deno?: DenoApi; Bun?: BunApi };

function rawServer(): number {
  if (G.Bun !== undefined) {
    const drain = (s: BunRaw) => {
      // write until the kernel takes less than offered; drain resumes
      while (s.data.sent < N) {
        const n = s.write(
          CHUNK.subarray(0, Math.min(CHUNK.length, N - s.data.sent)),
        );
        if (n <= 0) return;
        s.data.sent += n;
        if (n < CHUNK.length) return;
      }
    };
    const server = G.Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        binaryType: "uint8array",
        open(s: BunRaw) {
          onAccept();
          s.data = { sent: 0 };
          if (mode === "bulk") drain(s);
        },
        data(s: BunRaw, d: Uint8Array) {
          if (mode === "echo") s.write(d);
        },
        drain(s: BunRaw) {
          if (mode === "bulk") drain(s);
        },
        close() {},
        error() {},
      },
    });
    return server.port;
  }
  const deno = G.Deno!;
  const listener = deno.listen({ hostname: "127.0.0.1", port: 0 });
  (async () => {
    for (;;) {
      const conn = await listener.accept();
      onAccept();
      (async () => {
        try {
          if (mode === "bulk") {
            let sent = 0;
            while (sent < N) sent += await conn.write(CHUNK);
            return;
          }
          const buf = new Uint8Array(DENO_READ_START);
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) break;
            let at = 0;
            while (at < n) at += await conn.write(buf.subarray(at, n));
          }
        } catch {
          // the client went away
        }
      })();
    }
  })();
  return listener.addr.port;
}

async function nodeServer(): Promise<number> {
  const net = await import("node:net");
  const server = net.createServer((s) => {
    onAccept();
    if (mode === "echo") s.on("data", (d: Uint8Array) => s.write(d));
    else if (mode === "bulk") {
      let sent = 0;
      const pump = () => {
        while (sent < N) {
          sent += CHUNK.length;
          if (!s.write(CHUNK)) return s.once("drain", pump);
        }
      };
      pump();
    }
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

// ---- ours ----------------------------------------------------------------

class Echo extends Protocol {
  override connectionMade(): void {
    onAccept();
    if (mode === "bulk") this.#send();
  }
  override dataReceived(data: Uint8Array): void {
    this.transport.write(data);
  }
  #send(): void {
    let sent = 0;
    let paused = false;
    const transport = this.transport;
    const producer: IPushProducer = {
      pauseProducing: () => void (paused = true),
      resumeProducing: () => {
        paused = false;
        pump();
      },
      stopProducing: () => void (paused = true),
    };
    const pump = () => {
      while (!paused && sent < N) {
        transport.write(CHUNK);
        sent += CHUNK.length;
      }
      if (sent >= N && !paused) {
        transport.unregisterProducer();
        transport.loseConnection();
      }
    };
    transport.registerProducer(producer, true);
    pump();
  }
}

class LineEcho extends LineReceiver {
  override connectionMade(): void {
    onAccept();
  }
  override lineReceived(line: Uint8Array): void {
    this.sendLine(line);
  }
}

function ourServer(protocol: new () => Protocol): number {
  const reactor = new Reactor({ installSignalHandlers: false });
  void reactor.run();
  const factory = Factory.forProtocol(protocol);
  factory.noisy = false;
  const port = reactor.listenTCP(0, factory, 1024, "127.0.0.1");
  return (port.getHost() as { port: number }).port;
}

// ---- measuring -------------------------------------------------------------

function memory(): { rss: number; heap: number } {
  const m = memoryUsage();
  return { rss: m.rss, heap: m.heapAndExternal };
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  gc();
  await new Promise((r) => setTimeout(r, 20));
  gc();
}

await settle();
const idle = memory();
const port = impl === "raw"
  ? rawServer()
  : impl === "node"
  ? await nodeServer()
  : ourServer(impl === "line" ? LineEcho : Echo);
say({ port });

if (mode === "bulk") {
  let peak = idle.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  // the transfer is over when the client has gone (the parent closes stdin)
  for await (const _ of process.stdin) { /* wait */ }
  clearInterval(sampler);
  say({ idleRss: idle.rss, peakRss: peak });
} else if (mode === "hold") {
  while (accepted < N) await new Promise((r) => setTimeout(r, 5));
  await settle();
  const held = memory();
  say({
    acceptSeconds: (lastAccept - firstAccept) / 1000,
    rssPerConnection: (held.rss - idle.rss) / N,
    heapPerConnection: (held.heap - idle.heap) / N,
  });
  for await (const _ of process.stdin) { /* wait */ }
} else {
  for await (const _ of process.stdin) { /* wait */ }
  // echo: the CPU this process used since the first client connected
  say({ cpuMicros: cpuMicros() - cpuAtFirstAccept });
}
process.exit(0);
