/**
 * `DeferredSemaphore`: Twisted's OtherPrimitivesTests (`testSemaphore`,
 * `test_semaphoreInvalidTokens`, `test_cancelSemaphore*`) in behaviour,
 * plus argument checks, `using`, bounded concurrency and a seeded model
 * check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  DeferredSemaphore,
} from "../../defer/mod.ts";
import { randomInt, seededRandom } from "../_random.ts";
import { failureOf } from "./_results.ts";

describe("DeferredSemaphore", () => {
  describe("construction", () => {
    it("starts with tokens and limit equal to the given count", () => {
      const sem = new DeferredSemaphore(13);
      assert.equal(sem.tokens, 13);
      assert.equal(sem.limit, 13);
      assert.deepEqual(sem.waiting, []);
    });

    it("throws a RangeError for a token count below one", () => {
      for (const bad of [0, -1]) {
        assert.throws(() => new DeferredSemaphore(bad), {
          name: "RangeError",
          message:
            `DeferredSemaphore: tokens must be an integer >= 1, got ${bad}`,
        });
      }
    });

    it("throws a RangeError for a token count that is not an integer", () => {
      for (const bad of [1.5, NaN, Infinity]) {
        assert.throws(() => new DeferredSemaphore(bad), {
          name: "RangeError",
          message:
            `DeferredSemaphore: tokens must be an integer >= 1, got ${bad}`,
        });
      }
    });

    it("throws a TypeError for a token count that is not a number", () => {
      assert.throws(() => new DeferredSemaphore("3" as never), {
        name: "TypeError",
        message: 'DeferredSemaphore: tokens must be an integer >= 1, got "3"',
      });
    });
  });

  describe("acquire and release", () => {
    it("fires acquisitions at once while tokens last, then makes the next wait", () => {
      const n = 13;
      const sem = new DeferredSemaphore(n);
      let counter = 0;
      for (let i = 1; i <= n; i++) {
        sem.acquire().addCallback(() => counter++);
        assert.equal(counter, i);
        assert.equal(sem.tokens, n - i);
      }
      const waiter = sem.acquire().addCallback(() => counter++);
      assert.equal(counter, n);
      sem.release();
      assert.equal(counter, n + 1);
      assert.equal(waiter.called, true);
      assert.equal(
        sem.tokens,
        0,
        "the freed token went straight to the waiter",
      );
      for (let i = 1; i <= n; i++) {
        sem.release();
        assert.equal(counter, n + 1);
      }
      assert.equal(sem.tokens, n);
    });

    it("fires every acquisition with the semaphore itself", () => {
      const sem = new DeferredSemaphore(1);
      assert.equal(sem.acquire().result, sem);
    });

    it("throws a RangeError when released more often than acquired", () => {
      const sem = new DeferredSemaphore(2);
      sem.acquire();
      sem.release();
      assert.throws(() => sem.release(), {
        name: "RangeError",
        message:
          "DeferredSemaphore.release: released more times than acquired (all 2 tokens are already free)",
      });
      assert.equal(sem.tokens, 2);
    });
  });

  describe("cancellation", () => {
    it("fails a waiting acquire with CancelledError and removes only it", () => {
      const sem = new DeferredSemaphore(1);
      sem.acquire();
      const a = sem.acquire();
      const b = sem.acquire();
      const outcomes: string[] = [];
      a.addCallbacks(
        () => outcomes.push("a fired"),
        (f) => {
          outcomes.push("a failed");
          return f;
        },
      );
      a.cancel();
      assert.deepEqual(outcomes, ["a failed"]);
      assert.ok(failureOf(a).value instanceof CancelledError);
      assert.deepEqual(sem.waiting, [b]);
      sem.release();
      assert.equal(b.result, sem);
    });

    it("does nothing when an acquire that already has a token is cancelled", () => {
      const sem = new DeferredSemaphore(1);
      const d = sem.acquire();
      let errbacks = 0;
      d.addErrback(() => errbacks++);
      d.cancel();
      assert.equal(errbacks, 0);
      assert.equal(sem.tokens, 0);
    });
  });

  describe("run", () => {
    it("calls the function with its argument and releases once the returned Deferred fires", () => {
      const sem = new DeferredSemaphore(13);
      const control = new Deferred<undefined>();
      let helperArg: unknown;
      const unique = {};
      const results: unknown[] = [];
      const d = sem.run((arg: object) => {
        helperArg = arg;
        return control;
      }, unique);
      d.addCallback((r) => {
        results.push(r);
      });
      assert.deepEqual(results, []);
      assert.equal(helperArg, unique);
      assert.equal(sem.tokens, 12);
      control.callback(undefined);
      assert.deepEqual(results, [undefined]);
      assert.equal(sem.tokens, 13);
    });

    it("throws a TypeError, without taking a token, when given no function", () => {
      const sem = new DeferredSemaphore(1);
      assert.throws(() => sem.run("f" as never), {
        name: "TypeError",
        message: 'DeferredSemaphore.run: fn must be a function, got "f"',
      });
      assert.equal(sem.tokens, 1);
    });

    it("releases its token and passes the failure on when the function throws", () => {
      const sem = new DeferredSemaphore(1);
      const error = new Error("nope");
      const d = sem.run(() => {
        throw error;
      });
      assert.equal(sem.tokens, 1);
      assert.equal(failureOf(d).value, error);
    });

    it("never runs more functions at once than its limit", () => {
      const sem = new DeferredSemaphore(3);
      const jobs = Array.from({ length: 10 }, () => new Deferred<number>());
      let active = 0;
      let most = 0;
      const results = jobs.map((job, i) =>
        sem.run(() => {
          active++;
          most = Math.max(most, active);
          return job.addCallback((v) => {
            active--;
            return v * i;
          });
        })
      );
      assert.equal(active, 3);
      assert.equal(sem.waiting.length, 7);
      for (const job of [...jobs].reverse()) job.callback(2);
      assert.equal(most, 3);
      assert.deepEqual(results.map((d) => d.result), jobs.map((_, i) => 2 * i));
      assert.equal(sem.tokens, 3);
    });

    it("runs 100,000 queued synchronous functions in order without growing the stack", () => {
      const sem = new DeferredSemaphore(2);
      sem.acquire();
      sem.acquire();
      const n = 100_000;
      const order: number[] = [];
      for (let i = 0; i < n; i++) sem.run(() => order.push(i));
      sem.release();
      assert.equal(order.length, n);
      assert.ok(order.every((v, i) => v === i), "out of order");
      assert.equal(sem.tokens, 1);
    });
  });

  it("never runs a function whose run() was cancelled while waiting, and keeps the token count", () => {
    const sem = new DeferredSemaphore(1);
    sem.acquire();
    let ran = false;
    const d = sem.run(() => {
      ran = true;
    });
    d.cancel();
    failureOf(d, CancelledError);
    sem.release();
    assert.equal(ran, false);
    assert.equal(sem.tokens, 1);
    assert.equal(sem.waiting.length, 0);
  });

  it("gives the token back at the end of a using block", async () => {
    const sem = new DeferredSemaphore(2);
    {
      using held = await sem.acquire();
      assert.equal(held, sem);
      assert.equal(sem.tokens, 1);
    }
    assert.equal(sem.tokens, 2);
  });

  it("matches a simple model over seeded random acquire, release and cancel sequences", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const limit = 1 + randomInt(random, 4);
      const sem = new DeferredSemaphore(limit);
      let holders = 0;
      const queue: number[] = [];
      const ds: Deferred<DeferredSemaphore>[] = [];
      const fired: number[] = [];
      const expected: number[] = [];
      for (let step = 0; step < 200; step++) {
        const op = randomInt(random, 3);
        if (op === 0) {
          const id = ds.length;
          const d = sem.acquire();
          d.addCallbacks(() => fired.push(id), () => undefined);
          ds.push(d);
          if (holders < limit) {
            holders++;
            expected.push(id);
          } else queue.push(id);
        } else if (op === 1 && holders > 0) {
          sem.release();
          const next = queue.shift();
          if (next === undefined) holders--;
          else expected.push(next);
        } else if (op === 2 && queue.length > 0) {
          const id = queue.splice(randomInt(random, queue.length), 1)[0]!;
          ds[id]!.cancel();
        }
        const context = `seed ${seed}, limit ${limit}, step ${step}`;
        assert.deepEqual(fired, expected, context);
        assert.equal(sem.tokens, limit - holders, context);
        assert.deepEqual(sem.waiting, queue.map((id) => ds[id]), context);
      }
    }
  });
});
