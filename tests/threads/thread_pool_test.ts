/**
 * ThreadPool, deterministically: Twisted's `test_threadpool.py` in
 * behaviour, run in-process (memory workers, or in-process threads) so no
 * Web Worker starts. The same tasks on real Workers are in
 * `threads_integration_test.ts`.
 */
import { availableParallelism } from "node:os";
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Failure } from "../../defer/failure.ts";
import { Clock } from "../../reactor/clock.ts";
import { AlreadyQuit, WorkerDied } from "../../threads/errors.ts";
import { context } from "../../threads/context.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import { PoolHelper, preload, T, turn } from "./_pools.ts";

function inProcessPool(min: number, max: number): ThreadPool {
  return new ThreadPool({ minthreads: min, maxthreads: max, inProcess: true });
}

describe("ThreadPool limits", () => {
  it("keeps minthreads and maxthreads as min and max", () => {
    const pool = new ThreadPool({ minthreads: 12, maxthreads: 22 });
    assert.equal(pool.min, 12);
    assert.equal(pool.max, 22);
  });

  it("defaults to as many threads as cores, keeping up to 5 (Twisted: 5 and 20)", () => {
    const cores = availableParallelism();
    const pool = new ThreadPool();
    assert.equal(pool.max, cores);
    assert.equal(pool.min, Math.min(5, cores));
    assert.equal(pool.started, false);
  });

  it("takes a lone maxthreads below 5 as the minimum's bound too", () => {
    const pool = new ThreadPool({ maxthreads: 2 });
    assert.deepEqual([pool.min, pool.max], [2, 2]);
    assert.deepEqual(
      [
        new ThreadPool({ maxthreads: 8 }).min,
        new ThreadPool({ minthreads: 1 }).min,
      ],
      [5, 1],
    );
  });

  it("rejects a negative minimum with a RangeError naming it", () => {
    assert.throws(
      () => new ThreadPool({ minthreads: -1 }),
      {
        name: "RangeError",
        message: "ThreadPool: minthreads must be an integer >= 0, got -1",
      },
    );
  });

  it("rejects a minimum above the maximum", () => {
    assert.throws(
      () => new ThreadPool({ minthreads: 5, maxthreads: 3 }),
      {
        name: "RangeError",
        message: "ThreadPool: minthreads (5) must not exceed maxthreads (3)",
      },
    );
  });

  it("checks adjustPoolsize's limits the same way and keeps the old ones", () => {
    const pool = inProcessPool(1, 4);
    assert.throws(() => pool.adjustPoolsize(3, 2), RangeError);
    assert.throws(() => pool.adjustPoolsize(0.5), /got 0.5/);
    assert.deepEqual([pool.min, pool.max], [1, 4]);
    pool.adjustPoolsize(undefined, 9);
    assert.deepEqual([pool.min, pool.max], [1, 9]);
  });

  it("rejects a concurrency that is not a positive integer", () => {
    assert.throws(
      () => new ThreadPool({ concurrency: 0 }),
      /concurrency must be an integer >= 1, got 0/,
    );
  });

  it("rejects a reactor without callFromThread", () => {
    assert.throws(
      () => new ThreadPool({ reactor: {} as never }),
      /reactor must have a callFromThread method, got an object/,
    );
  });

  it("rejects options that are not an object, or name an option it does not have, suggesting the one meant", () => {
    for (const options of [null, "x", [1]]) {
      assert.throws(
        () => new ThreadPool(options as never),
        /^TypeError: ThreadPool: options must be an object, got /,
      );
    }
    assert.throws(
      () => new ThreadPool({ maxThreads: 2 } as never),
      (e: Error) =>
        e instanceof TypeError &&
        e.message.startsWith(
          'ThreadPool: options: unknown option "maxThreads" (did you mean "maxthreads"?)',
        ),
    );
  });

  it("names maxthreads, not the minimum derived from it, when the maximum is bad", () => {
    assert.throws(
      () => new ThreadPool({ maxthreads: -1 }),
      /^RangeError: ThreadPool: maxthreads must be an integer >= 0, got -1$/,
    );
    assert.throws(
      () => new ThreadPool({ maxthreads: "4" as never }),
      /^TypeError: ThreadPool: maxthreads must be an integer >= 0, got "4"$/,
    );
  });

  it("takes inProcess and metrics as booleans only: 'false' would run tasks on the main thread", () => {
    for (const key of ["inProcess", "metrics"]) {
      for (const value of ["false", 1, null]) {
        assert.throws(
          () => new ThreadPool({ [key]: value } as never),
          new RegExp(`^TypeError: ThreadPool: ${key} must be true or false`),
        );
      }
    }
  });

  it("rejects permissions that are not a ThreadPermissions: null would grant everything", () => {
    const bad: unknown[] = [
      null,
      "x",
      true,
      [],
      { read: "yes" },
      { read: [1] },
      { reed: true },
    ];
    for (const permissions of bad) {
      // in-process too: checked before anything else looks at them
      assert.throws(
        () =>
          new ThreadPool({
            permissions: permissions as never,
            inProcess: true,
          }),
        /^TypeError: ThreadPool: permissions(\.read)?:? (must be|unknown permission)/,
        String(permissions),
      );
    }
    // each good form is taken (in-process: the flag is not needed)
    for (
      const permissions of [
        "none",
        "inherit",
        { read: ["/srv"], net: false, env: "inherit", write: undefined },
        { read: [new URL("file:///srv/")] },
      ] as const
    ) {
      new ThreadPool({ permissions, inProcess: true });
    }
  });

  it("rejects a bad cancelGrace, maxTasksPerWorker, heapLimitMb or clock when made, naming the option and the value", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ cancelGrace: -1 }, /^ThreadPool: cancelGrace must be .* got -1$/],
      [{ cancelGrace: "5" }, /^ThreadPool: cancelGrace must be .* got "5"$/],
      [
        { maxTasksPerWorker: 0 },
        /^ThreadPool: maxTasksPerWorker must be an integer >= 1 .* got 0$/,
      ],
      [
        { maxTasksPerWorker: 1.5 },
        /^ThreadPool: maxTasksPerWorker must be .* got 1\.5$/,
      ],
      [
        { heapLimitMb: 0 },
        /^ThreadPool: heapLimitMb must be a number of MiB > 0 .* got 0$/,
      ],
      [{ heapLimitMb: -1 }, /^ThreadPool: heapLimitMb must be .* got -1$/],
      [{ heapLimitMb: NaN }, /^ThreadPool: heapLimitMb must be .* got NaN$/],
      [{ clock: {} }, /^ThreadPool: clock must have a callLater method/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => new ThreadPool({ minthreads: 0, maxthreads: 1, ...options }),
        (e: Error) =>
          (e instanceof RangeError || e instanceof TypeError) &&
          message.test(e.message),
        JSON.stringify(options),
      );
    }
    // the limits themselves are fine
    new ThreadPool({ cancelGrace: Infinity, maxTasksPerWorker: 1 });
    new ThreadPool({ heapLimitMb: 0.5, maxTasksPerWorker: Infinity });
  });

  it("says when it runs tasks in-process", () => {
    assert.equal(inProcessPool(0, 1).inProcess, true);
    // Deno, Bun and Node all have worker threads
    assert.equal(new ThreadPool().inProcess, false);
  });

  it("reports permissions as not enforced when it runs in-process", () => {
    const pool = new ThreadPool({ permissions: "none", inProcess: true });
    assert.equal(pool.permissionsEnforced, false);
  });
});

