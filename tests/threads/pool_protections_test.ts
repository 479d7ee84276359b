/**
 * What a pool guards against, deterministically (memory workers and
 * in-process threads, a `Clock` for time): a full backlog (`maxQueue`),
 * tasks from modules it does not allow, tasks that outlive their timeout,
 * threads that sit idle, and refusals that settle at once. The real-worker
 * half (terminating, recycling) is in `runaway_test.ts`.
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { TimeoutError } from "../../defer/errors.ts";
import { Failure } from "../../defer/failure.ts";
import { Clock } from "../../reactor/clock.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import {
  AlreadyQuit,
  ModuleNotAllowed,
  QueueFull,
} from "../../threads/errors.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { capturingLogSync, errorsIn } from "../_log.ts";
import { FakeReactor, PoolHelper, preload, T } from "./_pools.ts";

function peek(d: Deferred<unknown>): unknown {
  let seen: unknown = "unfired";
  d.addBoth((r: unknown) => {
    seen = r;
    return r;
  });
  return seen;
}

/** `d`'s Failure, handled (so it is not reported as unhandled later). */
function failed(d: Deferred<unknown>): Failure {
  let seen: unknown = "unfired";
  d.addBoth((r: unknown) => {
    seen = r;
    return null;
  });
  assert.ok(seen instanceof Failure, `expected a failure, got ${seen}`);
  return seen;
}

describe("maxQueue", () => {
  beforeEach(preload);

  it("refuses a task past maxQueue with QueueFull, through each way in, and takes more once the backlog drains", () => {
    const reactor = new FakeReactor();
    const helper = new PoolHelper({
      minthreads: 0,
      maxthreads: 1,
      maxQueue: 2,
      reactor,
    });
    const pool = helper.threadpool;
    const accepted = [
      deferToThreadPool(reactor, pool, T.add, 1, 1),
      deferToThreadPool(reactor, pool, T.add, 2, 2),
    ];
    const refused = deferToThreadPool(reactor, pool, T.add, 3, 3);
    reactor.drain();
    const failure = failed(refused);
    assert.ok(failure.check(QueueFull));
    assert.match(
      failure.getErrorMessage(),
      /already has 2 tasks waiting \(maxQueue\); task .*#add was not run/,
    );
    const heard: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => heard.push(ok, r), T.add, 4, 4);
    assert.equal(heard[0], false);
    assert.ok((heard[1] as Failure).check(QueueFull));
    const { events } = capturingLogSync(() => pool.callInThread(T.add, 5, 5));
    assert.ok(errorsIn(events)[0]!.failure!.check(QueueFull));

    pool.start();
    helper.settle();
    reactor.drain();
    assert.deepEqual(accepted.map(peek), [2, 4]);
    const later = deferToThreadPool(reactor, pool, T.add, 6, 6);
    helper.settle();
    reactor.drain();
    assert.equal(peek(later), 12);
  });

  it("rejects a maxQueue that is not a whole number", () => {
    assert.throws(() => new ThreadPool({ maxQueue: -1 }), {
      name: "RangeError",
      message:
        "ThreadPool: maxQueue must be an integer >= 0 (or Infinity), got -1",
    });
  });
});

