/**
 * The shared-memory ring on real workers: tasks and outcomes that fit go
 * through it, the rest by message, and a caller cannot tell the two apart —
 * same values, same order, same guarantees when a worker ends.
 *
 * @module
 */
import { describe, it } from "node:test";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import type { Deferred } from "../../defer/deferred.ts";
import { gatherResults } from "../../defer/deferred_list.ts";
import { Job } from "../../threads/_job.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";
import { WorkerDied } from "../../threads/errors.ts";
import type { Failure } from "../../defer/failure.ts";
import {
  FakeReactor,
  now,
  outcome,
  T,
  waitFor,
  waking,
  within,
} from "./_pools.ts";

/**
 * Runs `fixtures/spin_child.ts` in `mode` in a subprocess (30 s at most),
 * asserts that it ended by itself with status 0, and returns what it printed.
 */
function spinChild(mode: string): string {
  const child = fileURLToPath(
    new URL("./fixtures/spin_child.ts", import.meta.url),
  );
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const run = spawnSync(
    process.execPath,
    isDeno ? ["run", "--no-check", "-A", child, mode] : [child, mode],
    { encoding: "utf8", timeout: 30000 },
  );
  assert.equal(run.signal, null, `the main thread hung: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function pool(
  options: { sharedMemory?: boolean; spinMicros?: number } = {},
) {
  const p = new ThreadPool({
    minthreads: 1,
    maxthreads: 1,
    reactor: now,
    name: `ring-${options.sharedMemory ?? true}-${options.spinMicros ?? 0}`,
    ...options,
  });
  p.start();
  return p;
}

async function stopped<T>(p: ThreadPool, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await within(p.stop(), "the pool to stop");
  }
}

/** Asserts that `d` fails with a `TypeError` whose message matches. */
async function failsWithTypeError(
  d: Deferred<unknown>,
  message: RegExp,
  ring: boolean,
): Promise<void> {
  const [ok, failure] = await outcome(d);
  assert.equal(ok, false, `it failed (sharedMemory ${ring})`);
  const reason = failure as Failure;
  assert.equal(reason.type, TypeError, reason.getErrorMessage());
  assert.match(reason.getErrorMessage(), message);
}

const VALUES: unknown[] = [
  0,
  -0,
  7,
  2 ** 40,
  0.25,
  NaN,
  -Infinity,
  true,
  false,
  null,
  undefined,
  "",
  "short",
  "\ud83d\ude00 and a lone \udc00",
  "long ".repeat(500), // over the ring's string limit: by message
  new Uint8Array([1, 2, 3]),
  new Float64Array([Math.E, -0]),
  new BigInt64Array([-1n]),
  new Uint8Array(10_000), // over the ring's byte limit
  { an: "object" },
  [1, "two", null],
  new Map([[1, 2]]),
];

describe("the shared-memory ring", () => {
  it("gives the same outcomes as messages, value for value", async () => {
    const results: unknown[][] = [];
    for (const ring of [true, false]) {
      const p = pool({ sharedMemory: ring });
      results.push(
        await stopped(p, () =>
          within(
            gatherResults(
              VALUES.map((v) => deferToThreadPool(now, p, T.echo, v)),
            ),
            `echo with sharedMemory ${ring}`,
          )),
      );
    }
    assert.deepEqual(results[0], results[1]);
    assert.deepEqual(results[0], VALUES.map((v) => structuredClone(v)));
    assert.ok(Object.is(results[0]![1], -0), "-0 stays -0");
  });

  it("starts tasks in the order they were given, whichever path each takes", async () => {
    const p = pool();
    await stopped(p, async () => {
      const payloads = [1, { object: true }, "s", () => {}, null, [2]];
      const ds: Deferred<unknown>[] = [];
      for (let i = 0; i < 300; i++) {
        ds.push(
          deferToThreadPool(now, p, T.note, i, payloads[(i * 7) % 6]) as never,
        );
      }
      await within(gatherResults(ds), "the noted tasks");
      const seen = await within(deferToThreadPool(now, p, T.notes), "notes");
      assert.deepEqual(seen, Array.from({ length: 300 }, (_, i) => i));
    });
  });

  it("fails a task whose argument is a typed array over a detached buffer, as messages do, and runs the next", async () => {
    const detached = new Uint8Array(16);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    for (const ring of [true, false]) {
      const p = pool({ sharedMemory: ring });
      await stopped(p, async () => {
        // one turn: the second task would take the ring
        const first = deferToThreadPool(now, p, T.echo, 1);
        const bad = deferToThreadPool(now, p, T.echo, detached);
        await failsWithTypeError(bad, /could not be sent/, ring);
        assert.equal(await within(first, "the first task"), 1);
        assert.equal(
          await within(deferToThreadPool(now, p, T.add, 2, 3), "the next task"),
          5,
        );
      });
    }
  });

  it("fails only the task whose result is a typed array over a detached buffer: its worker and a task beside it live on", async () => {
    for (const ring of [true, false]) {
      const p = pool({ sharedMemory: ring });
      await stopped(p, async () => {
        await within(deferToThreadPool(now, p, T.echo, 0), "warm-up");
        const beside = deferToThreadPool(now, p, T.later, "slept", 200);
        const bad = deferToThreadPool(now, p, T.detachedArray);
        await failsWithTypeError(bad, /result could not be sent/, ring);
        assert.equal(await within(beside, "the task beside it"), "slept");
      });
    }
  });

  it("falls back to messages when the ring is full, in order", async () => {
    const p = pool();
    await stopped(p, async () => {
      // ~1 KiB words each: the ring holds about 60 of them at once
      const ds = Array.from(
        { length: 200 },
        (_, i) =>
          deferToThreadPool(now, p, T.echo, new Uint8Array(4000).fill(i)),
      );
      const got = await within(gatherResults(ds), "the big tasks");
      got.forEach((a, i) =>
        assert.equal((a as Uint8Array)[0], i & 0xff, `task ${i}`)
      );
    });
  });

  it("runs ring tasks sent right behind a lone task that took the message path, even when the worker reads that task before the ring", async () => {
    const p = pool();
    await stopped(p, async () => {
      // both functions defined on the worker, so no DEFINE goes with them
      await within(deferToThreadPool(now, p, T.add, 0, 0), "the warm-up");
      await within(deferToThreadPool(now, p, T.echo, 0), "the warm-up");
      const long = "long ".repeat(500); // too long for the ring
      const first = deferToThreadPool(now, p, T.echo, long); // sent at once
      // the worker takes the lone task before the ring below is published
      const until = performance.now() + 50;
      while (performance.now() < until) { /* the worker runs `first` */ }
      const behind = Array.from(
        { length: 10 },
        (_, i) => deferToThreadPool(now, p, T.add, i, 1),
      );
      assert.deepEqual(
        await within(gatherResults([first, ...behind]), "every task"),
        [long, ...Array.from({ length: 10 }, (_, i) => i + 1)],
      );
    });
  });

  it("delivers a task's proxy calls before its outcome, when the outcome takes the ring", async () => {
    const p = pool();
    await stopped(p, async () => {
      const events: string[] = [];
      const d = deferToThreadPool(
        now,
        p,
        T.callMany,
        (i: number) => events.push(`call ${i}`),
        3,
      );
      d.addCallback((n) => events.push(`result ${n}`));
      await within(d, "callMany");
      assert.deepEqual(events, ["call 0", "call 1", "call 2", "result 3"]);
    });
  });

  for (const wake of ["message", "atomics"] as const) {
    it(`answers lone round trips and bursts between them, each with its own result (wake by ${wake})`, async () => {
      const p = waking(wake, () => pool());
      await stopped(p, async () => {
        for (let round = 0; round < 300; round++) {
          // a lone task, awaited: the round trip's path
          assert.equal(
            await within(deferToThreadPool(now, p, T.add, round, 1), "add"),
            round + 1,
          );
          if (round % 30 !== 0) continue;
          // then a burst, ring and message tasks mixed
          const ds = Array.from(
            { length: 500 },
            (_, i) =>
              i % 50 === 0
                ? deferToThreadPool(now, p, T.echo, { i })
                : deferToThreadPool(now, p, T.add, round, i),
          );
          const got = await within(gatherResults(ds), "the burst");
          got.forEach((v, i) =>
            assert.deepEqual(v, i % 50 === 0 ? { i } : round + i, `task ${i}`)
          );
        }
      });
    });

    it(`takes the outcomes already in the ring when its worker is ended, rather than failing them (wake by ${wake})`, async () => {
      await killWithOutcomesInRing(wake);
    });
  }

  it("leaves no Atomics.waitAsync pending on this thread once a worker it slept on has ended", async () => {
    const original = Atomics.waitAsync;
    const pending = new Set<Promise<unknown>>();
    Atomics.waitAsync = ((...args: Parameters<typeof original>) => {
      const result = original(...args);
      if (result.async) {
        pending.add(result.value);
        result.value.then(() => pending.delete(result.value));
      }
      return result;
    }) as typeof original;
    let thread: ThreadWorker;
    try {
      thread = waking("atomics", () => new ThreadWorker({ name: "sleeper" }));
      const reactor = new FakeReactor();
      for (let i = 0; i < 3; i++) {
        const job = new Job(T.add, [i, 1], null, reactor, null);
        const done = new Promise((resolve) => job.onResult = resolve);
        thread._send(job);
        await within(done, "a task");
      }
    } finally {
      Atomics.waitAsync = original;
    }
    assert.ok(pending.size > 0, "this thread sleeps on the outcome ring");
    thread._kill("the test ends it");
    await waitFor(() => pending.size === 0, "the sleep to end");
    thread.quit();
    await within(thread.joined(), "the thread to end");
  });

  it("fails a task that was still running when its worker is ended, ring or not", async () => {
    const thread = new ThreadWorker({ name: "ring-kill-running" });
    const reactor = new FakeReactor();
    const job = new Job(T.spin, [60_000], null, reactor, null);
    const done = new Promise<[boolean, unknown]>((resolve) => {
      job.onResult = (ok, r) => resolve([ok, r]);
    });
    thread._send(job);
    await waitFor(() => thread.inFlight === 1, "the task sent");
    await new Promise((r) => setTimeout(r, 100)); // it is spinning now
    thread._kill("the test ends it");
    const [ok, failure] = await within(done, "the spinning task");
    assert.equal(ok, false);
    assert.ok((failure as Failure).check(WorkerDied), String(failure));
    thread.quit();
    await within(thread.joined(), "the thread to end");
  });

  it("answers with spinMicros set, and stops cleanly", async () => {
    const p = pool({ spinMicros: 200 });
    await stopped(p, async () => {
      for (let i = 0; i < 200; i++) {
        assert.equal(
          await within(deferToThreadPool(now, p, T.add, i, 1), "add"),
          i + 1,
        );
      }
      const many = await within(
        gatherResults(
          Array.from(
            { length: 2000 },
            (_, i) => deferToThreadPool(now, p, T.add, i, i),
          ),
        ),
        "a burst",
      );
      assert.equal(many[1999], 3998);
    });
  });

  it(
    "answers a task that came by message and one behind it in the ring while it spins",
    {
      timeout: 60000,
    },
    () => {
      assert.match(spinChild("message-then-ring"), /answered 50/);
    },
  );

  it(
    "leaves its spin when a worker's ring outcome waits for messages that never come",
    {
      timeout: 60000,
    },
    () => {
      assert.match(
        spinChild("ring-ahead"),
        /timer ran\nsettled: false WorkerDied/,
      );
    },
  );

  it("rejects a spinMicros that is not a number of microseconds from 0 to 10000", () => {
    for (const bad of [-1, 10_001, NaN, "5", null]) {
      assert.throws(
        () => new ThreadPool({ spinMicros: bad as number }),
        /spinMicros must be a number of microseconds from 0 to 10000/,
      );
    }
  });

  it("rejects a sharedMemory that is not true or false, naming the value", () => {
    for (const bad of ["yes", 1, null] as unknown[]) {
      assert.throws(
        () => new ThreadPool({ sharedMemory: bad as boolean }),
        (e: unknown) =>
          e instanceof TypeError &&
          /ThreadPool: sharedMemory must be true or false, got/.test(e.message),
      );
      assert.throws(
        () => new ThreadWorker({ name: "w", sharedMemory: bad as boolean }),
        /ThreadWorker: sharedMemory must be true or false/,
      );
    }
  });
});

/**
 * Ends a worker that has answered two tasks into the ring, before this
 * thread has read them: both outcomes still arrive.
 */
async function killWithOutcomesInRing(
  wake: "message" | "atomics",
): Promise<void> {
  const thread = waking(wake, () => new ThreadWorker({ name: "ring-kill" }));
  const reactor = new FakeReactor();
  const outcome = (job: Job) =>
    new Promise<[boolean, unknown]>((resolve) => {
      job.onResult = (ok, r) => resolve([ok, r]);
    });
  // warm: the module is defined on the worker, so the next task of it
  // takes the ring
  const warm = new Job(T.add, [1, 1], null, reactor, null);
  const warmed = outcome(warm);
  thread._send(warm);
  assert.deepEqual(await within(warmed, "the warm-up"), [true, 2]);
  // a lone task for an idle worker goes by message when the threads wake
  // each other by message (by ring when by notify); the one behind it in
  // the same turn takes the ring. Both outcomes take the ring: a typed
  // array is not answered by the worker's lone-task fast path (which
  // answers primitives by message)
  const lone = new Job(T.echo, [new Uint8Array([7])], null, reactor, null);
  const loneDone = outcome(lone);
  thread._send(lone);
  const quick = new Job(T.add, [2, 3], null, reactor, null);
  const quickDone = outcome(quick);
  thread._send(quick);
  await Promise.resolve(); // the turn's batch goes out
  // hold this thread until the worker has answered into the ring, so its
  // wake (message or notify) is still unheard when the worker is ended
  const until = performance.now() + 300;
  while (performance.now() < until) { /* the worker answers meanwhile */ }
  thread._kill("the test ends it");
  assert.deepEqual(await within(quickDone, "the quick task"), [true, 5]);
  assert.deepEqual(
    await within(loneDone, "the lone task"),
    [true, new Uint8Array([7])],
  );
  thread.quit();
  await within(thread.joined(), "the thread to end");
}