describe("ThreadPool start, adjust and stop", () => {
  it("start creates exactly minthreads threads", async () => {
    const none = inProcessPool(0, 5);
    none.start();
    assert.equal(none.threads.length, 0);
    await none.stop();
    const pool = inProcessPool(3, 10);
    assert.equal(pool.threads.length, 0);
    pool.start();
    assert.equal(pool.threads.length, 3);
    assert.equal(pool.workers, 3);
    await pool.stop();
  });

  it("adjustPoolsize on a stopped pool changes the limits and starts nothing", async () => {
    const pool = inProcessPool(0, 5);
    pool.start();
    await pool.stop();
    pool.adjustPoolsize(2);
    assert.equal(pool.min, 2);
    assert.equal(pool.threads.length, 0);
  });

  it("adjustPoolsize while started grows to the new minimum and quits threads above the new maximum", async () => {
    const pool = inProcessPool(1, 6);
    pool.start();
    assert.equal(pool.workers, 1);
    pool.adjustPoolsize(4, 6);
    assert.equal(pool.workers, 4);
    pool.adjustPoolsize(0, 2);
    assert.equal(pool.workers, 2);
    assert.equal(pool.threads.filter((t) => t.accepting).length, 2);
    await pool.stop();
    assert.ok(pool.threads.every((t) => !t.alive));
  });

  it("stop returns a Deferred that fires once every thread has ended", async () => {
    const pool = inProcessPool(2, 2);
    pool.start();
    const d = pool.stop();
    assert.equal(pool.joined, true);
    assert.equal(pool.started, false);
    await d;
    assert.ok(pool.threads.every((t) => !t.alive));
  });

  it("stop waits for tasks already handed to a thread", async () => {
    await preload();
    const pool = inProcessPool(0, 1);
    pool.start();
    const results: unknown[] = [];
    pool.callInThreadWithCallback(
      (ok, r) => results.push(ok, r),
      T.later,
      "late",
      20,
    );
    let stopped = false;
    const d = pool.stop();
    d.addCallback(() => {
      stopped = true;
    });
    assert.equal(stopped, false);
    await d;
    assert.deepEqual(results, [true, "late"]);
  });

  it("after stopTimeout, fails an in-process task still running with WorkerDied, and stop() fires", async () => {
    await preload();
    const clock = new Clock();
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 1,
      inProcess: true,
      clock,
      stopTimeout: 2,
    });
    pool.start();
    const outcomes: unknown[] = [];
    pool.callInThreadWithCallback(
      (ok, r) => outcomes.push(ok, ok ? r : (r as Failure).type),
      T.waitForAbort,
    );
    let stopped = false;
    pool.stop().addCallback(() => {
      stopped = true;
    });
    clock.advance(1);
    await turn();
    assert.deepEqual(outcomes, [], "ended before stopTimeout");
    clock.advance(1);
    await turn();
    assert.deepEqual(outcomes, [false, WorkerDied]);
    assert.equal(stopped, true, "stop() never fired");
    assert.ok(pool.threads.every((t) => !t.alive));
  });

  it("a second stop raises AlreadyQuit, as Twisted's does", async () => {
    const pool = inProcessPool(0, 2);
    pool.start();
    await pool.stop();
    assert.throws(() => pool.stop(), AlreadyQuit);
  });

  it("cannot be restarted: with a minimum, start raises AlreadyQuit", async () => {
    const pool = inProcessPool(1, 2);
    pool.start();
    await pool.stop();
    assert.throws(() => pool.start(), AlreadyQuit);
  });

  it("cannot be restarted: without a minimum either, start raises AlreadyQuit and tasks are still refused through onResult", async () => {
    const pool = inProcessPool(0, 2);
    pool.start();
    await pool.stop();
    assert.throws(() => pool.start(), {
      name: "AlreadyQuit",
      message: /ThreadPool\.start: pool .* was stopped/,
    });
    assert.equal(pool.started, false);
    assert.equal(pool.joined, true);
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.add, 1, 2);
    assert.equal(results[0], false);
    assert.ok((results[1] as Failure).check(AlreadyQuit));
  });

  it("after stop, refuses a task by reporting AlreadyQuit to onResult at once", async () => {
    const pool = inProcessPool(0, 2);
    await pool.stop();
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.add, 1, 2);
    assert.equal(results[0], false);
    assert.ok(results[1] instanceof Failure);
    assert.ok((results[1] as Failure).check(AlreadyQuit));
    assert.match(
      (results[1] as Failure).getErrorMessage(),
      /is stopped; task .*tasks\.[jt]s#add was not run/,
    );
  });

  it("after stop, callInThread logs the refusal instead of dropping it silently", async () => {
    const pool = inProcessPool(0, 2);
    await pool.stop();
    const { events } = await capturingLog(() => pool.callInThread(T.add, 1, 2));
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check(AlreadyQuit));
  });

  it("fails the tasks still waiting when a never-started pool stops", async () => {
    const pool = inProcessPool(0, 2);
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.add, 1, 2);
    assert.equal(pool.backlog, 1);
    await pool.stop();
    assert.equal(results[0], false);
    assert.ok((results[1] as Failure).check(AlreadyQuit));
    assert.match(
      (results[1] as Failure).getErrorMessage(),
      /stopped before task .*#add started/,
    );
    assert.equal(pool.backlog, 0);
  });
});

