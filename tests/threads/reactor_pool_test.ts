/**
 * The reactor's thread pool (Twisted's `test_threads.py` ReactorThreadsTests
 * and DeferredResultTests in behaviour): importing the threads layer
 * registers the factory, so `getThreadPool`, `callInThread` and
 * `suggestThreadPoolSize` work; results come back through the reactor's
 * `callFromThread`; shutdown waits for the pool. Each test runs its own
 * `Reactor` (the global one cannot be restarted, and Bun runs every test
 * file in one process), on real Workers, bounded in time.
 */
import { availableParallelism } from "node:os";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import type { Failure } from "../../defer/failure.ts";
import { Reactor } from "../../reactor/reactor.ts";
import { getThreadPoolFactory } from "../../reactor/thread_pool_factory.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { T, within } from "./_pools.ts";

/** Runs `body` while a fresh reactor runs; stops it and waits for shutdown. */
async function withReactor(
  body: (r: Reactor) => Promise<void>,
): Promise<void> {
  const r = new Reactor({ installSignalHandlers: false });
  let failure: { error: unknown } | undefined;
  r.callWhenRunning(async () => {
    try {
      await body(r);
    } catch (error) {
      failure = { error };
    } finally {
      r.stop();
    }
  });
  await within(r.run(), "the reactor to shut down", 15000);
  if (failure !== undefined) throw failure.error;
}

function pool(r: Reactor): ThreadPool {
  const p = r.getThreadPool();
  assert.ok(p instanceof ThreadPool);
  return p;
}

describe("the reactor's thread pool", () => {
  it("is registered by importing the threads layer, named as in Twisted", () => {
    assert.equal(typeof getThreadPoolFactory(), "function");
    const r = new Reactor({ installSignalHandlers: false });
    const p = pool(r);
    assert.equal(p.name, "twisted.internet.reactor");
    // Twisted asks for 10; JavaScript workers run in parallel, so: the cores
    assert.deepEqual([p.min, p.max], [0, availableParallelism()]);
    assert.equal(p.reactor, r);
    assert.equal(r.getThreadPool(), p, "made once");
  });

  it("suggestThreadPoolSize changes the pool's maximum", () => {
    const r = new Reactor({ installSignalHandlers: false });
    r.suggestThreadPoolSize(34);
    assert.equal(pool(r).max, 34);
    r.suggestThreadPoolSize(4);
    assert.equal(pool(r).max, 4);
    assert.equal(pool(r).min, 0);
  });

  it("queues work given before the reactor runs, and runs it once it does", async () => {
    const r = new Reactor({ installSignalHandlers: false });
    const got = new Deferred<unknown>();
    r.callInThread(T.callBack, got.callback, "early");
    assert.equal(pool(r).started, false);
    await withReactorFor(r, async () => {
      assert.equal(await within(got, "the early task"), "early");
    });
  });

  it("callInThread runs the task in a worker; a function argument calls back on the reactor", async () => {
    await withReactor(async (r) => {
      const got = new Deferred<unknown>();
      let onReactorTurn = false;
      const callback = (v: unknown) => {
        onReactorTurn = r.running;
        got.callback(v);
      };
      r.callInThread(T.callBack, callback, { from: "worker" });
      assert.deepEqual(await within(got, "the proxy call"), { from: "worker" });
      assert.ok(onReactorTurn);
    });
  });

  it("delivers 20,000 calls from a worker through callFromThread without loss", async () => {
    await withReactor(async (r) => {
      let calls = 0;
      const n = await within(
        deferToThreadPool(r, pool(r), T.callMany, () => {
          calls++;
        }, 20_000),
        "20,000 proxy calls",
      );
      assert.equal(n, 20_000);
      assert.equal(calls, 20_000);
    });
  });

  it("deferToThreadPool fires on the reactor with the result, and with a Failure of the error", async () => {
    await withReactor(async (r) => {
      assert.equal(
        await within(deferToThreadPool(r, pool(r), T.add, 3, 4), "add"),
        7,
      );
      const caught = await within(
        deferToThreadPool(r, pool(r), T.raise, "x").addErrback((
          f: Failure,
        ) => ({ f })),
        "raise",
      );
      const failure = (caught as { f: Failure }).f;
      assert.ok(failure.check("NewError"));
    });
  });

  it("blockingCallFromThread waits for a Deferred the reactor fires later", async () => {
    await withReactor(async (r) => {
      const later = () => {
        const d = new Deferred<string>();
        r.callLater(0.05, d.callback, "egg");
        return d;
      };
      assert.equal(
        await within(
          deferToThreadPool(r, pool(r), T.blockingCall, later as never),
          "egg",
        ),
        "egg",
      );
      const failLater = () => {
        const d = new Deferred<string>();
        r.callLater(0.01, d.errback, new RangeError("spam"));
        return d;
      };
      assert.equal(
        await within(
          deferToThreadPool(
            r,
            pool(r),
            T.blockingCallCatch,
            failLater as never,
          ),
          "spam",
        ),
        "RangeError: spam",
      );
    });
  });

  it("shutdown waits for the pool: tasks in flight finish and its threads exit", async () => {
    let p: ThreadPool | undefined;
    let result: unknown;
    await withReactor((r) => {
      p = pool(r);
      deferToThreadPool(r, p, T.later, "finished", 30).addCallback(
        (v: unknown) => {
          result = v;
        },
      );
      return Promise.resolve();
    });
    assert.equal(result, "finished");
    assert.equal(p!.joined, true);
    assert.ok(p!.threads.length > 0 && p!.threads.every((t) => !t.alive));
  });
});

/** Runs `r` (already set up) while `body` runs. */
async function withReactorFor(
  r: Reactor,
  body: () => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  r.callWhenRunning(async () => {
    try {
      await body();
    } catch (error) {
      failure = { error };
    } finally {
      r.stop();
    }
  });
  await within(r.run(), "the reactor to shut down", 15000);
  if (failure !== undefined) throw failure.error;
}

describe("the reactor's thread pool once the reactor has stopped", () => {
  it("refuses a task at once with AlreadyQuit, rather than leaving its Deferred for ever", async () => {
    const r = new Reactor({ installSignalHandlers: false });
    r.callWhenRunning(() => r.stop());
    await within(r.run(), "the reactor to shut down");
    const p = pool(r);
    const d = deferToThreadPool(r, p, T.add, 1, 2);
    const failure = await within(
      new Promise<Failure>((resolve) => d.addErrback(resolve)),
      "the refusal",
    );
    assert.equal((failure.value as Error).name, "AlreadyQuit");
    assert.match(
      failure.getErrorMessage(),
      /pool twisted\.internet\.reactor is stopped; task .*#add was not run/,
    );
  });
});
