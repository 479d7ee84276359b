/**
 * The fixed load for the network benches (`net_bench.ts`): a separate
 * process, always run by Bun with its raw socket API (the cheapest client
 * here), so every server — raw Deno, raw Bun, `node:net`, ours on either
 * runtime, Twisted — is measured against the same clients, on the other
 * core. It prints one JSON line with what it measured.
 *
 * ```sh
 * bun bench/_net_load.ts echo PORT CLIENTS SIZE SECONDS WARMUP
 *   # CLIENTS connections each sending SIZE-byte messages (ending in CRLF,
 *   # so a LineReceiver can echo them) and waiting for the echo, for
 *   # WARMUP then SECONDS seconds: {"roundTrips": n, "seconds": s,
 *   # "allRoundTrips": n (warm-up included)}
 * bun bench/_net_load.ts sink PORT BYTES
 *   # one connection reading BYTES bytes: {"bytes": n, "seconds": s}
 *   # (from the first byte to the last)
 * bun bench/_net_load.ts hold PORT COUNT CONCURRENCY
 *   # opens COUNT connections, at most CONCURRENCY connecting at once, and
 *   # prints {"connected": n, "seconds": s} once all are up; closes them
 *   # when its stdin closes
 * ```
 *
 * @module
 */

interface BunSocket {
  write(data: Uint8Array): number;
  end(): void;
  data: { got: number; t0?: number };
}
interface BunApi {
  connect(options: Record<string, unknown>): Promise<BunSocket>;
}

const bun = (globalThis as unknown as { Bun?: BunApi }).Bun;
if (bun === undefined) throw new Error("_net_load.ts runs under Bun");

const [mode = "", ...rest] = (globalThis as unknown as {
  process: { argv: string[] };
}).process.argv.slice(2);
const args = rest.map(Number);

function print(result: Record<string, number>): void {
  console.log(JSON.stringify(result));
}

async function echo(
  port: number,
  clients: number,
  size: number,
  seconds: number,
  warmup: number,
): Promise<void> {
  const message = new Uint8Array(size).fill(120);
  message[size - 2] = 13;
  message[size - 1] = 10;
  let counting = false;
  let roundTrips = 0;
  let all = 0;
  let stopped = false;
  const sockets: BunSocket[] = [];
  const handlers = {
    binaryType: "uint8array",
    data(s: BunSocket, d: Uint8Array) {
      s.data.got += d.length;
      while (s.data.got >= size) {
        s.data.got -= size;
        if (counting) roundTrips++;
        all++;
        if (!stopped) s.write(message);
      }
    },
    open() {},
    close() {},
    error() {},
  };
  for (let i = 0; i < clients; i++) {
    sockets.push(
      await bun!.connect({
        hostname: "127.0.0.1",
        port,
        socket: handlers,
        data: { got: 0 },
      }),
    );
  }
  for (const s of sockets) s.write(message);
  await new Promise((r) => setTimeout(r, warmup * 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - t0) / 1000;
  stopped = true;
  print({ roundTrips, seconds: elapsed, allRoundTrips: all });
  for (const s of sockets) s.end();
}

async function sink(port: number, bytes: number): Promise<void> {
  let got = 0;
  let t0 = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => done = r);
  await bun!.connect({
    hostname: "127.0.0.1",
    port,
    data: { got: 0 },
    socket: {
      binaryType: "uint8array",
      data(_s: BunSocket, d: Uint8Array) {
        if (got === 0) t0 = performance.now();
        got += d.length;
        if (got >= bytes) done();
      },
      open() {},
      close() {
        done();
      },
      error() {},
    },
  });
  await finished;
  print({ bytes: got, seconds: (performance.now() - t0) / 1000 });
}

async function hold(
  port: number,
  count: number,
  concurrency: number,
): Promise<void> {
  const sockets: BunSocket[] = [];
  const handlers = {
    binaryType: "uint8array",
    data() {},
    open() {},
    close() {},
    error() {},
  };
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      sockets.push(
        await bun!.connect({
          hostname: "127.0.0.1",
          port,
          socket: handlers,
          data: { got: 0 },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  print({
    connected: sockets.length,
    seconds: (performance.now() - t0) / 1000,
  });
  // hold until the parent closes stdin
  for await (
    const _ of (globalThis as unknown as {
      process: { stdin: AsyncIterable<unknown> };
    }).process.stdin
  ) { /* drain */ }
  for (const s of sockets) s.end();
}

if (mode === "echo") {
  await echo(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!);
} else if (mode === "sink") await sink(args[0]!, args[1]!);
else if (mode === "hold") await hold(args[0]!, args[1]!, args[2]!);
else throw new Error(`_net_load.ts: unknown mode ${JSON.stringify(mode)}`);
(globalThis as unknown as { process: { exit(code: number): never } }).process
  .exit(0);
