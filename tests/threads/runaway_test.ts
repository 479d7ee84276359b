/**
 * Work that does not end, on real workers, on both runtimes: a task stuck
 * in a synchronous loop is cancelled, times out, or holds up `stop()`;
 * a worker dies in the middle of a batch; workers are recycled after N
 * tasks or past a heap limit. Every Deferred settles, tasks queued behind
 * a stuck one run elsewhere, and the pool stops. Bounded in time.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, TimeoutError } from "../../defer/errors.ts";
import type { Failure } from "../../defer/failure.ts";
import type { Deferred } from "../../defer/deferred.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { WorkerDied } from "../../threads/errors.ts";
import {
  ThreadPool,
  type ThreadPoolOptions,
} from "../../threads/thread_pool.ts";
import {
  type TaskFunction,
  type ThreadTask,
  threadTask,
} from "../../threads/thread_task.ts";
import { capturingLog } from "../_log.ts";
import { now, outcome, T, waitFor, within } from "./_pools.ts";

/**
 * A started one-thread pool whose worker is up and has loaded the fixture
 * modules (so a task sent now starts at once, rather than after a load).
 */
async function onePool(
  options: ThreadPoolOptions = {},
  warm = true,
): Promise<ThreadPool> {
  const pool = new ThreadPool({
    minthreads: 1,
    maxthreads: 1,
    reactor: now,
    cancelGrace: 0.3,
    ...options,
  });
  pool.start();
  if (!warm) return pool;
  // The warm-up waits for the worker to start (on Deno: to type-check the
  // fixtures, seconds under load), so it must not inherit a short
  // taskTimeout meant for the task under test.
  const patient = { timeout: Infinity };
  await within(
    Promise.all([
      deferToThreadPool(now, pool, unbounded(T.add, patient), 0, 0),
      deferToThreadPool(now, pool, unbounded(T.retain, patient), 0),
    ]),
    "the worker to warm up",
  );
  return pool;
}

/** The same task, with its own timeout in place of the pool's. */
function unbounded<F extends TaskFunction>(
  task: ThreadTask<F>,
  options: { timeout: number },
): ThreadTask<F> {
  return threadTask<F>(task.moduleUrl, task.exportName, options);
}

/** The CPU time this process has used, in seconds (Linux), else undefined. */
async function processCpuSeconds(): Promise<number | undefined> {
  try {
    const { readFileSync } = await import("node:fs");
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime
  } catch {
    return undefined;
  }
}

function failureOf(result: [boolean, unknown]): Failure {
  assert.equal(result[0], false, `expected a failure, got ${result[1]}`);
  return result[1] as Failure;
}