describe("ThreadPool running tasks", () => {
  beforeEach(preload);

  it("runs each of N tasks exactly once", async () => {
    const pool = inProcessPool(0, 3);
    pool.start();
    const seen: number[] = [];
    const key = `once-${Math.random()}`;
    for (let i = 0; i < 10; i++) {
      pool.callInThreadWithCallback(
        (ok, r) => {
          assert.equal(ok, true);
          seen.push(r as number);
        },
        T.count,
        key,
      );
    }
    await pool.stop();
    assert.deepEqual(seen.sort((a, b) => a - b), [
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      10,
    ]);
  });

  it("callInThread logs the failure of a task that throws, once", async () => {
    const pool = inProcessPool(0, 1);
    const { events } = await capturingLog(async () => {
      pool.callInThread(T.raise, "from callInThread");
      pool.start();
      await pool.stop();
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check("NewError"));
    assert.equal(errors[0]!.failure!.getErrorMessage(), "from callInThread");
    assert.match(errors[0]!.why!, /task .*#raise failed/);
  });

  it("callInThreadWithCallback reports (true, result)", async () => {
    const pool = inProcessPool(0, 1);
    const results: unknown[] = [];
    pool.callInThreadWithCallback(
      (ok, r) => results.push(ok, r),
      T.echo,
      "test",
    );
    pool.start();
    await pool.stop();
    assert.deepEqual(results, [true, "test"]);
  });

  it("callInThreadWithCallback reports (false, a Failure of what the task threw)", async () => {
    const pool = inProcessPool(0, 1);
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.raise, "x");
    pool.start();
    await pool.stop();
    assert.equal(results[0], false);
    assert.ok(results[1] instanceof Failure);
    assert.ok((results[1] as Failure).check("NewError"));
  });

  it("types onResult's second argument by ok: the task's result, or a Failure", async () => {
    const pool = inProcessPool(0, 1);
    const seen: string[] = [];
    const onResult = (
      ...outcome: [ok: true, result: number] | [ok: false, failure: Failure]
    ) => {
      const [ok, r] = outcome;
      // no cast: the result is a number, the failure a Failure
      if (ok) seen.push(`sum ${r.toFixed(0)}`);
      else seen.push(`failed ${r.getErrorMessage()}`);
    };
    pool.callInThreadWithCallback(onResult, T.add, 1, 2);
    pool.callInThreadWithCallback(
      (ok, r) => {
        if (!ok) seen.push(`failed ${r.getErrorMessage()}`);
      },
      T.raise,
      "x",
    );
    pool.start();
    await pool.stop();
    assert.deepEqual(seen, ["sum 3", "failed x"]);
  });

  it("logs an exception raised by onResult, once, after onResult saw the result", async () => {
    const pool = inProcessPool(0, 1);
    const results: unknown[] = [];
    const { events } = await capturingLog(async () => {
      pool.callInThreadWithCallback(
        (ok, r) => {
          results.push(ok, r);
          throw new SyntaxError("onResult broke");
        },
        T.echo,
        undefined,
      );
      pool.start();
      await pool.stop();
    });
    assert.deepEqual(results, [true, undefined]);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check(SyntaxError));
  });

  it("runs the task and onResult inside the submitter's innermost context", async () => {
    const pool = inProcessPool(0, 1);
    const seen: unknown[] = [];
    const ctx = { testing: "this must be present" };
    context.call(ctx, () => {
      pool.callInThreadWithCallback(
        (_ok, r) => {
          seen.push(r, context.current());
        },
        T.contextValue,
        "testing",
      );
    });
    pool.start();
    await pool.stop();
    assert.deepEqual(seen, ["this must be present", ctx]);
  });

  it("forwards only the innermost context object, as Twisted does", async () => {
    const pool = inProcessPool(0, 1);
    const seen: unknown[] = [];
    context.call({ outer: 1 }, () =>
      context.call({ inner: 2 }, () => {
        pool.callInThreadWithCallback(
          (_, r) => seen.push(r),
          T.contextValue,
          "outer",
        );
        pool.callInThreadWithCallback(
          (_, r) => seen.push(r),
          T.contextValue,
          "inner",
        );
      }));
    pool.start();
    await pool.stop();
    assert.deepEqual(seen, [undefined, 2]);
  });

  it("runs work submitted before start once started", async () => {
    const pool = inProcessPool(0, 1);
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.add, 2, 3);
    await turn();
    assert.deepEqual(results, []);
    assert.equal(pool.backlog, 1);
    pool.start();
    await pool.stop();
    assert.deepEqual(results, [true, 5]);
    assert.equal(pool.backlog, 0);
  });

  it("a busy thread counts as working and an idle one as waiting", async () => {
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 1,
      inProcess: true,
      concurrency: 1,
    });
    pool.start();
    assert.equal(pool.workers, 0);
    assert.deepEqual(pool.statistics(), {
      idleWorkerCount: 0,
      busyWorkerCount: 0,
      backloggedWorkCount: 0,
    });
    let done = false;
    pool.callInThreadWithCallback(
      () => {
        done = true;
      },
      T.later,
      1,
      5,
    );
    assert.equal(pool.workers, 1);
    assert.equal(pool.statistics().busyWorkerCount, 1);
    assert.equal(pool.statistics().idleWorkerCount, 0);
    while (!done) await new Promise((r) => setTimeout(r, 1));
    assert.equal(pool.statistics().busyWorkerCount, 0);
    assert.equal(pool.statistics().idleWorkerCount, 1);
    await pool.stop();
  });

  it("refuses a plain function with a TypeError saying why", () => {
    const pool = inProcessPool(0, 1);
    assert.throws(
      () => pool.callInThread((() => 1) as never),
      {
        name: "TypeError",
        message:
          /callInThread: task must be a ThreadTask .*functions cannot cross to a Web Worker, got an anonymous function/,
      },
    );
  });

  it("fails a task whose module has no such export, naming it", async () => {
    const pool = inProcessPool(0, 1);
    pool.start();
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.missing);
    await pool.stop();
    assert.equal(results[0], false);
    assert.match(
      (results[1] as Failure).getErrorMessage(),
      /tasks\.[jt]s#noSuchExport: the module has no exported function "noSuchExport"/,
    );
  });

  it("fails a task whose module cannot be imported, with the import error as cause", async () => {
    const pool = inProcessPool(0, 1);
    pool.start();
    const results: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => results.push(ok, r), T.broken);
    await pool.stop();
    assert.equal(results[0], false);
    const failure = results[1] as Failure;
    assert.match(
      failure.getErrorMessage(),
      /could not import its module: Error: this module cannot be imported/,
    );
    assert.equal(
      ((failure.value as Error).cause as Error).message,
      "this module cannot be imported",
    );
  });
});

