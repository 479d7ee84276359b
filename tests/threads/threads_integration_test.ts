/**
 * The thread pool on real Web Workers, on both runtimes: results and errors
 * across the boundary, function proxies, blockingCallFromThread, context,
 * cancellation, transfers, and faults. Bounded in time: every wait has a
 * deadline, and every pool is stopped.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { CancelledError } from "../../defer/errors.ts";
import { Failure } from "../../defer/failure.ts";
import { context } from "../../threads/context.ts";
import { current } from "../../threads/_current.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { transfer } from "../../threads/transfer.ts";
import { outcome, T, waitFor, within } from "./_pools.ts";

/** Runs calls as they arrive (the pool's default), and counts them. */
const now = {
  calls: 0,
  callFromThread<A extends unknown[]>(fn: (...a: A) => unknown, ...a: A) {
    this.calls++;
    fn(...a);
  },
};

describe("ThreadPool on real Workers", () => {
  /** One pool of real Workers for these tests (each Worker start costs). */
  let pool: ThreadPool;
  before(() => {
    pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 2,
      name: "it",
      reactor: now,
      mainThreadTasks: [T.add],
    });
    assert.equal(pool.inProcess, false);
    pool.start();
  });
  after(async () => {
    await within(pool.stop(), "the pool to stop");
  });

  describe("a pool on real Workers", () => {
    it("runs a task in a worker and fires with its result", async () => {
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.add, 3, 4)),
        [
          true,
          7,
        ],
      );
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.inWorker)),
        [
          true,
          true,
        ],
      );
    });

    it("names its threads PoolThread-<name>-<n> from 0, and a task sees the name", async () => {
      assert.equal(pool.threads[0]!.name, "PoolThread-it-0");
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.threadName)),
        [true, "PoolThread-it-0"],
      );
    });

    it("copies arguments and results: the worker gets its own objects", async () => {
      const arg = { list: [1, 2], when: new Date(0), map: new Map([[1, "a"]]) };
      const [ok, back] = await outcome(
        deferToThreadPool(now, pool, T.echo, arg),
      );
      assert.equal(ok, true);
      assert.deepEqual(back, arg);
      assert.notEqual(back, arg);
    });

    it("errbacks with the remote error's class name, message, stack and own properties", async () => {
      const [ok, f] = await outcome(
        deferToThreadPool(now, pool, T.raise, "from the worker"),
      );
      assert.equal(ok, false);
      const failure = f as Failure;
      assert.ok(failure.check("NewError"));
      assert.equal(failure.getErrorMessage(), "from the worker");
      assert.equal(
        String(failure),
        "[Failure instance: NewError: from the worker]",
      );
      const error = failure.value as Error & { code?: number };
      assert.equal(error.name, "NewError");
      assert.equal(error.code, 42);
      assert.match(error.stack!, /raise .*fixtures\/tasks\.[jt]s/);
    });

    it("rebuilds built-in error classes, so instanceof works", async () => {
      const [, f] = await outcome(deferToThreadPool(now, pool, T.raiseRange));
      assert.ok((f as Failure).value instanceof RangeError);
      const [, g] = await outcome(
        deferToThreadPool(now, pool, T.rejectLater, "async"),
      );
      assert.ok((g as Failure).check("NewError"));
    });

    it("calls onResult on the main thread while the task ran in a worker", async () => {
      const seen: unknown[] = [];
      await within(
        new Promise<void>((resolve) => {
          pool.callInThreadWithCallback((ok, r) => {
            // back in this realm: the state a worker would have is not here
            seen.push(ok, r, current.worker);
            resolve();
          }, T.inWorker);
        }),
        "onResult",
      );
      assert.deepEqual(seen, [true, true, null]);
    });

    it("fails only the task whose argument cannot be cloned, not its batch-mates", async () => {
      const bad = deferToThreadPool(now, pool, T.echo, { f: () => 1 } as never);
      const good = deferToThreadPool(now, pool, T.add, 1, 1);
      const [okBad, f] = await outcome(bad);
      assert.equal(okBad, false);
      assert.match(
        (f as Failure).getErrorMessage(),
        /#echo: its arguments or context could not be sent to the worker/,
      );
      assert.deepEqual(await outcome(good), [true, 2]);
    });

    it("fails a task whose result cannot be cloned with a TypeError", async () => {
      const [ok, f] = await outcome(deferToThreadPool(now, pool, T.unclonable));
      assert.equal(ok, false);
      assert.ok((f as Failure).check(TypeError));
      assert.match(
        (f as Failure).getErrorMessage(),
        /the task's result could not be sent to the main thread/,
      );
    });

    it("fails tasks whose module or export is missing, and the worker lives on", async () => {
      const [, f] = await outcome(deferToThreadPool(now, pool, T.missing));
      assert.match(
        (f as Failure).getErrorMessage(),
        /no exported function "noSuchExport"/,
      );
      const [, g] = await outcome(deferToThreadPool(now, pool, T.broken));
      assert.match(
        (g as Failure).getErrorMessage(),
        /could not import its module/,
      );
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.add, 2, 2)),
        [
          true,
          4,
        ],
      );
      assert.ok(pool.threads.every((t) => t.restarts === 0));
    });

    it("turns a function argument into a proxy whose calls run the original through callFromThread", async () => {
      const seen: string[] = [];
      const reactor = {
        callFromThread<A extends unknown[]>(
          fn: (...a: A) => unknown,
          ...a: A
        ) {
          seen.push("callFromThread");
          fn(...a);
        },
      };
      const got = new Deferred<unknown>();
      got.addCallback((v: unknown) => {
        seen.push("proxy ran");
        return v;
      });
      const d = deferToThreadPool(reactor, pool, T.callBack, got.callback, {
        deep: [1],
      });
      d.addCallback((v: unknown) => {
        seen.push("result");
        return v;
      });
      assert.deepEqual(await outcome(got), [true, { deep: [1] }]);
      assert.deepEqual(await outcome(d), [true, "called"]);
      assert.deepEqual(
        seen,
        ["callFromThread", "proxy ran", "result"],
        "one reactor call per message, the proxy call before the result",
      );
    });

    it("keeps every argument in its place, functions at any position becoming proxies", async () => {
      const seen: unknown[] = [];
      const [ok, echoed] = await outcome(
        deferToThreadPool(
          now,
          pool,
          T.callBoth,
          { n: 1 },
          (v: unknown) => seen.push(["first", v]),
          null,
          (v: unknown) => seen.push(["second", v]),
          undefined,
          "last",
          [2, 3],
        ),
      );
      assert.equal(ok, true);
      assert.deepEqual(echoed, [{ n: 1 }, "fn", null, "fn", undefined, "last", [
        2,
        3,
      ]]);
      assert.deepEqual(seen, [["first", { n: 1 }], ["second", null]]);
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.inWorker)),
        [true, true],
        "a task without arguments",
      );
    });

    it("calls a task with exactly the arguments it was given, however many", async () => {
      for (let n = 0; n <= 6; n++) {
        const args = Array.from({ length: n }, (_, i) => i);
        assert.deepEqual(
          await outcome(deferToThreadPool(now, pool, T.argCount, ...args)),
          [true, n],
          `${n} arguments`,
        );
      }
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.argCount, undefined)),
        [true, 1],
        "an undefined argument still counts",
      );
    });

    it("fails a task whose result is a primitive that cannot be sent back", async () => {
      const [ok, failure] = await outcome(
        deferToThreadPool(now, pool, T.aSymbol),
      );
      assert.equal(ok, false);
      assert.match(
        (failure as Failure).getErrorMessage(),
        /could not be sent to the main thread/,
      );
    });

    it("delivers a proxy's calls in order, before the task's result", async () => {
      const seen: number[] = [];
      const [ok, n] = await outcome(
        deferToThreadPool(
          now,
          pool,
          T.callMany,
          (i: number) => seen.push(i),
          500,
        ),
      );
      assert.equal(ok, true);
      assert.equal(n, 500);
      assert.deepEqual(seen, Array.from({ length: 500 }, (_, i) => i));
    });

    it("carries the submitter's innermost context into the worker", async () => {
      const d = context.call(
        { "request-id": "r-17" },
        () => deferToThreadPool(now, pool, T.contextValue, "request-id"),
      );
      assert.deepEqual(await outcome(d), [true, "r-17"]);
      assert.deepEqual(
        await outcome(
          deferToThreadPool(now, pool, T.contextValue, "request-id"),
        ),
        [true, undefined],
      );
    });

    it("transfers a marked buffer instead of copying it, both ways", async () => {
      const bytes = new Uint8Array(1024).fill(7);
      const d = deferToThreadPool(
        now,
        pool,
        T.measure,
        transfer(bytes, [bytes.buffer]),
      );
      await Promise.resolve(); // the batch is posted by the end of the turn
      assert.equal(bytes.byteLength, 0, "the sender's buffer is detached");
      assert.deepEqual(await outcome(d), [true, [1024, 7]]);
      const [, made] = await outcome(
        deferToThreadPool(now, pool, T.makeBuffer, 64, 9),
      );
      assert.equal((made as Uint8Array).byteLength, 64);
      assert.equal((made as Uint8Array)[63], 9);
    });

    it("drops a task's arguments, function proxies and result once the task is done", async () => {
      const g = globalThis as {
        gc?: () => void;
        Bun?: { gc(force: boolean): void };
      };
      const collect = g.Bun ? () => g.Bun!.gc(true) : g.gc;
      if (collect === undefined) return; // Deno without --expose-gc
      const refs = await (async () => {
        const arg = { payload: new Array(100).fill("x") };
        const callback = (_v: unknown) => {};
        const d = deferToThreadPool(now, pool, T.callBack, callback, arg);
        assert.deepEqual(await outcome(d), [true, "called"]);
        return [new WeakRef(arg), new WeakRef(callback)];
      })();
      for (let i = 0; i < 10 && refs.some((r) => r.deref()); i++) {
        // another task through the same code overwrites what a
        // conservative collector (Bun's) may still see of the first on the
        // stack or in registers
        await outcome(deferToThreadPool(now, pool, T.add, i, 1));
        await new Promise((r) => setTimeout(r, 0));
        collect();
      }
      assert.ok(refs.every((r) => r.deref() === undefined), "still held");
    });

    it("runs 2,000 tasks through its threads, every one settled with its own result", async () => {
      const ds = Array.from(
        { length: 2000 },
        (_, i) => deferToThreadPool(now, pool, T.add, i, i),
      );
      const results = await within(
        Promise.all(ds.map((d) => d.asPromise())),
        "2,000 tasks",
      );
      assert.deepEqual(results, Array.from({ length: 2000 }, (_, i) => 2 * i));
    });
  });

  describe("blockingCallFromThread in a worker", () => {
    it("returns the value of a Deferred that has already fired", async () => {
      const d = deferToThreadPool(
        now,
        pool,
        T.blockingCall,
        (() => Promise.resolve("foo")) as never,
      );
      assert.deepEqual(await outcome(d), [true, "foo"]);
    });

    it("waits for a Deferred that fires later", async () => {
      const later = (word: unknown) => {
        const d = new Deferred<unknown>();
        setTimeout(() => d.callback(word), 20);
        return d;
      };
      const d = deferToThreadPool(
        now,
        pool,
        T.blockingCall,
        later as never,
        "egg",
      );
      assert.deepEqual(await outcome(d), [true, "egg"]);
    });

    it("re-throws a synchronous error and a later failure in the worker, by class and message", async () => {
      const sync = () => {
        throw new RangeError("bar");
      };
      const asyncFail = () => {
        const d = new Deferred<unknown>();
        setTimeout(() => d.errback(new TypeError("spam")), 10);
        return d;
      };
      assert.deepEqual(
        await outcome(
          deferToThreadPool(now, pool, T.blockingCallCatch, sync as never),
        ),
        [true, "RangeError: bar"],
      );
      assert.deepEqual(
        await outcome(
          deferToThreadPool(now, pool, T.blockingCallCatch, asyncFail as never),
        ),
        [true, "TypeError: spam"],
      );
    });

    it("brings back an answer larger than its shared buffer", async () => {
      const big = (n: unknown) => "x".repeat(n as number);
      const [ok, s] = await outcome(
        deferToThreadPool(now, pool, T.blockingCall, big as never, 200_000),
      );
      assert.equal(ok, true);
      assert.equal((s as string).length, 200_000);
    });

    it("brings back structured answers: nested objects, maps, dates, typed arrays", async () => {
      const value = {
        n: [1, -0, NaN, Infinity],
        m: new Map<unknown, unknown>([["k", new Set([1n])]]),
        d: new Date(5),
        bytes: new Uint16Array([1, 65535]),
        text: "\ud800 lone surrogate",
        nothing: undefined,
      };
      const [ok, back] = await outcome(
        deferToThreadPool(now, pool, T.blockingCall, (() => value) as never),
      );
      assert.equal(ok, true);
      assert.deepEqual(back, value);
    });

    it("says a function made in the worker cannot run on the reactor thread", async () => {
      const [ok, f] = await outcome(
        deferToThreadPool(now, pool, T.blockingCall, null as never),
      );
      assert.equal(ok, false);
      assert.match(
        (f as Failure).getErrorMessage(),
        /fn must be a function or a ThreadTask, got null/,
      );
    });

    it("runs a task the pool lists in mainThreadTasks on the reactor thread", async () => {
      const [ok, sum] = await outcome(
        deferToThreadPool(
          now,
          pool,
          T.blockingCallTask,
          T.add.moduleUrl,
          T.add.exportName,
          20,
          22,
        ),
      );
      assert.deepEqual([ok, sum], [true, 42]);
    });

    it("refuses, inside the worker, a task the pool does not list", async () => {
      const [ok, f] = await outcome(
        deferToThreadPool(
          now,
          pool,
          T.blockingCallTask,
          T.echo.moduleUrl,
          T.echo.exportName,
          "hi",
        ),
      );
      assert.equal(ok, false);
      assert.equal((f as Failure).value instanceof Error, true);
      assert.equal(((f as Failure).value as Error).name, "WorkerCallRefused");
      assert.match(
        (f as Failure).getErrorMessage(),
        /may not run task .*tasks\.[jt]s#echo on the main thread/,
      );
    });
  });

  describe("cancellation on real Workers", () => {
    it("aborts a running task's signal; the worker is not terminated", async () => {
      const d = deferToThreadPool(now, pool, T.waitForAbort);
      await waitFor(
        () => pool.threads.some((t) => t.inFlight === 1),
        "the task to start",
      );
      d.cancel();
      const [ok, f] = await outcome(d);
      assert.equal(ok, false);
      assert.ok((f as Failure).check(CancelledError));
      await waitFor(
        () => pool.statistics().busyWorkerCount === 0,
        "the task to end",
      );
      assert.ok(pool.threads.every((t) => t.restarts === 0));
      assert.deepEqual(
        await outcome(deferToThreadPool(now, pool, T.add, 1, 2)),
        [
          true,
          3,
        ],
      );
    });

    it("skips a task that was sent to a worker but had not started", async () => {
      const pool = new ThreadPool({
        minthreads: 0,
        maxthreads: 1,
        concurrency: 4,
      });
      pool.start();
      try {
        const key = `skip-${Math.random()}`;
        const loader = deferToThreadPool(now, pool, T.count, key);
        await outcome(loader);
        // the next task waits behind a slow import: still unstarted in the worker
        const slow = threadTask(
          new URL("./fixtures/slow_module.ts", import.meta.url),
          "value",
        );
        const waiting = deferToThreadPool(now, pool, slow);
        const skipped = deferToThreadPool(now, pool, T.count, key);
        await waitFor(() => pool.threads[0]!.inFlight === 2, "both sent");
        skipped.cancel();
        assert.ok((await outcome(skipped))[1] instanceof Failure);
        assert.deepEqual(await outcome(waiting), [true, "slow"]);
        assert.deepEqual(
          await outcome(deferToThreadPool(now, pool, T.count, key)),
          [true, 2],
          "the cancelled task never ran",
        );
      } finally {
        await within(pool.stop(), "the pool to stop");
      }
    });
  });
});