describe("a task that never returns", () => {
  it("is ended once cancelled and past the grace period; the tasks queued behind it run on a new worker", async () => {
    const pool = await onePool({ name: "runaway" });
    try {
      const runaway = deferToThreadPool(now, pool, T.spinForever);
      await new Promise((r) => setTimeout(r, 50)); // it is spinning now
      const behind = [
        deferToThreadPool(now, pool, T.add, 1, 2),
        deferToThreadPool(now, pool, T.add, 3, 4),
      ];
      await waitFor(() => pool.threads[0]?.inFlight === 3, "all three sent");
      runaway.cancel();
      assert.ok(failureOf(await outcome(runaway)).check(CancelledError));
      const { result } = await capturingLog(() =>
        Promise.all(behind.map((d) => outcome(d)))
      );
      assert.deepEqual(result, [[true, 3], [true, 7]]);
      assert.equal(pool.threads[0]!.restarts, 1, "one new worker");
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.add, 5, 5)),
        [true, 10],
      );
    } finally {
      await within(pool.stop(), "the pool to stop", 15000);
    }
  });

  it("takes with it the tasks queued behind it that were cancelled or timed out: the new worker never starts them", async () => {
    const pool = await onePool({ name: "runaway-behind" });
    try {
      const runaway = deferToThreadPool(now, pool, T.spinForever);
      await new Promise((r) => setTimeout(r, 50)); // it is spinning now
      const cancelled = deferToThreadPool(now, pool, T.note, 1, null);
      const timedOut = deferToThreadPool(
        now,
        pool,
        unbounded(T.note, { timeout: 0.05 }),
        2,
        null,
      );
      const kept = deferToThreadPool(now, pool, T.note, 3, null);
      await waitFor(() => pool.threads[0]?.inFlight === 4, "all four sent");
      cancelled.cancel();
      assert.ok(failureOf(await outcome(timedOut)).check(TimeoutError));
      runaway.cancel();
      assert.ok(failureOf(await outcome(runaway)).check(CancelledError));
      assert.ok(failureOf(await outcome(cancelled)).check(CancelledError));
      assert.deepEqual(await outcome(kept), [true, 3]);
      assert.equal(pool.threads[0]!.restarts, 1, "one new worker");
      // the new worker's record of what it ran
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.notes)),
        [true, [3]],
      );
      assert.equal(pool.threads[0]!.inFlight, 0);
    } finally {
      await within(pool.stop(), "the pool to stop", 15000);
    }
  });

  it("stops using the CPU once its worker is ended where canTerminate says so, and goes on using it where it says not", async (t) => {
    const cpu = await processCpuSeconds();
    if (cpu === undefined) return t.skip("no /proc/self/stat here");
    const pool = await onePool({ name: "runaway-cpu" });
    try {
      const runaway = deferToThreadPool(now, pool, T.spinForever);
      await new Promise((r) => setTimeout(r, 50)); // it is spinning now
      runaway.cancel();
      assert.ok(failureOf(await outcome(runaway)).check(CancelledError));
      // its worker is ended 0.3 s (cancelGrace) after the cancel
      await waitFor(() => pool.threads[0]!.inFlight === 0, "it is let go");
      await new Promise((r) => setTimeout(r, 200));
      const before = (await processCpuSeconds())!;
      await new Promise((r) => setTimeout(r, 1000));
      const used = (await processCpuSeconds())! - before;
      if (pool.canTerminate) {
        assert.ok(used < 0.3, `${used} s of CPU in the second after it`);
      } else {
        assert.ok(used > 0.3, `only ${used} s of CPU in the second after it`);
      }
    } finally {
      await within(pool.stop(), "the pool to stop", 15000);
    }
  });

  it("stops by itself when it yields to the event loop and watches taskSignal, so its worker is kept", async () => {
    const pool = await onePool({ name: "cooperative", cancelGrace: 30 });
    try {
      const sum = deferToThreadPool(now, pool, T.slowSum, 1e12);
      await new Promise((r) => setTimeout(r, 100));
      sum.cancel();
      assert.ok(failureOf(await outcome(sum)).check(CancelledError));
      await waitFor(
        () => pool.threads[0]!.inFlight === 0,
        "the task to stop by itself",
      );
      assert.equal(pool.threads[0]!.restarts, 0, "no worker was ended");
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });

  it("is not ended while it is still inside its grace period", async () => {
    const pool = await onePool({ name: "graceful", cancelGrace: 30 });
    try {
      const runaway = deferToThreadPool(now, pool, T.spin, 300);
      await waitFor(() => pool.threads[0]?.inFlight === 1, "the task sent");
      runaway.cancel();
      assert.ok(failureOf(await outcome(runaway)).check(CancelledError));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(pool.threads[0]!.restarts, 0);
      assert.equal(pool.threads[0]!.inFlight, 0, "it finished by itself");
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });

  it("times out with TimeoutError, by its own timeout, and is ended after the grace period", async () => {
    const pool = await onePool({ name: "timeouts" });
    const spinner = threadTask<() => never>(
      T.spinForever.moduleUrl,
      T.spinForever.exportName,
      { timeout: 0.2 },
    );
    try {
      const begun = Date.now();
      const failure = failureOf(
        await outcome(deferToThreadPool(now, pool, spinner)),
      );
      assert.ok(failure.check(TimeoutError));
      assert.match(failure.getErrorMessage(), /timed out after 0\.2 seconds/);
      assert.ok(Date.now() - begun >= 150);
      await waitFor(
        () =>
          pool.threads[0]!.restarts === 0 && pool.threads[0]!.inFlight === 0,
        "the worker to be ended",
      );
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.add, 2, 2)),
        [true, 4],
      );
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });

  it("times out by the pool's taskTimeout when the task has none", async () => {
    const pool = await onePool({ name: "pool-timeout", taskTimeout: 0.2 });
    try {
      const failure = failureOf(
        await outcome(deferToThreadPool(now, pool, T.spinForever)),
      );
      assert.ok(failure.check(TimeoutError));
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });

  it("holds stop() up for at most stopTimeout, then fails with WorkerDied", async () => {
    const pool = await onePool({ name: "stuck-stop", stopTimeout: 0.3 });
    const runaway = deferToThreadPool(now, pool, T.spinForever);
    await waitFor(() => pool.threads[0]?.inFlight === 1, "the task sent");
    const begun = Date.now();
    await within(pool.stop(), "the bounded stop", 10000);
    assert.ok(Date.now() - begun >= 250, "stop waited for the bound");
    const failure = failureOf(await outcome(runaway));
    assert.ok(failure.check(WorkerDied));
    assert.match(
      failure.getErrorMessage(),
      /still running 0\.3 s after the pool's stop\(\)/,
    );
  });

  it("is ended at once when the Deferred of stop() is cancelled", async () => {
    const pool = await onePool({ name: "forced-stop", stopTimeout: 60 });
    const runaway = deferToThreadPool(now, pool, T.spinForever);
    await new Promise((r) => setTimeout(r, 50)); // it is spinning now
    const queued = deferToThreadPool(now, pool, T.add, 1, 1);
    await waitFor(() => pool.threads[0]?.inFlight === 2, "both sent");
    const stopping = pool.stop();
    stopping.cancel();
    assert.ok(failureOf(await outcome(runaway)).check(WorkerDied));
    const late = failureOf(await outcome(queued));
    assert.match(late.getErrorMessage(), /stopped before task .*#add started/);
    await within(pool.threads[0]!.joined(), "the thread to end");
  });
});