/** A full garbage collection, where the runtime offers one. */
function collect(): boolean {
  const g = globalThis as {
    gc?: () => void;
    Bun?: { gc(force: boolean): void };
  };
  if (g.Bun !== undefined) g.Bun.gc(true);
  else if (typeof g.gc === "function") g.gc();
  else return false;
  return true;
}

async function collected(refs: WeakRef<object>[]): Promise<boolean> {
  // Bun's collector also scans the stack conservatively: a stale copy of
  // a pointer there keeps its object until later turns overwrite it
  for (let i = 0; i < 30; i++) {
    await (i < 10 ? turn() : new Promise((r) => setTimeout(r, 5)));
    collect();
    if (refs.every((r) => r.deref() === undefined)) return true;
  }
  return false;
}

describe("ThreadPool references", () => {
  const gcAvailable = collect();

  it(
    "drops a task's function argument and its other arguments once the task is done",
    {
      skip: !gcAvailable && "no gc() (run Deno with --v8-flags=--expose-gc)",
    },
    async () => {
      await preload();
      const pool = new ThreadPool({
        minthreads: 0,
        maxthreads: 1,
        inProcess: true,
        // proxy calls run at once (a reactor that is not running keeps them)
        reactor: { callFromThread: (fn, ...args) => fn(...args) },
      });
      pool.start();
      const refs = await (async () => {
        const unique = { payload: new Array(100).fill("x") };
        const callback = (_v: unknown) => {};
        const done = new Promise<void>((resolve) => {
          pool.callInThreadWithCallback(
            () => resolve(),
            T.callBack,
            callback,
            unique,
          );
        });
        await done;
        return [new WeakRef(unique), new WeakRef(callback)];
      })();
      assert.ok(await collected(refs), "the pool still holds the arguments");
      await pool.stop();
    },
  );

  it("drops onResult and the result once onResult has run", {
    skip: !gcAvailable && "no gc() (run Deno with --v8-flags=--expose-gc)",
  }, async () => {
    await preload();
    const pool = inProcessPool(0, 1);
    pool.start();
    const refs = await (async () => {
      const result = { made: "in the task" };
      let resolve!: () => void;
      const done = new Promise<void>((r) => resolve = r);
      const onResult = () => resolve();
      pool.callInThreadWithCallback(onResult, T.echo, result);
      await done;
      return [new WeakRef(onResult), new WeakRef(result)];
    })();
    assert.ok(
      await collected(refs),
      "the pool still holds onResult or the result",
    );
    await pool.stop();
  });
});

