/**
 * A pool's threads after its limits change: lanes outlive a burst or a
 * shrink, but `minthreads` and the first `maxthreads` concurrent tasks
 * count *threads*, as in Twisted, where each Team worker is a thread.
 * In-process threads where only the count matters; real Workers (bounded)
 * where which thread holds a task is the subject (an in-process thread
 * holds none: it runs each task at once).
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { gatherResults } from "../../defer/deferred_list.ts";
import { now, preload, T, within } from "./_pools.ts";

function inProcessPool(min: number, max: number): ThreadPool {
  return new ThreadPool({ minthreads: min, maxthreads: max, inProcess: true });
}

/** 40 short tasks at once: they leave more lanes than threads, idle. */
async function burst(pool: ThreadPool): Promise<void> {
  const tasks = Array.from(
    { length: 40 },
    (_, i) => deferToThreadPool(now, pool, T.later, i, 1),
  );
  await within(gatherResults(tasks), "the burst");
}

describe("a pool whose limits change after it had more lanes than threads", () => {
  beforeEach(preload);

  it("raising the minimum again after a shrink starts that many threads", async () => {
    const pool = inProcessPool(1, 6);
    pool.start();
    try {
      pool.adjustPoolsize(4, 6);
      pool.adjustPoolsize(0, 2);
      assert.equal(pool.workers, 2);
      assert.equal(pool.statistics().idleWorkerCount, 4, "idle lanes remain");
      pool.adjustPoolsize(4, 6);
      assert.equal(pool.workers, 4);
    } finally {
      await pool.stop();
    }
  });

  it("raising the maximum after a burst gives each new concurrent task its own thread", async () => {
    const pool = new ThreadPool({ minthreads: 0, maxthreads: 2 });
    pool.start();
    try {
      await burst(pool);
      assert.equal(pool.workers, 2);
      assert.ok(
        pool.statistics().idleWorkerCount > 4,
        "the burst left no idle lanes: nothing tested",
      );
      pool.adjustPoolsize(0, 4);
      const four = Array.from(
        { length: 4 },
        (_, i) => deferToThreadPool(now, pool, T.later, i, 50),
      );
      assert.equal(pool.workers, 4);
      const accepting = pool.threads.filter((t) => t.accepting);
      assert.deepEqual(accepting.map((t) => t.inFlight), [1, 1, 1, 1]);
      assert.deepEqual(
        await within(gatherResults(four), "the four"),
        [0, 1, 2, 3],
      );
    } finally {
      await pool.stop();
    }
  });

  it("raising the minimum after a burst starts that many threads at once", async () => {
    const pool = inProcessPool(0, 2);
    pool.start();
    try {
      await burst(pool);
      assert.equal(pool.workers, 2);
      pool.adjustPoolsize(4, 4);
      assert.equal(pool.workers, 4);
    } finally {
      await pool.stop();
    }
  });
});