describe("a worker that dies in the middle of a batch", () => {
  it("fails the task that killed it and runs the ones queued behind it elsewhere", async () => {
    const pool = await onePool({ name: "mid-batch" });
    try {
      const { result } = await capturingLog(async () => {
        const slow = deferToThreadPool(now, pool, T.spin, 100);
        const killer = deferToThreadPool(now, pool, T.die, "exit");
        const behind = [1, 2, 3].map((i) =>
          deferToThreadPool(now, pool, T.add, i, 10)
        );
        return await Promise.all(
          [slow, killer, ...behind].map((d) => outcome(d as Deferred<unknown>)),
        );
      });
      assert.equal(result[0]![0], true, "the task before it finished");
      assert.ok(failureOf(result[1]!).check(WorkerDied));
      assert.deepEqual(result.slice(2), [[true, 11], [true, 12], [true, 13]]);
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });
});

describe("recycling workers", () => {
  it("replaces a worker after maxTasksPerWorker tasks", async () => {
    const pool = await onePool(
      { name: "recycle", maxTasksPerWorker: 3 },
      false,
    );
    try {
      const counts: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        const [ok, n] = await outcome(
          deferToThreadPool(now, pool, T.count, "recycle"),
        );
        assert.equal(ok, true);
        counts.push(n);
      }
      assert.deepEqual(counts, [1, 2, 3, 1, 2, 3, 1]);
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });

  it("replaces a worker whose heap is over heapLimitMb after a task", async () => {
    // past 24 MiB after the task, and under Node's hard limit (twice that)
    const pool = await onePool({ name: "heap", heapLimitMb: 24 });
    try {
      const [ok, arrays] = await outcome(
        deferToThreadPool(now, pool, T.retain, 32),
      );
      assert.equal(ok, true);
      assert.ok((arrays as number) > 1);
      await waitFor(
        () => pool.threads[0]!.inFlight === 0,
        "the greedy worker to be retired",
      );
      // a fresh worker: it holds nothing from before
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.retain, 0)),
        [true, 0],
      );
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });
});