describe("ThreadPool on memory workers (Twisted's MemoryBackedTests)", () => {
  beforeEach(preload);

  it("work before start starts enough workers for the work once started", () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 10 });
    for (let i = 0; i < 5; i++) helper.threadpool.callInThread(T.add, i, 1);
    helper.performAllCoordination();
    assert.deepEqual(helper.workers, []);
    helper.threadpool.start();
    helper.performAllCoordination();
    assert.equal(helper.workers.length, 5);
  });

  it("starts only the maximum when the work before start exceeds it", () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 10 });
    for (let i = 0; i < 50; i++) helper.threadpool.callInThread(T.add, i, 1);
    helper.performAllCoordination();
    assert.deepEqual(helper.workers, []);
    helper.threadpool.start();
    helper.performAllCoordination();
    assert.equal(helper.workers.length, helper.threadpool.max);
  });

  it("runs each task in-process when its memory worker performs it", () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 2 });
    const results: unknown[] = [];
    helper.threadpool.start();
    helper.threadpool.callInThreadWithCallback(
      (ok, r) => results.push(ok, r),
      T.add,
      20,
      22,
    );
    helper.performAllCoordination();
    assert.deepEqual(results, []);
    assert.equal(helper.workers.length, 1);
    helper.workers[0]![1]();
    assert.deepEqual(results, [true, 42]);
    helper.performAllCoordination();
    assert.equal(helper.threadpool.statistics().idleWorkerCount, 1);
  });

  it("runs every backlogged task once stopped while a worker lives, then fires stop's Deferred", async () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 1 });
    const results: unknown[] = [];
    helper.threadpool.start();
    for (let i = 0; i < 3; i++) {
      helper.threadpool.callInThreadWithCallback(
        (ok, r) => results.push(ok, r),
        T.add,
        i,
        10,
      );
    }
    helper.performAllCoordination();
    assert.equal(helper.threadpool.statistics().backloggedWorkCount, 2);
    let stopped = false;
    helper.threadpool.stop().addCallback(() => {
      stopped = true;
    });
    helper.settle();
    await Promise.resolve();
    assert.deepEqual(results, [true, 10, true, 11, true, 12]);
    assert.equal(stopped, true);
  });

  it("refuses, with AlreadyQuit, a task submitted from an onResult that stopped the pool", () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 1 });
    const pool = helper.threadpool;
    const seen: unknown[] = [];
    pool.start();
    pool.callInThreadWithCallback(
      (ok, r) => {
        seen.push(ok, r);
        pool.stop();
        pool.callInThreadWithCallback(
          (ok2, f) => seen.push(ok2, (f as Failure).type),
          T.add,
          1,
          1,
        );
      },
      T.add,
      2,
      2,
    );
    helper.settle();
    assert.deepEqual(seen, [true, 4, false, AlreadyQuit]);
  });

  it("counts as backlog the tasks not started yet, apart from the Team's own backlog", () => {
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 1 });
    helper.threadpool.callInThread(T.add, 1, 1);
    helper.threadpool.callInThread(T.add, 2, 2);
    helper.performAllCoordination();
    assert.equal(helper.threadpool.backlog, 2);
    assert.equal(helper.threadpool.statistics().backloggedWorkCount, 2);
    helper.threadpool.start();
    helper.performAllCoordination();
    assert.equal(helper.threadpool.statistics().backloggedWorkCount, 1);
    assert.equal(helper.threadpool.backlog, 2, "handed to a worker, not run");
    helper.workers[0]![1]();
    assert.equal(helper.threadpool.backlog, 1);
    helper.settle();
    assert.equal(helper.threadpool.backlog, 0);
    assert.equal(helper.threadpool.statistics().backloggedWorkCount, 0);
  });
});

