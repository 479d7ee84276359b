/**
 * deferToThreadPool (Twisted's `test_threads.py` DeferredResultTests and
 * DeferToThreadPoolTests in behaviour), cancellation, function proxies and
 * blockingCallFromThread on the reactor thread — deterministic: in-process
 * pools and a reactor whose `callFromThread` queue is drained by hand.
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { CancelledError } from "../../defer/errors.ts";
import { Failure } from "../../defer/failure.ts";
import { fail, succeed } from "../../defer/succeed.ts";
import { AlreadyQuit } from "../../threads/errors.ts";
import { blockingCallFromThread } from "../../threads/blocking_call_from_thread.ts";
import {
  deferToThreadPool,
  reactorThreadPool,
} from "../../threads/defer_to_thread.ts";
import { taskSignal } from "../../threads/task_signal.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import { FakeReactor, PoolHelper, preload, T, turn } from "./_pools.ts";

function started(max = 2): ThreadPool {
  const pool = new ThreadPool({
    minthreads: 0,
    maxthreads: max,
    inProcess: true,
  });
  pool.start();
  return pool;
}

/** The Deferred's current result (a Failure is consumed), or "unfired". */
function peek(d: Deferred<unknown>): unknown {
  let out: unknown = "unfired";
  d.addBoth((r: unknown) => {
    out = r;
    return r instanceof Failure ? undefined : r;
  });
  return out;
}

describe("deferToThreadPool", () => {
  beforeEach(preload);

  it("fires with the task's result, only when the reactor runs the call", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const d = deferToThreadPool(reactor, pool, T.add, 3, 4);
    assert.equal(d.called, false);
    assert.equal(reactor.drain(), 1);
    assert.equal(peek(d), 7);
    await pool.stop();
  });

  it("errbacks with a Failure of the task's error, by name and message", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const d = deferToThreadPool(reactor, pool, T.raise, "new error");
    reactor.drain();
    const f = peek(d) as Failure;
    assert.ok(f instanceof Failure);
    assert.ok(f.check("NewError"));
    assert.equal(f.getErrorMessage(), "new error");
    await pool.stop();
  });

  it("fails after a success when the second task throws", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const d = deferToThreadPool(reactor, pool, T.echo, null)
      .addCallback(() => deferToThreadPool(reactor, pool, T.raiseRange));
    reactor.drain();
    reactor.drain();
    const f = peek(d) as Failure;
    assert.ok(f.check(RangeError));
    await pool.stop();
  });

  it("fires with the value of a task's promise", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const d = deferToThreadPool(reactor, pool, T.later, "soon", 1);
    while (reactor.queue.length === 0) await turn();
    reactor.drain();
    assert.equal(peek(d), "soon");
    await pool.stop();
  });

  it("errbacks with a thrown non-Error value itself", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const d = deferToThreadPool(reactor, pool, T.throwValue, 42);
    reactor.drain();
    assert.equal((peek(d) as Failure).value, 42);
    await pool.stop();
  });

  it("errbacks with AlreadyQuit when the pool is stopped", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    await pool.stop();
    const d = deferToThreadPool(reactor, pool, T.add, 1, 1);
    reactor.drain();
    assert.ok((peek(d) as Failure).check(AlreadyQuit));
  });

  it("reactorThreadPool refuses a reactor without getThreadPool, naming it", () => {
    for (const reactor of [null, "x", {}]) {
      assert.throws(
        () => reactorThreadPool(reactor as never),
        /^TypeError: reactorThreadPool: reactor must have a getThreadPool method, got /,
      );
    }
  });

  it("rejects a reactor without callFromThread and a pool that is not a ThreadPool", () => {
    const pool = new ThreadPool({ inProcess: true });
    assert.throws(
      () => deferToThreadPool({} as never, pool, T.add, 1, 2),
      /deferToThreadPool: reactor must have a callFromThread method/,
    );
    assert.throws(
      () => deferToThreadPool(new FakeReactor(), {} as never, T.add, 1, 2),
      /deferToThreadPool: pool must be a ThreadPool, got an object/,
    );
  });
});

