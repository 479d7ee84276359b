/**
 * Networking over real loopback sockets: ours against the runtime's own
 * socket API (the baseline of each group) and `node:net`, on Deno and on
 * Bun; Twisted's epoll reactor runs the same echo in
 * `bench/twisted/net_bench.py`.
 *
 * Every server under test runs in a fresh process (`_net_server.ts`, on
 * the runtime measuring), and the load in another (`_net_load.ts`, always
 * Bun's raw client, the same for every server), so the server has a core
 * of its own and its memory figures start clean; this process only starts
 * them and reports what they measured, as metrics (the time of a bench
 * call here is meaningless). Each group is one bench whose calls are
 * rounds measuring every server once, in a rotating order, so that the
 * machine's load changes hit all of them alike; the first round is a
 * warm-up and is not reported; the figures are medians over the rounds
 * (5, and 9 for the 10,000 connections).
 *
 * Groups:
 * - echo: 64 clients each sending a 64-byte message (CRLF-terminated)
 *   and waiting for its echo, in a loop, for 1 s of warm-up then
 *   `ECHO_SECONDS`: ns per round trip (wall time ÷ round trips, all
 *   clients together), and the server's CPU time per round trip (what
 *   it costs, whoever else is using the machine). Ours: a `Protocol`
 *   writing back in `dataReceived`, and a `LineReceiver` echoing each
 *   line.
 * - bulk: 1 GiB sent by the server through one connection in 64 KiB
 *   writes with back-pressure (ours: a streaming producer on the
 *   transport): ns per MiB, and the server's peak RSS above idle.
 * - hold: 10,000 connections accepted and held idle: ns per accept
 *   (first to last accept) and RSS per connection after a full GC.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/run.ts bench/net_bench.ts
 * bun bench/run.ts bench/net_bench.ts
 * ```
 *
 * @module
 */
import process from "node:process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { metric, runtime } from "./_runtime.ts";

/** Seconds of measured ping-pong per echo run (after 1 s of warm-up). */
export const ECHO_SECONDS = 3;
/** Clients of the echo runs. */
export const ECHO_CLIENTS = 64;
/** Bytes per echo message. */
export const ECHO_SIZE = 64;
/** Bytes of a bulk run. */
export const BULK_BYTES = 1024 * 1024 * 1024;
/** Connections of a hold run. */
export const HOLD_CONNECTIONS = 10_000;

export const ECHO = "echo: 64 clients × 64 B ping-pong";
export const ECHO_CPU = "echo: server CPU per round trip";
export const BULK = "bulk: 1 GiB through one connection";
export const BULK_RSS = "bulk: server peak RSS above idle";
export const ACCEPT = "10,000 idle connections: accept";
export const HOLD_RSS = "10,000 idle connections: RSS per connection";

const RAW = runtime.name === "bun" ? "raw Bun.listen" : "raw Deno.listen";
const NAMES = {
  raw: `${RAW} (baseline)`,
  node: "node:net",
  protocol: "ours: Protocol",
  line: "ours: LineReceiver",
} as const;
type Impl = keyof typeof NAMES;

const HERE = new URL(".", import.meta.url);
const ROOT = fileURLToPath(new URL("..", HERE));
const BUN = process.env.BUN_BIN ??
  fileURLToPath(new URL("../node_modules/.bin/bun", HERE));

interface Child {
  /** The next JSON line the child prints. */
  next(): Promise<Record<string, number>>;
  /** Closes its stdin (the signal to finish) and waits for it to exit. */
  finish(): Promise<void>;
}

