/**
 * A pool that shrinks when idle and grows under load (real workers,
 * bounded): the threads that ended are let go, not kept for ever, and
 * what they did still counts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { gatherResults } from "../../defer/deferred_list.ts";
import { now, T, waitFor, within } from "./_pools.ts";

describe("a pool whose threads end when idle", () => {
  it("lets go of each thread that ended, and keeps counting its busy time", async () => {
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 2,
      idleTimeout: 0.05,
      concurrency: 1,
      metrics: true,
    });
    pool.start();
    try {
      for (let cycle = 0; cycle < 4; cycle++) {
        const burst = Array.from(
          { length: 4 },
          (_, i) => deferToThreadPool(now, pool, T.later, i, 10),
        );
        assert.deepEqual(
          await within(gatherResults(burst), `burst ${cycle}`),
          [0, 1, 2, 3],
        );
        await waitFor(
          () => pool.workers === 0 && pool.threads.length === 0,
          `cycle ${cycle}'s threads to end and be let go (listed: ${pool.threads.length})`,
        );
      }
      const metrics = pool.metrics();
      assert.equal(metrics.completed, 16);
      assert.ok(metrics.utilization > 0, "the ended threads' work vanished");
    } finally {
      await pool.stop();
    }
  });

  it("keeps the threads that stop() ended listed", async () => {
    const pool = new ThreadPool({ minthreads: 1, maxthreads: 1 });
    pool.start();
    await within(deferToThreadPool(now, pool, T.add, 1, 2), "a task");
    await pool.stop();
    assert.equal(pool.threads.length, 1);
    assert.equal(pool.threads[0]!.alive, false);
  });
});
