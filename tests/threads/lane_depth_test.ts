/**
 * The adaptive depth of a pool's threads: the arithmetic of `LaneDepth`
 * (by hand), and the lane pool holding work back at the depth (real
 * workers, bounded).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  LaneDepth,
  MIN_SAMPLE_MS,
  MIN_SAMPLE_TASKS,
} from "../../threads/_lane_depth.ts";
import { lanePool } from "../../threads/lane_pool.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { gatherResults } from "../../defer/deferred_list.ts";
import type { Work } from "../../threads/interfaces.ts";
import { T, waitFor, within } from "./_pools.ts";

const now = {
  callFromThread: (f: (...a: unknown[]) => unknown, ...a: unknown[]) =>
    void f(...a),
};

describe("LaneDepth", () => {
  it("starts at its floor and adapts only when its ceiling is higher", () => {
    assert.equal(new LaneDepth(16, 256).current, 16);
    assert.equal(new LaneDepth(16, 256).adapts, true);
    const fixed = new LaneDepth(16, 16);
    assert.equal(fixed.adapts, false);
    assert.equal(fixed.sample(100, 100_000), 16);
  });

  it("tiny tasks double the depth per sample at most, up to the ceiling", () => {
    const depth = new LaneDepth(16, 256, 1);
    // 1000 tasks in 10 ms of busy time: 10 µs each, 100 fit in 1 ms
    assert.equal(depth.sample(10, 1000), 32);
    assert.equal(depth.sample(20, 2000), 64);
    assert.equal(depth.sample(30, 3000), 100);
    // 1 µs each: the fit is 1000, the ceiling 256
    assert.equal(depth.sample(40, 13_000), 200);
    assert.equal(depth.sample(50, 23_000), 256);
    assert.equal(depth.sample(60, 33_000), 256);
  });

  it("tasks of a millisecond or more keep the floor", () => {
    const depth = new LaneDepth(4, 256, 1);
    assert.equal(depth.sample(400, 200), 4);
    assert.equal(depth.sample(800, 400), 4);
  });

  it("a sample too small in tasks or in busy time does not move it", () => {
    const depth = new LaneDepth(16, 256, 1);
    assert.equal(depth.sample(10, MIN_SAMPLE_TASKS - 1), 16);
    assert.equal(depth.sample(MIN_SAMPLE_MS - 0.5, 10_000), 16);
    // the small samples were not lost: together they are one sample
    assert.equal(depth.sample(MIN_SAMPLE_MS, 10_000), 32);
  });

  it("falls only when the fit is under half the depth, by half at most", () => {
    const depth = new LaneDepth(16, 256, 1);
    for (let i = 1; i <= 5; i++) depth.sample(10 * i, 100_000 * i);
    assert.equal(depth.current, 256);
    // fit 200: within a factor of two, it stays
    assert.equal(depth.sample(60, 502_000), 256);
    // fit 50: it halves
    assert.equal(depth.sample(70, 502_500), 128);
    // fit 20: to 64, then 32, where 20 is within a factor of two
    assert.equal(depth.sample(80, 502_700), 64);
    assert.equal(depth.sample(90, 502_900), 32);
    assert.equal(depth.sample(100, 503_100), 32);
    // fit 10: to 16, the floor
    assert.equal(depth.sample(110, 503_200), 16);
  });

  it("totals that go back restart the sample instead of moving it", () => {
    const depth = new LaneDepth(16, 256, 1);
    assert.equal(depth.sample(100, 100), 16);
    assert.equal(depth.sample(50, 10_000), 16); // a thread left the sums
    assert.equal(depth.sample(60, 11_000), 32); // 1000 in 10 ms from there
  });
});

describe("lane pool: fixed depth", () => {
  it("never gives a thread more than concurrency tasks, even when maxthreads drops below the busy threads", async () => {
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 4,
      concurrency: 1,
      reactor: now,
    });
    pool.start();
    try {
      const ds = Array.from(
        { length: 16 },
        () => deferToThreadPool(now, pool, T.overlap, 100),
      );
      await waitFor(
        () => pool.threads.filter((t) => t.inFlight === 1).length === 4,
        "four threads with a task each",
      );
      pool.adjustPoolsize(0, 1);
      const seen = await within(gatherResults(ds), "the 16 tasks");
      // each task saw itself alone in its worker (1 is Twisted's one task
      // per thread), before the drop and after it
      assert.deepEqual(seen, ds.map(() => 1));
      assert.equal(pool.workers, 1);
    } finally {
      await pool.stop();
    }
  });
});

describe("lane pool: adaptive depth", () => {
  it("holds back work at the depth: the rest waits in the pool as backlog", async () => {
    const pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      concurrency: 2,
      maxConcurrency: 64,
      reactor: now,
    });
    pool.start();
    try {
      const ds = Array.from(
        { length: 10 },
        (_, i) => deferToThreadPool(now, pool, T.later, i, 300),
      );
      assert.equal(pool.currentConcurrency, 2);
      assert.equal(pool.threads[0]!.inFlight, 2);
      assert.deepEqual(pool.statistics(), {
        idleWorkerCount: 0,
        busyWorkerCount: 2,
        backloggedWorkCount: 8,
      });
      // one held back is cancelled: it never reaches the worker
      let reason: unknown;
      ds[5]!.addErrback((f) => {
        reason = f.value;
      });
      ds[5]!.cancel();
      assert.equal((reason as Error).name, "CancelledError");
      assert.deepEqual(
        await gatherResults(ds.filter((_, i) => i !== 5)),
        [0, 1, 2, 3, 4, 6, 7, 8, 9],
      );
      assert.equal(pool.threads[0]!.inFlight, 0);
      assert.ok(pool.threads[0]!._finished() <= 9);
    } finally {
      await pool.stop();
    }
  });

  it("a pool stopped with tasks held back fails them and throws nothing", async () => {
    const pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      concurrency: 1,
      maxConcurrency: 8,
      stopTimeout: 0.2,
      reactor: now,
    });
    pool.start();
    // a worker that is up takes the first task at once; one still starting
    // when the stop ends it never began it (AlreadyQuit, not WorkerDied)
    assert.equal(
      await within(deferToThreadPool(now, pool, T.add, 1, 1), "warm-up"),
      2,
    );
    const ds = Array.from(
      { length: 3 },
      (_, i) => deferToThreadPool(now, pool, T.later, i, 5000),
    );
    assert.equal(pool.statistics().backloggedWorkCount, 2);
    const outcomes = ds.map((d) =>
      d.asPromise().then(() => "ok", (e: Error) => e.name)
    );
    await within(pool.stop(), "the bounded stop", 10000);
    assert.deepEqual(await Promise.all(outcomes), [
      "WorkerDied",
      "AlreadyQuit",
      "AlreadyQuit",
    ]);
    // the killed thread's tasks leaving must not hand it parked work
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(pool.threads[0]!.inFlight, 0);
  });

  it("lets a thread hold more than the floor while tasks prove short, never more than the ceiling", async () => {
    let most = 0;
    class Watched extends ThreadWorker {
      override do(work: Work): void {
        super.do(work);
        most = Math.max(most, this.inFlight);
      }
    }
    const threads: ThreadWorker[] = [];
    let limit = 1;
    // a budget no task fits in: every sample doubles the depth
    const lanes = lanePool(
      () => limit,
      () => {
        const t = new Watched();
        threads.push(t);
        return t;
      },
      1,
      8,
      new LaneDepth(1, 8, 1e9),
    );
    const pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      reactor: now,
      pool: () => lanes.team,
    });
    pool.start();
    try {
      const n = 4000;
      const ds = Array.from(
        { length: n },
        (_, i) => deferToThreadPool(now, pool, T.add, i, 1),
      );
      const results = await gatherResults(ds);
      assert.deepEqual(results, Array.from({ length: n }, (_, i) => i + 1));
      assert.equal(lanes.lanesPerThread(), 8);
      assert.ok(most > 1, `a thread held ${most} at most`);
      assert.ok(most <= 8, `a thread held ${most} at most`);
      assert.equal(lanes.parkedCount(), 0);
    } finally {
      limit = 0;
      await pool.stop();
      await waitFor(
        () => threads.every((t) => t.inFlight === 0),
        "the threads to drain",
      );
    }
  });
});
