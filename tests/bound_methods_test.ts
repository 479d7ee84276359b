/**
 * Twisted code passes bound methods around (`reactor.callLater(4,
 * reactor.stop)`); the methods its idioms pass work unbound here too.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, DeferredQueue } from "../defer/mod.ts";
import { Clock, LoopingCall, Reactor } from "../reactor/mod.ts";
import { ThreadPool } from "../threads/mod.ts";

describe("methods that Twisted idioms pass as functions", () => {
  it("stops a reactor through reactor.stop passed to callLater", async () => {
    const r = new Reactor({ installSignalHandlers: false });
    let shutDown = false;
    r.addSystemEventTrigger("after", "shutdown", () => (shutDown = true));
    r.callWhenRunning(() => r.callLater(0, r.stop));
    // if stop were unbound the loop would run on: crash it after a while
    const guard = setTimeout(() => r.crash(), 2000);
    await r.run();
    clearTimeout(guard);
    assert.equal(shutDown, true);
  });

  it("crashes a reactor through reactor.crash passed to callWhenRunning", async () => {
    const r = new Reactor({ installSignalHandlers: false });
    r.callWhenRunning(r.crash);
    await r.run();
    assert.equal(r.running, false);
  });

  it("stops a LoopingCall through loop.stop passed to callLater", () => {
    const clock = new Clock();
    let calls = 0;
    const loop = new LoopingCall(() => calls++);
    loop.clock = clock;
    let stoppedWith: unknown;
    loop.start(1).addCallback((l) => (stoppedWith = l));
    clock.callLater(2.5, loop.stop);
    clock.pump([1, 1, 1, 1]);
    assert.equal(calls, 3);
    assert.equal(stoppedWith, loop);
  });

  it("fills a DeferredQueue through queue.put passed to addCallback", () => {
    const queue = new DeferredQueue<number>();
    const d = new Deferred<number>();
    d.addCallback(queue.put);
    d.callback(7);
    assert.deepEqual(queue.pending, [7]);
  });

  it("starts and stops a ThreadPool through pool.start and pool.stop passed as functions", async () => {
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 1,
      inProcess: true,
    });
    const start = pool.start;
    const stop = pool.stop;
    start();
    assert.equal(pool.started, true);
    await stop();
    assert.equal(pool.started, false);
  });
});
