/**
 * The thread pool against raw `postMessage`, the native thing a user would
 * otherwise write (the baseline of each group):
 *
 * - `pool throughput 100k`: 100,000 trivial tasks (`a + b`) through two
 *   workers, all submitted at once, timed until the last result is back.
 *   Ours: `deferToThreadPool` on a 2-thread `ThreadPool`, every Deferred
 *   fired on a running `Reactor` through `callFromThread` (as Twisted's
 *   `deferToThread` is); `callInThreadWithCallback` without Deferreds;
 *   `concurrency: 1` (one task per thread at a time, Twisted's Team rule),
 *   which shows what batching many tasks in flight buys; and
 *   `concurrency: 128` (the default is 16), which shows how far deeper
 *   batches go. Baseline: two raw
 *   Workers, one message per task, all in flight. A metric reports tasks
 *   per second for `deferToThreadPool`.
 * - `round trip`: one task, awaited, then the next. Baseline: a raw
 *   `postMessage` ping-pong with one worker (the same arguments and
 *   result, an id to match them, a promise awaited). Two more lines take
 *   the round trip apart: `callInThreadWithCallback` with the result
 *   handed straight to the awaited promise (the thread pool alone), and
 *   `deferToThreadPool` with a `callFromThread` that runs at once (the
 *   pool and the Deferred, no reactor turn); the full line adds the
 *   reactor's turn. `messages only` is the pool without its shared-memory
 *   ring (`sharedMemory: false`), as before the ring existed; the
 *   `spinMicros` lines turn on the opt-in spin (the main thread polls the
 *   ring for the answer, the worker waits in `Atomics.wait` for the next
 *   task), with and without the reactor's turn.
 *
 * Pools and workers are made once, warmed by the runner's warm-up, and
 * left running (the runner's process ends after the last bench).
 *
 * ```sh
 * deno bench -A bench/threads_bench.ts
 * bun bench/run.ts bench/threads_bench.ts
 * ```
 *
 * @module
 */
import { Reactor } from "../reactor/mod.ts";
import { deferToThreadPool, ThreadPool, threadTask } from "../threads/mod.ts";
import { metric } from "./_runtime.ts";

const N = 100_000;
const THROUGHPUT = "pool throughput 100k";
const ROUND_TRIP = "round trip";

const add = threadTask<(a: number, b: number) => number>(
  new URL("./_threads_tasks.ts", import.meta.url),
  "add",
);

const reactor = new Reactor({ installSignalHandlers: false });
reactor.run();

/** Runs `callFromThread` calls as they come: no reactor turn. */
const immediately = {
  callFromThread(fn: (...args: never[]) => unknown, ...args: unknown[]) {
    (fn as (...args: unknown[]) => unknown)(...args);
  },
};

function startedPool(
  concurrency?: number,
  on: typeof immediately | Reactor = reactor,
  more: { spinMicros?: number; sharedMemory?: boolean } = {},
): ThreadPool {
  const pool = new ThreadPool({
    minthreads: 2,
    maxthreads: 2,
    name: `bench-${concurrency ?? "default"}${on === reactor ? "" : "-now"}${
      more.spinMicros ? `-spin${more.spinMicros}` : ""
    }${more.sharedMemory === false ? "-messages" : ""}`,
    reactor: on,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...more,
  });
  pool.start();
  return pool;
}

let pool: ThreadPool | undefined;
let atOnce: ThreadPool | undefined;
let onePerThread: ThreadPool | undefined;
let deep: ThreadPool | undefined;
let messagesOnly: ThreadPool | undefined;
let spinning: ThreadPool | undefined;
let spinningNow: ThreadPool | undefined;
/** The opt-in spin of the round-trip lines that use it, in µs. */
const SPIN = 500;

function check(what: string, got: unknown, want: unknown): void {
  if (got !== want) throw new Error(`${what}: got ${got}, want ${want}`);
}

/** `n` tasks through `deferToThreadPool`; resolves when all have fired. */
function throughDeferreds(p: ThreadPool, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = 0;
    let sum = 0;
    const got = (v: number) => {
      sum += v;
      if (++done === n) {
        try {
          check("sum", sum, n * (n - 1) / 2 + n);
          resolve();
        } catch (e) {
          reject(e);
        }
      }
    };
    for (let i = 0; i < n; i++) {
      deferToThreadPool(reactor, p, add, i, 1).addCallbacks(got, reject);
    }
  });
}

// ---- raw postMessage -------------------------------------------------------

const RAW = new URL("./_threads_raw_worker.ts", import.meta.url);
let raw: Worker[] | undefined;
const rawWaiting = new Map<number, (v: number) => void>();
let rawId = 0;

function rawWorkers(): Worker[] {
  if (raw === undefined) {
    raw = [0, 1].map(() => {
      const w = new Worker(RAW, { type: "module" });
      w.onmessage = (e: MessageEvent) => {
        const [id, v] = e.data as [number, number];
        const resolve = rawWaiting.get(id)!;
        rawWaiting.delete(id);
        resolve(v);
      };
      return w;
    });
  }
  return raw;
}

