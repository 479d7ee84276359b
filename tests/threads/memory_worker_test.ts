/**
 * `createMemoryWorker`: Twisted's `MemoryWorkerTests` (3), and how `perform`
 * treats work that returns a thenable (the IWorker extension).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/mod.ts";
import { AlreadyQuit, createMemoryWorker } from "../../threads/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";

describe("createMemoryWorker", () => {
  it("returns a worker whose do() queues work and a perform() that runs one item per call and returns true", () => {
    const [worker, perform] = createMemoryWorker();
    assert.equal(typeof worker.do, "function");
    assert.equal(typeof worker.quit, "function");
    const done: number[] = [];
    worker.do(() => done.push(3));
    worker.do(() => done.push(4));
    assert.deepEqual(done, []);
    assert.equal(perform(), true);
    assert.deepEqual(done, [3]);
    assert.equal(perform(), true);
    assert.deepEqual(done, [3, 4]);
  });

  it("makes do() and quit() throw AlreadyQuit after quit, while perform() still runs the work queued before it, then returns false", () => {
    const [worker, perform] = createMemoryWorker();
    const done: number[] = [];
    worker.do(() => done.push(7));
    worker.quit();
    assert.throws(() => worker.do(() => done.push(8)), AlreadyQuit);
    assert.throws(() => worker.quit(), AlreadyQuit);
    assert.equal(perform(), true);
    assert.deepEqual(done, [7]);
    assert.equal(perform(), false);
    assert.equal(perform(), false);
    assert.deepEqual(done, [7]);
  });

  it("returns false from perform() when nothing has been queued yet", () => {
    const [, perform] = createMemoryWorker();
    assert.equal(perform(), false);
  });

  it("lets an exception thrown by an item propagate out of perform() and goes on with the next item", () => {
    const [worker, perform] = createMemoryWorker();
    const done: string[] = [];
    worker.do(() => {
      throw new RangeError("boom");
    });
    worker.do(() => done.push("next"));
    assert.throws(() => perform(), RangeError);
    assert.equal(perform(), true);
    assert.deepEqual(done, ["next"]);
  });

  it("rejects a work item that is not a function with a TypeError naming it", () => {
    const [worker] = createMemoryWorker();
    assert.throws(
      () => worker.do(42 as unknown as () => void),
      {
        name: "TypeError",
        message: "memory worker do: work must be a function, got 42",
      },
    );
  });

  it("stays busy while an item's returned Deferred is unfired, and runs the next item once it fires", () => {
    const [worker, perform] = createMemoryWorker();
    const d = new Deferred<string>();
    const done: string[] = [];
    worker.do(() => d);
    worker.do(() => done.push("second"));
    assert.equal(perform(), true);
    assert.equal(perform(), false);
    assert.deepEqual(done, []);
    d.callback("value");
    assert.equal(perform(), true);
    assert.deepEqual(done, ["second"]);
    assert.equal(d.result, "value", "the Deferred's value stays in its chain");
  });

  it("stays busy while an item's returned promise is pending, and is free again after it resolves", async () => {
    const [worker, perform] = createMemoryWorker();
    let resolve!: () => void;
    const pending = new Promise<void>((r) => resolve = r);
    const done: string[] = [];
    worker.do(() => pending);
    worker.do(() => done.push("second"));
    assert.equal(perform(), true);
    assert.equal(perform(), false);
    resolve();
    await pending;
    await Promise.resolve();
    assert.equal(perform(), true);
    assert.deepEqual(done, ["second"]);
  });

  it("reports a rejected thenable returned by an item to log.err and becomes free again", async () => {
    const [worker, perform] = createMemoryWorker();
    const { events } = await capturingLog(async () => {
      worker.do(() => Promise.reject(new TypeError("async boom")));
      assert.equal(perform(), true);
      await new Promise((r) => setTimeout(r, 0));
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure?.value instanceof TypeError, true);
    assert.equal(errors[0]!.why, "memory worker: work's thenable rejected");
    worker.do(() => {});
    assert.equal(perform(), true);
  });

  it("reports an errbacked Deferred returned by an item to log.err synchronously and consumes its failure", () => {
    const [worker, perform] = createMemoryWorker();
    const d = new Deferred();
    const { events } = capturingLogSync(() => {
      worker.do(() => d);
      perform();
      d.errback(new Error("deferred boom"));
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure?.getErrorMessage(), "deferred boom");
    assert.equal(d.result, undefined, "the failure was consumed");
  });

  it("treats a value with a non-function then property as a plain result", () => {
    const [worker, perform] = createMemoryWorker();
    const done: string[] = [];
    worker.do(() => ({ then: 5 }));
    worker.do(() => done.push("next"));
    assert.equal(perform(), true);
    assert.equal(perform(), true);
    assert.deepEqual(done, ["next"]);
  });

  it("does not run the stop marker or anything after it even when asked repeatedly", () => {
    const [worker, perform] = createMemoryWorker();
    worker.quit();
    assert.equal(perform(), false);
    assert.equal(perform(), false);
  });
});
