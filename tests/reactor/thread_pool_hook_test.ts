/**
 * The reactor's thread-pool hook (Twisted's `ReactorBase.getThreadPool`,
 * `callInThread`, `suggestThreadPoolSize`, as `test_threads.py`'s
 * ReactorThreadsTests use them): the pool is
 * made lazily by the registered factory, started when the reactor runs,
 * stopped at shutdown (which waits for it), and a clear error names the
 * import that registers a factory when none is.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Reactor,
  type ReactorTask,
  type ReactorThreadPool,
  setThreadPoolFactory,
  type ThreadPoolFactoryOptions,
} from "../../reactor/mod.ts";
import { getThreadPoolFactory } from "../../reactor/thread_pool_factory.ts";
import { Deferred } from "../../defer/mod.ts";

/** A pool that records what the reactor does to it. */
class FakePool implements ReactorThreadPool {
  log: string[] = [];
  tasks: [unknown, unknown[]][] = [];
  stopResult: Deferred<void> | undefined = undefined;
  sizes: [number | undefined, number | undefined][] = [];
  start() {
    this.log.push("start");
  }
  stop() {
    this.log.push("stop");
    return this.stopResult;
  }
  callInThread(task: unknown, ...args: unknown[]) {
    this.tasks.push([task, args]);
  }
  adjustPoolsize(min?: number, max?: number) {
    this.sizes.push([min, max]);
  }
}

/** Runs `fn` with a factory registered that makes FakePools. */
async function withFakePools<R>(
  fn: (
    made: { pool: FakePool; options: ThreadPoolFactoryOptions }[],
  ) => R | Promise<R>,
): Promise<R> {
  const made: { pool: FakePool; options: ThreadPoolFactoryOptions }[] = [];
  const previous = setThreadPoolFactory((options) => {
    const pool = new FakePool();
    made.push({ pool, options });
    return pool;
  });
  try {
    return await fn(made);
  } finally {
    setThreadPoolFactory(previous);
  }
}

const make = () => new Reactor({ installSignalHandlers: false });
/** A stand-in task: the fake pools only record it. */
const TASK: ReactorTask<(...args: number[]) => void> = {
  moduleUrl: "file:///srv/tasks.ts",
  exportName: "task",
};

describe("reactor thread pool hook", () => {
  it("throws an error naming the threads import when no factory is registered", () => {
    const previous = setThreadPoolFactory(undefined);
    try {
      const r = make();
      for (
        const use of [
          () => r.getThreadPool(),
          () => r.callInThread(TASK),
          () => r.suggestThreadPoolSize(2),
        ]
      ) {
        assert.throws(
          use,
          (e: unknown) =>
            e instanceof Error &&
            /import "@twisted-ts\/core\/threads"/.test(e.message),
        );
      }
    } finally {
      setThreadPoolFactory(previous);
    }
  });

  it("makes one pool per reactor, lazily, with Twisted's size and name", () =>
    withFakePools((made) => {
      const r = make();
      assert.equal(made.length, 0);
      const pool = r.getThreadPool();
      assert.equal(r.getThreadPool(), pool);
      assert.equal(made.length, 1);
      const { options } = made[0]!;
      assert.equal(options.minthreads, 0);
      assert.equal(options.maxthreads, 10);
      assert.equal(options.name, "twisted.internet.reactor");
      assert.equal(options.reactor, r);
    }));

  it("starts the pool when the reactor runs, and stops it at shutdown", () =>
    withFakePools(async (made) => {
      const r = make();
      r.callInThread(TASK, 1, 2);
      const pool = made[0]!.pool;
      assert.deepEqual(pool.log, []);
      assert.deepEqual(pool.tasks, [[TASK, [1, 2]]]);
      r.callWhenRunning(() => {
        assert.deepEqual(pool.log, ["start"]);
        r.stop();
      });
      await r.run();
      assert.deepEqual(pool.log, ["start", "stop"]);
    }));

  it("starts the pool at once when made while the reactor runs", () =>
    withFakePools(async (made) => {
      const r = make();
      r.callWhenRunning(() => {
        r.getThreadPool();
        assert.deepEqual(made[0]!.pool.log, ["start"]);
        r.stop();
      });
      await r.run();
      assert.deepEqual(made[0]!.pool.log, ["start", "stop"]);
    }));

  it("makes shutdown wait for the Deferred the pool's stop returns", () =>
    withFakePools(async (made) => {
      const r = make();
      const pool = r.getThreadPool() as FakePool;
      pool.stopResult = new Deferred<void>();
      const events: string[] = [];
      r.addSystemEventTrigger(
        "during",
        "shutdown",
        () => events.push("during"),
      );
      r.callWhenRunning(() => {
        r.stop();
        setTimeout(() => {
          events.push("pool stopped");
          pool.stopResult!.callback();
        }, 10);
      });
      await r.run();
      assert.deepEqual(events, ["pool stopped", "during"]);
      assert.equal(made.length, 1);
    }));

  it("stops the pool when shutdown fires on a reactor that never ran", () =>
    withFakePools((made) => {
      const r = make();
      r.getThreadPool();
      r.fireSystemEvent("shutdown");
      assert.deepEqual(made[0]!.pool.log, ["stop"]);
      // the pending start trigger was taken back
      r.fireSystemEvent("startup");
      assert.deepEqual(made[0]!.pool.log, ["stop"]);
      // later use gets the stopped pool (which refuses work at once), not
      // a new one that would never start
      assert.equal(r.getThreadPool(), made[0]!.pool);
      assert.equal(made.length, 1);
    }));

  it("passes suggestThreadPoolSize on as the pool's new maximum", () =>
    withFakePools((made) => {
      const r = make();
      r.suggestThreadPoolSize(4);
      assert.deepEqual(made[0]!.pool.sizes, [[undefined, 4]]);
      assert.throws(() => r.suggestThreadPoolSize(-1), RangeError);
      assert.throws(() => r.suggestThreadPoolSize(1.5), RangeError);
      assert.throws(
        () => r.suggestThreadPoolSize("3" as unknown as number),
        TypeError,
      );
    }));

  it("returns the previous factory when registering, and checks its argument", () => {
    const mine = () => new FakePool();
    const previous = setThreadPoolFactory(mine);
    try {
      assert.equal(getThreadPoolFactory(), mine);
      assert.equal(setThreadPoolFactory(previous), mine);
      assert.throws(
        () => setThreadPoolFactory(3 as unknown as () => FakePool),
        (e: unknown) =>
          e instanceof TypeError &&
          /factory must be a function/.test(e.message),
      );
    } finally {
      setThreadPoolFactory(previous);
    }
  });
});
