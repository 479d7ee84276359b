/**
 * `LockWorker`: Twisted's `LockWorkerTests` (7, two of which test Twisted's
 * fake-lock fixture; their counterparts here test what the lock guaranteed:
 * no nesting, and release after an exception), plus the error and thenable
 * behaviour of this port.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/mod.ts";
import { AlreadyQuit, LockWorker } from "../../threads/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";

describe("LockWorker", () => {
  it("runs the work it is given immediately, while marked busy, and is free afterwards", () => {
    const worker = new LockWorker();
    let busyInside: boolean | undefined;
    let done = false;
    worker.do(() => {
      done = true;
      busyInside = worker.busy;
    });
    assert.equal(done, true);
    assert.equal(busyInside, true);
    assert.equal(worker.busy, false);
  });

  it("postpones work submitted from inside a work item until the outer item has returned", () => {
    const worker = new LockWorker();
    const levels: number[] = [];
    const busy: boolean[] = [];
    let level = 0;
    const work = () => {
      level++;
      levels.push(level);
      busy.push(worker.busy);
      if (levels.length < 2) worker.do(work);
      level--;
    };
    worker.do(work);
    assert.deepEqual(levels, [1, 1]);
    assert.deepEqual(busy, [true, true]);
  });

  it("runs re-entrantly submitted work in submission order, after the item that submitted it", () => {
    const worker = new LockWorker();
    const order: string[] = [];
    worker.do(() => {
      order.push("a");
      worker.do(() => {
        order.push("c");
        worker.do(() => order.push("e"));
      });
      worker.do(() => order.push("d"));
      order.push("b");
    });
    assert.deepEqual(order, ["a", "b", "c", "d", "e"]);
  });

  it("makes do() and quit() throw AlreadyQuit after quit", () => {
    const worker = new LockWorker();
    worker.quit();
    assert.throws(() => worker.quit(), AlreadyQuit);
    let ran = false;
    assert.throws(() => worker.do(() => ran = true), {
      name: "AlreadyQuit",
      message: "LockWorker.do: this LockWorker has already quit",
    });
    assert.equal(ran, false);
  });

  it("finishes the work queued before quit when quit is called from inside a work item, and refuses work after it", () => {
    const worker = new LockWorker();
    const order: string[] = [];
    let refused: unknown;
    worker.do(() => {
      worker.do(() => order.push("phase 2"));
      worker.quit();
      try {
        worker.do(() => order.push("too late"));
      } catch (e) {
        refused = e;
      }
      order.push("phase 1");
    });
    assert.deepEqual(order, ["phase 1", "phase 2"]);
    assert.ok(refused instanceof AlreadyQuit);
    assert.equal(worker.busy, false);
  });

  it("rethrows an exception from the caller's own work item and stays usable afterwards", () => {
    const worker = new LockWorker();
    assert.throws(
      () =>
        worker.do(() => {
          throw new RangeError("boom");
        }),
      RangeError,
    );
    assert.equal(worker.busy, false);
    let ran = false;
    worker.do(() => ran = true);
    assert.equal(ran, true);
  });

  it("still runs the work queued behind an item that throws, then rethrows the first exception and logs the others", () => {
    const worker = new LockWorker();
    const order: string[] = [];
    const { events } = capturingLogSync(() => {
      assert.throws(
        () =>
          worker.do(() => {
            worker.do(() => {
              order.push("second");
              throw new TypeError("second failed");
            });
            worker.do(() => order.push("third"));
            throw new RangeError("first failed");
          }),
        RangeError,
      );
    });
    assert.deepEqual(order, ["second", "third"]);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure?.getErrorMessage(), "second failed");
    assert.equal(errors[0]!.why, "LockWorker: work raised an exception");
  });

  it("rejects work that is not a function with a TypeError naming it", () => {
    const worker = new LockWorker();
    assert.throws(() => worker.do(null as unknown as () => void), {
      name: "TypeError",
      message: "LockWorker.do: work must be a function, got null",
    });
  });

  it("stays busy while an item's returned Deferred is unfired and runs the waiting work inside its callback", () => {
    const worker = new LockWorker();
    const d = new Deferred<number>();
    const order: string[] = [];
    worker.do(() => {
      order.push("first");
      return d;
    });
    worker.do(() => order.push("second"));
    assert.deepEqual(order, ["first"]);
    assert.equal(worker.busy, true);
    d.callback(1);
    assert.deepEqual(order, ["first", "second"]);
    assert.equal(worker.busy, false);
    assert.equal(d.result, 1);
  });

  it("stays busy while an item's returned promise is pending and resumes in order once it resolves", async () => {
    const worker = new LockWorker();
    let resolve!: () => void;
    const pending = new Promise<void>((r) => resolve = r);
    const order: string[] = [];
    worker.do(() => pending);
    worker.do(() => order.push("second"));
    worker.do(() => order.push("third"));
    assert.deepEqual(order, []);
    resolve();
    await pending;
    await Promise.resolve();
    assert.deepEqual(order, ["second", "third"]);
    assert.equal(worker.busy, false);
  });

  it("logs a rejected thenable and an exception raised after resuming, since no caller is left to receive them", async () => {
    const worker = new LockWorker();
    const d = new Deferred();
    const order: string[] = [];
    const { events } = await capturingLog(() => {
      worker.do(() => d);
      worker.do(() => {
        throw new TypeError("after resume");
      });
      worker.do(() => order.push("last"));
      d.errback(new RangeError("rejected"));
    });
    assert.deepEqual(order, ["last"]);
    const errors = errorsIn(events);
    assert.deepEqual(errors.map((e) => [e.why, e.failure?.getErrorMessage()]), [
      ["LockWorker: work's thenable rejected", "rejected"],
      ["LockWorker: work raised an exception", "after resume"],
    ]);
  });

  it("runs ten thousand re-entrantly queued items without growing the stack", () => {
    const worker = new LockWorker();
    let count = 0;
    const work = () => {
      count++;
      if (count < 10_000) worker.do(work);
    };
    worker.do(work);
    assert.equal(count, 10_000);
  });
});

describe("LockWorker runNow (the Team's closure-free do)", () => {
  it("runs fn(a, b) at once on an idle worker, while marked busy", () => {
    const worker = new LockWorker();
    const seen: unknown[] = [];
    const ran = worker._runNow(
      (a: string, b: number) => {
        seen.push(a, b, worker.busy);
      },
      "x",
      2,
    );
    assert.equal(ran, true);
    assert.deepEqual(seen, ["x", 2, true]);
    assert.equal(worker.busy, false);
  });

  it("refuses, running nothing, while an item runs, and the item's queued work still runs in order", () => {
    const worker = new LockWorker();
    const order: string[] = [];
    let refused: boolean | undefined;
    worker.do(() => {
      refused = !worker._runNow(() => order.push("never"), 0, 0);
      worker.do(() => order.push("queued"));
      order.push("outer");
    });
    assert.equal(refused, true);
    assert.deepEqual(order, ["outer", "queued"]);
  });

  it("runs the work its item queued before rethrowing the item's exception", () => {
    const worker = new LockWorker();
    const order: string[] = [];
    assert.throws(
      () =>
        worker._runNow(
          () => {
            worker.do(() => order.push("queued"));
            throw new RangeError("mine");
          },
          0,
          0,
        ),
      RangeError,
    );
    assert.deepEqual(order, ["queued"]);
    assert.equal(worker.busy, false);
  });

  it("stays busy while the item's returned Deferred is unfired, and refuses meanwhile", () => {
    const worker = new LockWorker();
    const d = new Deferred();
    const order: string[] = [];
    worker._runNow(() => d, 0, 0);
    assert.equal(worker.busy, true);
    assert.equal(worker._runNow(() => order.push("no"), 0, 0), false);
    worker.do(() => order.push("waited"));
    assert.deepEqual(order, []);
    d.callback(undefined);
    assert.deepEqual(order, ["waited"]);
    assert.equal(worker.busy, false);
  });

  it("throws AlreadyQuit after quit", () => {
    const worker = new LockWorker();
    worker.quit();
    assert.throws(() => worker._runNow(() => {}, 0, 0), AlreadyQuit);
  });
});