function rawCall(w: Worker, a: number, b: number): Promise<number> {
  const id = ++rawId;
  return new Promise((resolve) => {
    rawWaiting.set(id, resolve);
    w.postMessage([id, a, b]);
  });
}

// ---- throughput ------------------------------------------------------------

Deno.bench({
  name: "raw postMessage, 2 workers, one message per task",
  group: THROUGHPUT,
  baseline: true,
  n: 8,
  warmup: 2,
  async fn() {
    const ws = rawWorkers();
    let sum = 0;
    const all: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      all.push(
        rawCall(ws[i & 1]!, i, 1).then((v) => {
          sum += v;
        }),
      );
    }
    await Promise.all(all);
    check("sum", sum, N * (N - 1) / 2 + N);
  },
});

Deno.bench({
  name: "deferToThreadPool, 2-thread pool, Deferreds fired on the reactor",
  group: THROUGHPUT,
  n: 8,
  warmup: 2,
  async fn(b) {
    pool ??= startedPool();
    b.start();
    const t0 = performance.now();
    await throughDeferreds(pool, N);
    const ms = performance.now() - t0;
    b.end();
    metric(
      THROUGHPUT,
      "deferToThreadPool tasks per second",
      N / ms * 1000,
      "tasks/s",
    );
  },
});

Deno.bench({
  name: "ThreadPool.callInThreadWithCallback, 2-thread pool",
  group: THROUGHPUT,
  n: 8,
  warmup: 2,
  async fn() {
    const p = pool ??= startedPool();
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const onResult = (ok: boolean, v: unknown) => {
        if (!ok) reject(v);
        else if (++done === N) resolve();
      };
      for (let i = 0; i < N; i++) {
        p.callInThreadWithCallback(onResult, add, i, 1);
      }
    });
  },
});

Deno.bench({
  name: "deferToThreadPool, 2-thread pool, concurrency 1 (one task per thread)",
  group: THROUGHPUT,
  n: 3,
  warmup: 1,
  async fn() {
    onePerThread ??= startedPool(1);
    await throughDeferreds(onePerThread, N);
  },
});

Deno.bench({
  name: "deferToThreadPool, 2-thread pool, concurrency 128 (deeper batches)",
  group: THROUGHPUT,
  n: 8,
  warmup: 2,
  async fn() {
    deep ??= startedPool(128);
    await throughDeferreds(deep, N);
  },
});

// ---- round trip ------------------------------------------------------------

Deno.bench({
  name: "postMessage ping-pong, one worker",
  group: ROUND_TRIP,
  baseline: true,
  async fn() {
    check("ping", await rawCall(rawWorkers()[0]!, 1, 2), 3);
  },
});

Deno.bench({
  name: "deferToThreadPool round trip, 2-thread pool",
  group: ROUND_TRIP,
  async fn() {
    pool ??= startedPool();
    check("round trip", await deferToThreadPool(reactor, pool, add, 1, 2), 3);
  },
});

Deno.bench({
  name:
    "round trip, pool only: callInThreadWithCallback into a promise (no Deferred, no reactor)",
  group: ROUND_TRIP,
  async fn() {
    const p = atOnce ??= startedPool(undefined, immediately);
    const v = await new Promise((resolve, reject) =>
      p.callInThreadWithCallback(
        (ok, v) => ok ? resolve(v) : reject(v),
        add,
        1,
        2,
      )
    );
    check("round trip", v, 3);
  },
});

Deno.bench({
  name:
    "round trip, pool and Deferred: deferToThreadPool fired at once (no reactor turn)",
  group: ROUND_TRIP,
  async fn() {
    const p = atOnce ??= startedPool(undefined, immediately);
    check("round trip", await deferToThreadPool(immediately, p, add, 1, 2), 3);
  },
});

Deno.bench({
  name: "deferToThreadPool round trip, messages only (sharedMemory: false)",
  group: ROUND_TRIP,
  async fn() {
    messagesOnly ??= startedPool(undefined, reactor, { sharedMemory: false });
    check(
      "round trip",
      await deferToThreadPool(reactor, messagesOnly, add, 1, 2),
      3,
    );
  },
});

Deno.bench({
  name: `deferToThreadPool round trip, spinMicros ${SPIN} (opt-in spin)`,
  group: ROUND_TRIP,
  async fn() {
    spinning ??= startedPool(undefined, reactor, { spinMicros: SPIN });
    check(
      "round trip",
      await deferToThreadPool(reactor, spinning, add, 1, 2),
      3,
    );
  },
});

Deno.bench({
  name:
    `round trip, spinMicros ${SPIN}, pool and Deferred: deferToThreadPool fired at once (no reactor turn)`,
  group: ROUND_TRIP,
  async fn() {
    spinningNow ??= startedPool(undefined, immediately, { spinMicros: SPIN });
    check(
      "round trip",
      await deferToThreadPool(immediately, spinningNow, add, 1, 2),
      3,
    );
  },
});