function start(cmd: string, args: string[]): Child {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  child.stdout!.on("data", (d: Uint8Array) => {
    buffered += new TextDecoder().decode(d);
    let i;
    while ((i = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => resolve())
  );
  return {
    next() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(JSON.parse(line));
      return Promise.race([
        new Promise<Record<string, number>>((resolve) =>
          waiting.push((l) => resolve(JSON.parse(l)))
        ),
        exited.then(() => {
          throw new Error(`${args.join(" ")} exited before printing`);
        }),
      ]);
    },
    async finish() {
      child.stdin!.end();
      await exited;
    },
  };
}

function server(impl: Impl, mode: string, n = 0): Child {
  const script = "bench/_net_server.ts";
  return runtime.name === "bun"
    ? start(process.execPath, [script, impl, mode, String(n)])
    : start(process.execPath, [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      script,
      impl,
      mode,
      String(n),
    ]);
}

function load(...args: (string | number)[]): Child {
  return start(BUN, ["bench/_net_load.ts", ...args.map(String)]);
}

/**
 * One echo run: ns per round trip (wall time), and the server's CPU time
 * per round trip (user + system, warm-up included).
 */
export async function echoRun(
  impl: Impl,
): Promise<{ nsPerRoundTrip: number; cpuNsPerRoundTrip: number }> {
  const s = server(impl, "echo");
  try {
    const { port } = await s.next();
    const l = load("echo", port!, ECHO_CLIENTS, ECHO_SIZE, ECHO_SECONDS, 1);
    const { roundTrips, seconds, allRoundTrips } = await l.next();
    await l.finish();
    const used = s.next();
    await s.finish();
    const { cpuMicros } = await used;
    return {
      nsPerRoundTrip: (seconds! * 1e9) / roundTrips!,
      cpuNsPerRoundTrip: (cpuMicros! * 1000) / allRoundTrips!,
    };
  } catch (e) {
    await s.finish();
    throw e;
  }
}

/** One bulk run: ns per MiB, and the peak RSS above idle. */
export async function bulkRun(
  impl: Impl,
): Promise<{ nsPerMiB: number; peakAbove: number }> {
  const s = server(impl, "bulk", BULK_BYTES);
  try {
    const { port } = await s.next();
    const l = load("sink", port!, BULK_BYTES);
    const { bytes, seconds } = await l.next();
    await l.finish();
    if (bytes! < BULK_BYTES) throw new Error(`only ${bytes} bytes arrived`);
    const finished = s.next();
    await s.finish();
    const { idleRss, peakRss } = await finished;
    return {
      nsPerMiB: (seconds! * 1e9) / (BULK_BYTES / 1048576),
      peakAbove: peakRss! - idleRss!,
    };
  } catch (e) {
    await s.finish();
    throw e;
  }
}

/** One hold run: ns per accept and RSS per connection. */
export async function holdRun(
  impl: Impl,
): Promise<{ nsPerAccept: number; rssPerConnection: number }> {
  const s = server(impl, "hold", HOLD_CONNECTIONS);
  try {
    const { port } = await s.next();
    const l = load("hold", port!, HOLD_CONNECTIONS, 64);
    await l.next();
    const { acceptSeconds, rssPerConnection } = await s.next();
    await l.finish();
    return {
      nsPerAccept: (acceptSeconds! * 1e9) / HOLD_CONNECTIONS,
      rssPerConnection: rssPerConnection!,
    };
  } finally {
    await s.finish();
  }
}

/**
 * Rounds per group, after one warm-up round (not reported); accepting
 * 10,000 connections gets more, as a run now and then stalls for a second
 * (a SYN retried by the load's kernel on the busy shared machine).
 */
export const ROUNDS = 5;
/** Rounds of the 10,000-connection group. */
export const HOLD_ROUNDS = 9;

/**
 * Registers one bench for `group` whose every call is a round: each of
 * `impls` measured once, in an order that rotates from round to round, so
 * that a change in the machine's load hits all of them alike (their
 * medians are compared). The first call is a warm-up round: `run` is told
 * so and reports nothing.
 */
function rounds<I extends Impl>(
  group: string,
  impls: readonly I[],
  run: (impl: I, warmUp: boolean) => Promise<void>,
  n = ROUNDS,
): void {
  let calls = 0;
  Deno.bench({
    group,
    name: `interleaved rounds: ${impls.map((i) => NAMES[i]).join(", ")}`,
    baseline: true,
    n,
    warmup: 0,
    async fn() {
      const round = calls++;
      for (let k = 0; k < impls.length; k++) {
        await run(impls[(round + k) % impls.length]!, round === 0);
      }
    },
  });
}

rounds(
  ECHO,
  ["raw", "node", "protocol", "line"] as const,
  async (impl, warmUp) => {
    const { nsPerRoundTrip, cpuNsPerRoundTrip } = await echoRun(impl);
    if (warmUp) return;
    metric(ECHO, NAMES[impl], nsPerRoundTrip, "ns");
    metric(ECHO_CPU, NAMES[impl], cpuNsPerRoundTrip, "ns");
  },
);

rounds(BULK, ["raw", "node", "protocol"] as const, async (impl, warmUp) => {
  const { nsPerMiB, peakAbove } = await bulkRun(impl);
  if (warmUp) return;
  metric(BULK, NAMES[impl], nsPerMiB, "ns");
  metric(BULK_RSS, NAMES[impl], peakAbove, "B");
});

rounds(ACCEPT, ["raw", "node", "protocol"] as const, async (impl, warmUp) => {
  const { nsPerAccept, rssPerConnection } = await holdRun(impl);
  if (warmUp) return;
  metric(ACCEPT, NAMES[impl], nsPerAccept, "ns");
  metric(HOLD_RSS, NAMES[impl], rssPerConnection, "B");
}, HOLD_ROUNDS);
