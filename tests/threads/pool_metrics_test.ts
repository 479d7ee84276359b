/**
 * A pool's metrics: every outcome counted where it belongs (deterministic,
 * memory workers and a Clock), timings and the trace hook when asked for,
 * `reset`, and the threads' utilization on a real worker.
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Clock } from "../../reactor/clock.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import type { TaskTrace } from "../../threads/pool_metrics.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { FakeReactor, PoolHelper, preload, T, within } from "./_pools.ts";

describe("ThreadPool.metrics", () => {
  beforeEach(preload);

  it("counts each outcome where it belongs: completed, failed, cancelled, timed out, refused", () => {
    const clock = new Clock();
    const reactor = new FakeReactor();
    const helper = new PoolHelper({
      minthreads: 0,
      maxthreads: 1,
      maxQueue: 3,
      clock,
      reactor,
    });
    const pool = helper.threadpool;
    const ok = deferToThreadPool(reactor, pool, T.add, 1, 1);
    const bad = deferToThreadPool(reactor, pool, T.raise, "no");
    const cancelled = deferToThreadPool(reactor, pool, T.add, 2, 2);
    deferToThreadPool(reactor, pool, T.add, 3, 3).addErrback(() => {}); // refused: full
    cancelled.cancel();
    cancelled.addErrback(() => {});
    const slow = threadTask<(a: number, b: number) => number>(
      T.add.moduleUrl,
      T.add.exportName,
      { timeout: 0.5 },
    );
    const timed = deferToThreadPool(reactor, pool, slow, 4, 4);
    timed.addErrback(() => {});
    clock.advance(1);
    pool.start();
    helper.settle();
    reactor.drain();
    ok.addErrback(() => {});
    bad.addErrback(() => {});
    const m = pool.metrics();
    assert.deepEqual(
      [m.submitted, m.completed, m.failed, m.cancelled, m.timedOut, m.refused],
      [4, 1, 1, 1, 1, 1],
    );
    assert.equal(m.pending, 0);
    assert.equal(m.queueWait, null, "timing is off by default");
    assert.equal(m.runTime, null);
  });

  it("times queue wait and run time with the metrics option, and starts afresh on reset", () => {
    const reactor = new FakeReactor();
    const helper = new PoolHelper({
      minthreads: 1,
      maxthreads: 1,
      metrics: true,
      reactor,
    });
    helper.threadpool.start();
    for (let i = 0; i < 3; i++) {
      deferToThreadPool(reactor, helper.threadpool, T.add, i, i);
    }
    helper.settle();
    reactor.drain();
    const m = helper.threadpool.metrics({ reset: true });
    assert.equal(m.completed, 3);
    assert.equal(m.queueWait?.count, 3);
    assert.equal(m.runTime?.count, 3);
    assert.ok(m.runTime!.max >= 0);
    const after = helper.threadpool.metrics();
    assert.equal(after.completed, 0);
    assert.equal(after.runTime?.count, 0);
  });

  it("calls the trace hook at start and end of each task, in order, and survives a hook that throws", () => {
    const reactor = new FakeReactor();
    const events: TaskTrace[] = [];
    const helper = new PoolHelper({
      minthreads: 1,
      maxthreads: 1,
      reactor,
      trace: (e) => {
        events.push(e);
        throw new Error("a broken hook");
      },
    });
    helper.threadpool.start();
    deferToThreadPool(reactor, helper.threadpool, T.add, 1, 2);
    helper.settle();
    reactor.drain();
    assert.deepEqual(events.map((e) => [e.type, e.task, e.outcome]), [
      ["start", T.add.key, undefined],
      ["end", T.add.key, "completed"],
    ]);
    assert.equal(events[0]!.id, events[1]!.id);
    assert.ok(events[1]!.at >= events[0]!.at);
    assert.equal(helper.threadpool.metrics().completed, 1);
  });

  it("rejects a trace hook that is not a function", () => {
    assert.throws(
      () => new ThreadPool({ trace: 3 as never }),
      {
        name: "TypeError",
        message: "ThreadPool: trace must be a function, got 3",
      },
    );
  });

  it("reports the share of time a real worker had a task in flight", async () => {
    const now = {
      callFromThread<A extends unknown[]>(fn: (...a: A) => unknown, ...a: A) {
        fn(...a);
      },
    };
    const pool = new ThreadPool({ minthreads: 1, maxthreads: 1, reactor: now });
    pool.start();
    try {
      await within(deferToThreadPool(now, pool, T.add, 0, 0), "warm-up");
      pool.metrics({ reset: true });
      await within(deferToThreadPool(now, pool, T.spin, 300), "the spin");
      const m = pool.metrics();
      assert.ok(
        m.utilization > 0.3 && m.utilization <= 1,
        `utilization ${m.utilization}`,
      );
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });
});