describe("the module allowlist", () => {
  it("allows file: URLs and refuses data: and other origins with ModuleNotAllowed, naming the URL", () => {
    const pool = new ThreadPool({ inProcess: true, maxthreads: 1 });
    const data = threadTask(
      "data:text/javascript,export const f = () => 1",
      "f",
    );
    const remote = threadTask("https://evil.example/tasks.ts", "f");
    for (const task of [data, remote]) {
      assert.throws(() => pool.callInThread(task), (e: Error) => {
        assert.ok(e instanceof ModuleNotAllowed);
        assert.ok(e instanceof TypeError, "it is bad input");
        assert.match(e.message, /does not run tasks from "(data|https):/);
        assert.match(e.message, /allowed are file:/);
        return true;
      });
    }
    assert.doesNotThrow(() => pool.callInThread(T.add, 1, 2));
  });

  it("takes more prefixes from the modules option and allowModules, matching whole origins", () => {
    const pool = new ThreadPool({
      inProcess: true,
      maxthreads: 1,
      modules: ["https://cdn.example.com"],
    });
    const ok = threadTask("https://cdn.example.com/tasks.ts", "f");
    const lookalike = threadTask("https://cdn.example.com.evil.io/t.ts", "f");
    assert.doesNotThrow(() => pool.callInThread(ok));
    assert.throws(() => pool.callInThread(lookalike), ModuleNotAllowed);
    const data = threadTask(
      "data:text/javascript,export const f = () => 1",
      "f",
    );
    assert.throws(() => pool.callInThread(data), ModuleNotAllowed);
    pool.allowModules("data:");
    assert.doesNotThrow(() => pool.callInThread(data));
    assert.throws(() => pool.allowModules("not a url"), {
      name: "TypeError",
      message:
        'ThreadPool.allowModules: prefix 0 must be an absolute URL or a scheme like "data:", got "not a url"',
    });
  });
});

describe("timeouts on a Clock", () => {
  beforeEach(preload);

  it("fails a task that waits too long with TimeoutError and drops it from the backlog", () => {
    const clock = new Clock();
    const reactor = new FakeReactor();
    const helper = new PoolHelper({
      minthreads: 0,
      maxthreads: 1,
      taskTimeout: 5,
      clock,
      reactor,
    });
    const d = deferToThreadPool(reactor, helper.threadpool, T.add, 1, 2);
    clock.advance(4.9);
    reactor.drain();
    assert.equal(peek(d), "unfired");
    clock.advance(0.1);
    reactor.drain();
    const failure = peek(d) as Failure;
    assert.ok(failure.check(TimeoutError));
    assert.equal(
      failure.getErrorMessage(),
      `task ${T.add.key} timed out after 5 seconds`,
    );
    assert.equal(helper.threadpool.backlog, 0, "no longer waiting");
    helper.threadpool.start();
    helper.settle();
    reactor.drain();
    assert.ok(failed(d).check(TimeoutError), "fired once");
  });

  it("lets a task's own timeout override the pool's, and a task in time disarms it", () => {
    const clock = new Clock();
    const reactor = new FakeReactor();
    const helper = new PoolHelper({
      minthreads: 1,
      maxthreads: 1,
      taskTimeout: 100,
      clock,
      reactor,
    });
    helper.threadpool.start();
    const quick = threadTask<(a: number, b: number) => number>(
      T.add.moduleUrl,
      T.add.exportName,
      { timeout: 1 },
    );
    const slow = deferToThreadPool(reactor, helper.threadpool, quick, 1, 1);
    clock.advance(1);
    reactor.drain();
    assert.ok(failed(slow).check(TimeoutError));
    const inTime = deferToThreadPool(reactor, helper.threadpool, quick, 2, 2);
    helper.settle();
    reactor.drain();
    assert.equal(peek(inTime), 4);
    assert.deepEqual(clock.getDelayedCalls().map((c) => c.active()), []);
  });
});

describe("refusals settle at once", () => {
  it("fails a task handed to a stopped pool with AlreadyQuit, never leaving it pending", async () => {
    const reactor = new FakeReactor();
    const pool = new ThreadPool({ inProcess: true, maxthreads: 1, reactor });
    pool.start();
    await pool.stop();
    const d = deferToThreadPool(reactor, pool, T.add, 1, 1);
    reactor.drain();
    assert.ok(failed(d).check(AlreadyQuit));
  });
});

describe("idleTimeout on a Clock", () => {
  beforeEach(preload);

  it("shrinks an idle pool back to minthreads after a whole idleTimeout, and not while work is about", async () => {
    const clock = new Clock();
    const pool = new ThreadPool({
      inProcess: true,
      minthreads: 1,
      maxthreads: 3,
      concurrency: 1,
      idleTimeout: 10,
      clock,
      reactor: new FakeReactor(),
    });
    pool.start();
    const gates = [0, 1, 2].map(() => new Deferred<number>());
    for (const gate of gates) pool.callInThread(T.echo, gate);
    assert.equal(pool.workers, 3);
    clock.advance(30);
    assert.equal(pool.workers, 3, "busy threads stay");
    for (const gate of gates) gate.callback(1);
    await new Promise((r) => setTimeout(r, 0)); // the tasks' promises settle
    clock.advance(5);
    assert.equal(pool.workers, 3, "idle, but not for a whole idleTimeout yet");
    clock.advance(10);
    assert.equal(pool.workers, 1, "back to minthreads");
    pool.callInThread(T.add, 1, 1);
    clock.advance(100);
    assert.equal(pool.workers, 1, "never below minthreads");
  });
});
