import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { succeed } from "../../defer/succeed.ts";
import { setThreadPoolFactory } from "../../reactor/thread_pool_factory.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import type { Statistics } from "../../threads/team.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { VirtualTimeReactor } from "../../testing/virtual_time_reactor.ts";
import { T } from "../threads/_pools.ts";

describe("VirtualTimeReactor", () => {
  it("runs an hour of timed calls in time order without waiting", async () => {
    const reactor = new VirtualTimeReactor();
    const seen: number[] = [];
    for (const t of [3600, 60, 1800, 60.5]) {
      reactor.callLater(t, () => seen.push(reactor.seconds()));
    }
    reactor.callLater(3600, () => reactor.stop());
    const started = performance.now();
    await reactor.run();
    assert.deepEqual(seen, [60, 60.5, 1800, 3600]);
    assert.equal(reactor.clock.seconds(), 3600);
    assert.ok(performance.now() - started < 1000);
  });

  it("lets promise callbacks left by a pass run before time jumps, so what they schedule keeps its place", async () => {
    const reactor = new VirtualTimeReactor();
    const seen: string[] = [];
    const fired = new Deferred<void>();
    reactor.callLater(5, fired.callback, undefined);
    reactor.callLater(10, () => seen.push(`B at ${reactor.seconds()}`));
    reactor.callLater(20, () => reactor.stop());
    (async () => {
      await fired;
      // a few promise turns after the pass that fired it, still at 5 s
      await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      seen.push(`A at ${reactor.seconds()}`);
      reactor.callLater(1, () => seen.push(`C at ${reactor.seconds()}`));
    })();
    await reactor.run();
    assert.deepEqual(seen, ["A at 5", "C at 6", "B at 10"]);
  });

  it("sleeps while nothing is scheduled, says it is idle, and a call from outside wakes it", async () => {
    const reactor = new VirtualTimeReactor();
    assert.equal(reactor.idle, false, "not running yet");
    let idleMeanwhile: boolean | undefined;
    setTimeout(() => {
      idleMeanwhile = reactor.idle;
      reactor.callFromThread(() => reactor.stop());
    }, 20);
    await reactor.run();
    assert.equal(idleMeanwhile, true);
    assert.equal(reactor.idle, false, "stopped");
    assert.equal(reactor.running, false);
    assert.equal(reactor.clock.seconds(), 0);
  });

  it("holds virtual time while the reactor's thread pool has work", async () => {
    class Busy extends ThreadPool {
      busy = 1;
      override statistics(): Statistics {
        return {
          idleWorkerCount: 0,
          busyWorkerCount: this.busy,
          backloggedWorkCount: 0,
        };
      }
      override start(): void {}
      override stop(): Deferred<void> {
        return succeed(undefined);
      }
    }
    const pool = new Busy({ inProcess: true });
    const previous = setThreadPoolFactory(() => pool);
    try {
      const reactor = new VirtualTimeReactor();
      reactor.getThreadPool();
      reactor.callLater(10, () => reactor.stop());
      let timeWhileBusy: number | undefined;
      setTimeout(() => {
        timeWhileBusy = reactor.seconds();
        pool.busy = 0; // no callFromThread: the reactor looks again by itself
      }, 30);
      await reactor.run();
      assert.equal(timeWhileBusy, 0);
      assert.equal(reactor.seconds(), 10);
    } finally {
      setThreadPoolFactory(previous);
    }
  });

  it("lets a shutdown trigger's Deferred hold the reactor until it fires", async () => {
    const reactor = new VirtualTimeReactor();
    const events: string[] = [];
    const flushed = new Deferred<void>();
    reactor.addSystemEventTrigger("before", "shutdown", () => {
      events.push("before");
      setTimeout(() => {
        events.push("flushed");
        flushed.callback(undefined);
      }, 5);
      return flushed;
    });
    reactor.addSystemEventTrigger(
      "after",
      "shutdown",
      () => events.push("after"),
    );
    reactor.callLater(10, () => reactor.stop());
    await reactor.run();
    assert.deepEqual(events, ["before", "flushed", "after"]);
    assert.equal(reactor.clock.seconds(), 10);
  });

  it("runs timed calls a shutdown trigger waits on, on virtual time", async () => {
    const reactor = new VirtualTimeReactor();
    reactor.addSystemEventTrigger("before", "shutdown", () => {
      const drained = new Deferred<void>();
      reactor.callLater(30, drained.callback, undefined);
      return drained;
    });
    reactor.callLater(1, () => reactor.stop());
    await reactor.run();
    assert.equal(reactor.seconds(), 31);
  });

  it("with inProcessThreads, runs the reactor's pool on the main thread", async () => {
    const reactor = new VirtualTimeReactor({ inProcessThreads: true });
    const pool = reactor.getThreadPool();
    assert.ok(pool instanceof ThreadPool);
    assert.equal(pool.inProcess, true);
    assert.equal(reactor.getThreadPool(), pool, "one pool per reactor");
    let sum: number | undefined;
    reactor.callWhenRunning(() => {
      deferToThreadPool(reactor, pool, T.add, 2, 3).addCallback((n) => {
        sum = n;
        reactor.callLater(60, () => reactor.stop());
      });
    });
    await reactor.run();
    assert.equal(sum, 5);
    assert.equal(reactor.seconds(), 60);
    assert.equal(pool.started, false, "stopped at shutdown");
  });

  it("leaves the registered thread pool factory as it was", async () => {
    const mine = () => {
      throw new Error("not called");
    };
    const previous = setThreadPoolFactory(mine);
    const reactor = new VirtualTimeReactor({ inProcessThreads: true });
    try {
      reactor.getThreadPool();
      assert.equal(setThreadPoolFactory(mine), mine);
    } finally {
      setThreadPoolFactory(previous);
    }
    reactor.callWhenRunning(() => reactor.stop());
    await reactor.run();
  });

  it("does nothing on doIteration while not running: time stays put", async () => {
    const reactor = new VirtualTimeReactor();
    const call = reactor.callLater(5, () => {});
    reactor.doIteration(5);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(reactor.seconds(), 0);
    call.cancel(); // nothing left for a run() that never comes
  });
});