describe("threadTask", () => {
  it("names its task moduleUrl#exportName", () => {
    const task = threadTask("file:///srv/tasks.ts", "add");
    assert.equal(task.key, "file:///srv/tasks.ts#add");
    assert.equal(String(task), "file:///srv/tasks.ts#add");
  });

  it("takes a URL object and defaults the export to default", () => {
    const task = threadTask(new URL("file:///srv/t.ts"));
    assert.equal(task.moduleUrl, "file:///srv/t.ts");
    assert.equal(task.exportName, "default");
  });

  it("makes an untyped handle that takes any arguments (type-checked) and runs", async () => {
    await preload();
    const add = threadTask(T.add.moduleUrl, "add");
    const pool = inProcessPool(0, 1);
    pool.start();
    const results: unknown[] = [];
    pool.callInThreadWithCallback((_ok, r) => results.push(r), add, 40, 2);
    await pool.stop();
    assert.deepEqual(results, [42]);
  });

  it("rejects threadTask options it does not have (timeOut for timeout)", () => {
    assert.throws(
      () => threadTask(T.add.moduleUrl, "add", { timeOut: 5 } as never),
      /^TypeError: threadTask: options: unknown option "timeOut" \(did you mean "timeout"\?\)/,
    );
    assert.throws(
      () => threadTask(T.add.moduleUrl, "add", null as never),
      /^TypeError: threadTask: options must be an object, got null$/,
    );
  });

  it("rejects a relative module URL with a TypeError showing how to write it", () => {
    assert.throws(() => threadTask("./tasks.ts", "add"), {
      name: "TypeError",
      message:
        'threadTask: moduleUrl must be an absolute URL (write new URL("./tasks.ts", import.meta.url)), got "./tasks.ts"',
    });
  });

  it("rejects an empty export name", () => {
    assert.throws(
      () => threadTask("file:///srv/t.ts", ""),
      /exportName must be a non-empty string, got ""/,
    );
  });
});
