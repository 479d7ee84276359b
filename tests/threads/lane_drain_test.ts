/**
 * Parked work and cancellation (real workers, bounded): a cancelled task
 * ends inside the call that hands it to a thread, and its lane takes the
 * next task from there, so handing out parked work re-enters itself.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import type { Deferred } from "../../defer/deferred.ts";
import { gatherResults } from "../../defer/deferred_list.ts";
import { CancelledError } from "../../defer/errors.ts";
import type { Failure } from "../../defer/failure.ts";
import { now, T, within } from "./_pools.ts";

describe("a pool whose parked tasks are cancelled", () => {
  it("settles every task, cancelled or not, and throws nothing", async () => {
    const pool = new ThreadPool({ minthreads: 2, maxthreads: 2 });
    pool.start();
    const cancelled: number[] = [];
    const answered: unknown[] = [];
    try {
      for (let round = 0; round < 40; round++) {
        const ds: Deferred<unknown>[] = [];
        for (let i = 0; i < 400; i++) {
          const d = deferToThreadPool(now, pool, T.later, i, 1);
          // most are cancelled while parked, some once a worker has them
          setTimeout(() => d.cancel(), 0);
          ds.push(
            d.addCallbacks(
              (v) => void answered.push(v),
              (f: Failure) => {
                f.trap(CancelledError);
                cancelled.push(i);
              },
            ),
          );
        }
        await within(gatherResults(ds), `round ${round} to settle`, 20_000);
      }
    } finally {
      await pool.stop();
    }
    assert.equal(cancelled.length + answered.length, 40 * 400);
    assert.ok(cancelled.length > 0, "no task was cancelled: nothing tested");
  });
});