describe("deferToThreadPool cancellation", () => {
  beforeEach(preload);

  it("cancelling a task still in the backlog removes it: it never runs", () => {
    const reactor = new FakeReactor();
    const helper = new PoolHelper({ minthreads: 0, maxthreads: 1 });
    helper.threadpool.start();
    const key = `never-${Math.random()}`;
    const first = deferToThreadPool(reactor, helper.threadpool, T.count, key);
    const second = deferToThreadPool(reactor, helper.threadpool, T.count, key);
    helper.performAllCoordination();
    assert.equal(helper.threadpool.backlog, 2);
    second.cancel();
    assert.ok((peek(second) as Failure).check(CancelledError));
    assert.equal(helper.threadpool.backlog, 1);
    helper.settle();
    reactor.drain();
    assert.equal(peek(first), 1, "the second task did not run before it");
    assert.equal(helper.threadpool.backlog, 0);
    assert.equal(helper.threadpool.statistics().backloggedWorkCount, 0);
    assert.equal(helper.threadpool.statistics().busyWorkerCount, 0);
  });

  it("cancelling a running task aborts its signal with a CancelledError reason", async () => {
    const pool = started();
    const results: unknown[] = [];
    const job = pool._submit(
      "test",
      (ok, r) => results.push(ok, r),
      null,
      T.waitForAbort,
      [],
      new FakeReactor(),
    )!;
    assert.deepEqual(results, []);
    job.cancel();
    await turn();
    assert.deepEqual(results, [true, "CancelledError"]);
    await pool.stop();
  });

  it("the Deferred of a cancelled running task fails at once and ignores the task's late answer", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const other: unknown[] = [];
    pool.callInThreadWithCallback((ok, r) => other.push(ok, r), T.waitForAbort);
    const d = deferToThreadPool(reactor, pool, T.waitForAbort);
    d.cancel();
    const failure = peek(d) as Failure;
    assert.ok(failure.check(CancelledError));
    await turn();
    assert.equal(reactor.drain(), 0, "the late answer is dropped");
    assert.deepEqual(other, [], "the other task is not cancelled");
    assert.equal(pool.statistics().busyWorkerCount, 1);
  });

  it("the lane of a cancelled running task is freed when the task finishes", async () => {
    const reactor = new FakeReactor();
    const pool = started(1);
    const d = deferToThreadPool(reactor, pool, T.waitForAbort);
    assert.equal(pool.statistics().busyWorkerCount, 1);
    d.cancel();
    assert.ok((peek(d) as Failure).check(CancelledError));
    await turn();
    assert.equal(pool.statistics().busyWorkerCount, 0);
    await pool.stop();
  });

  it("outside a task, taskSignal is a signal that never aborts", () => {
    const signal = taskSignal();
    assert.equal(signal.aborted, false);
    assert.equal(taskSignal(), signal);
  });
});

describe("function proxies (in-process)", () => {
  beforeEach(preload);

  it("a function argument runs through the reactor's callFromThread, not inside the task", async () => {
    const reactor = new FakeReactor();
    const pool = started();
    const got = new Deferred<unknown>();
    const d = deferToThreadPool(
      reactor,
      pool,
      T.callBack,
      got.callback,
      "via proxy",
    );
    assert.equal(got.called, false, "the task only queued the call");
    reactor.drain();
    assert.equal(peek(got), "via proxy");
    assert.equal(peek(d), "called");
    await pool.stop();
  });

  it("callInThread with a Deferred's callback fires it on the reactor (Twisted's seed program)", async () => {
    const reactor = new FakeReactor();
    const pool = new ThreadPool({
      minthreads: 0,
      maxthreads: 1,
      inProcess: true,
      reactor,
    });
    pool.start();
    const d = new Deferred<unknown>();
    pool.callInThread(T.callBack, d.callback, 7);
    reactor.drain();
    assert.equal(peek(d), 7);
    await pool.stop();
  });
});

describe("blockingCallFromThread on the reactor thread", () => {
  it("returns a result that is already there", () => {
    assert.equal(blockingCallFromThread(null, () => succeed("foo")), "foo");
    assert.equal(blockingCallFromThread(null, (a: number) => a + 1, 1), 2);
  });

  it("throws the error of a failed Deferred, and a synchronous throw", () => {
    assert.throws(
      () => blockingCallFromThread(null, () => fail(new RangeError("bar"))),
      { name: "RangeError", message: "bar" },
    );
    assert.throws(
      () =>
        blockingCallFromThread(null, () => {
          throw new TypeError("spam");
        }),
      { name: "TypeError", message: "spam" },
    );
  });

  it("refuses to wait for a result that is not there, saying it would deadlock", async () => {
    const d = new Deferred<string>();
    assert.throws(
      () => blockingCallFromThread(null, () => d),
      /called on the reactor thread and fn's result is not ready; waiting for it would deadlock/,
    );
    const { events } = await capturingLog(() => d.errback(new Error("late")));
    assert.equal(errorsIn(events).length, 1, "a late failure is logged");
  });

  it("rejects something that is neither a function nor a thread task", () => {
    assert.throws(
      () => blockingCallFromThread(null, 5 as never),
      /fn must be a function or a ThreadTask, got 5/,
    );
  });
});
