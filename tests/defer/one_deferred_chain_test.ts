/**
 * The callback chain of one Deferred: pairs, extra arguments, failures,
 * re-entrancy, pause/unpause — Twisted's DeferredTests (the single-Deferred
 * part: testCallbackWithoutArgs, testTwoCallbacks, testPausedFailure,
 * testCallbackErrors, test_reentrantRunCallbacks and their neighbours).
 * Chains of Deferreds are in
 * `deferreds_chained_together_test.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, Failure } from "../../defer/mod.ts";
import { failureOf, resultOf } from "./_results.ts";

class GenericError extends Error {
  override name = "GenericError";
}

describe("Deferred callbacks", () => {
  it("calls a callback with the result and no extra arguments", () => {
    const d = new Deferred<string>();
    const calls: unknown[][] = [];
    d.addCallback((...args: unknown[]) => calls.push(args));
    d.callback("hello");
    assert.deepEqual(calls, [["hello"]]);
  });

  it("passes extra addCallback arguments after the result", () => {
    const d = new Deferred<string>();
    const calls: unknown[][] = [];
    d.addCallback((r: string, w: string) => calls.push([r, w]), "world");
    d.callback("hello");
    assert.deepEqual(calls, [["hello", "world"]]);
  });

  it("passes callbackArgs from the addCallbacks options after the result", () => {
    const d = new Deferred<string>();
    const calls: unknown[][] = [];
    d.addCallbacks(
      (...args: unknown[]) => calls.push(args),
      () => assert.fail("errback must not run"),
      { callbackArgs: [1, 2], errbackArgs: [3] },
    );
    d.callback("hello");
    assert.deepEqual(calls, [["hello", 1, 2]]);
  });

  it("passes errbackArgs from the addCallbacks options after the failure", () => {
    const d = new Deferred<string>();
    const calls: unknown[][] = [];
    d.addCallbacks(
      () => assert.fail("callback must not run"),
      (f: Failure, ...rest: unknown[]) => {
        calls.push([f.getErrorMessage(), ...rest]);
      },
      { callbackArgs: [1, 2], errbackArgs: [3] },
    );
    d.errback(new GenericError("bang"));
    assert.deepEqual(calls, [["bang", 3]]);
  });

  it("passes each callback's return value to the next callback", () => {
    const d = new Deferred<string>();
    const seen: unknown[] = [];
    d.addCallback((r) => {
      seen.push(r);
      return r + "!";
    });
    d.addCallback((r) => {
      seen.push(r);
    });
    d.callback("hello");
    assert.deepEqual(seen, ["hello", "hello!"]);
    assert.equal(d.result, undefined);
  });

  it("passes a failure through when addCallbacks is given a null errback", () => {
    const error = new GenericError("oopsie");
    const d = new Deferred<unknown>();
    let called = false;
    d.addCallbacks(() => {
      called = true;
    }, null);
    d.errback(error);
    const errors: unknown[][] = [];
    d.addErrback((...args: unknown[]) => {
      errors.push(args);
    });
    assert.equal(called, false);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.length, 1);
    assert.equal((errors[0]![0] as Failure).value, error);
  });

  it("treats null callbackArgs and errbackArgs as no extra arguments", () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => {
      calls.push(args);
    };
    const ok = new Deferred<string>();
    ok.addCallbacks(record, record, { callbackArgs: null, errbackArgs: null });
    ok.callback("hello");
    const bad = new Deferred<string>();
    bad.addCallbacks(record, record, { callbackArgs: null, errbackArgs: null });
    bad.errback(new GenericError("oopsie"));
    assert.deepEqual(calls[0], ["hello"]);
    assert.equal(calls[1]!.length, 1);
    assert.ok(calls[1]![0] instanceof Failure);
  });

  it("runs a callback added to an already-fired Deferred at once", () => {
    const d = new Deferred<string>();
    d.callback("success");
    const seen: string[] = [];
    d.addCallback((r) => {
      seen.push(r);
    });
    assert.deepEqual(seen, ["success"]);
  });

  it("runs an errback added to an already-failed Deferred at once", () => {
    const d = new Deferred<string>();
    d.errback(new GenericError("fail"));
    const seen: string[] = [];
    d.addErrback((f) => {
      seen.push(f.getErrorMessage());
    });
    assert.deepEqual(seen, ["fail"]);
  });

  it("keeps a failure in a paused Deferred until it is unpaused", () => {
    const d = new Deferred<string>();
    d.errback(new GenericError("fail"));
    d.pause();
    const seen: string[] = [];
    d.addErrback((f) => {
      seen.push(f.getErrorMessage());
    });
    assert.deepEqual(seen, []);
    d.unpause();
    assert.deepEqual(seen, ["fail"]);
  });

  it("turns an exception thrown by a callback into a Failure for the next errback", () => {
    const d = new Deferred<number>();
    const failures: Failure[] = [];
    d.addCallback(() => {
      throw new RangeError("division by zero");
    }).addErrback((f) => {
      failures.push(f);
    });
    d.callback(1);
    assert.ok(failures[0]!.value instanceof RangeError);
  });

  it("treats a Failure returned by a callback as a failure", () => {
    const d = new Deferred<number>();
    const failures: Failure[] = [];
    d.addCallback(() => new Failure(new RangeError("returned")))
      .addErrback((f) => {
        failures.push(f);
      });
    d.callback(1);
    assert.ok(failures[0]!.value instanceof RangeError);
  });

  it("does not pass a callback's exception to the errback of the same pair", () => {
    const d = new Deferred<number>();
    const order: string[] = [];
    d.addCallbacks(() => {
      order.push("callback");
      throw new GenericError("from callback");
    }, () => {
      order.push("same-pair errback");
    });
    d.addErrback((f) => {
      order.push(`next errback: ${f.getErrorMessage()}`);
    });
    d.callback(1);
    assert.deepEqual(order, ["callback", "next errback: from callback"]);
  });

  it("runs an addBoth function on either outcome with the same extra arguments", () => {
    const seen: unknown[][] = [];
    const both = (r: unknown, extra: string) => {
      seen.push([r instanceof Failure ? "failure" : r, extra]);
    };
    const ok = new Deferred<number>();
    ok.addBoth(both, "x");
    ok.callback(5);
    const bad = new Deferred<number>();
    bad.addBoth(both, "y");
    bad.errback(new GenericError("no"));
    assert.deepEqual(seen, [[5, "x"], ["failure", "y"]]);
  });

  it("passes extra addErrback arguments after the failure", () => {
    const d = new Deferred<number>();
    const seen: unknown[] = [];
    d.addErrback(
      (f: Failure, a: number, b: string) => {
        seen.push(f.getErrorMessage(), a, b);
      },
      1,
      "two",
    );
    d.errback(new GenericError("e"));
    assert.deepEqual(seen, ["e", 1, "two"]);
  });

  it("fires the errback side with the same object when callback is given a Failure", () => {
    const d = new Deferred<unknown>();
    const failure = new Failure(new GenericError("v"));
    d.callback(failure);
    assert.equal(failureOf(d), failure);
  });

  it("uses a Failure given to errback as is and wraps any other value", () => {
    const failure = new Failure(new GenericError("as is"));
    const d1 = new Deferred();
    d1.errback(failure);
    assert.equal(failureOf(d1), failure);
    const error = new GenericError("wrapped");
    const d2 = new Deferred();
    d2.errback(error);
    const wrapped = failureOf(d2);
    assert.notEqual(wrapped, error);
    assert.equal(wrapped.value, error);
    const d3 = new Deferred();
    d3.errback(42);
    assert.equal(failureOf(d3).value, 42);
  });

  it("fails with an Error saying so when errback is called without a reason", () => {
    const d = new Deferred();
    d.errback();
    const f = failureOf(d, Error);
    assert.match(f.getErrorMessage(), /errback\(\) called without a reason/);
  });

  it("runs a callback added by a running callback after the remaining callbacks", () => {
    const d = new Deferred<null>();
    const called: number[] = [];
    d.addCallback(() => {
      called.push(1);
      d.addCallback(() => {
        called.push(3);
      });
    });
    d.addCallback(() => {
      called.push(2);
    });
    d.callback(null);
    assert.deepEqual(called, [1, 2, 3]);
  });

  it("does not run a callback added by a running callback before that callback returns", () => {
    const d = new Deferred<null>();
    const called: number[] = [];
    let seenInside: number[] = [];
    d.addCallback(() => {
      called.push(1);
      d.addCallback(() => {
        called.push(2);
      });
      seenInside = [...called];
    });
    d.callback(null);
    assert.deepEqual(seenInside, [1]);
    assert.deepEqual(called, [1, 2]);
  });

  it("errbacks with the exception of a callback that a running callback added", () => {
    const d = new Deferred<null>();
    d.addCallback(() => {
      d.addCallback(() => {
        throw new Error("callback raised exception");
      });
    });
    d.callback(null);
    const f = failureOf(d, Error);
    assert.equal(f.getErrorMessage(), "callback raised exception");
  });
});

describe("Deferred state", () => {
  it("has no result and is not called before firing", () => {
    const d = new Deferred<number>();
    assert.equal(d.called, false);
    assert.equal(d.hasResult, false);
    assert.equal(d.result, undefined);
    assert.equal(d.paused, 0);
  });

  it("is called and holds the last callback's value after firing", () => {
    const d = new Deferred<number>();
    d.addCallback((n) => n * 2);
    d.callback(21);
    assert.equal(d.called, true);
    assert.equal(d.hasResult, true);
    assert.equal(d.result, 42);
  });

  it("distinguishes an undefined result from no result", () => {
    const d = new Deferred<undefined>();
    d.callback(undefined);
    assert.equal(d.hasResult, true);
    const seen: unknown[] = [];
    d.addCallback((r) => {
      seen.push(r);
    });
    assert.deepEqual(seen, [undefined]);
  });

  it("holds the Failure as its result after a callback throws", () => {
    const d = new Deferred<number>();
    d.addCallback(() => {
      throw new GenericError("kept");
    });
    d.callback(1);
    assert.ok(d.result instanceof Failure);
    failureOf(d, GenericError);
  });

  it("gives callback and errback bound to their Deferred, a new function per read as Python's bound methods", () => {
    const d = new Deferred<number>();
    const fire = d.callback;
    assert.notEqual(d.callback, fire, "each read is a new function");
    const other = new Deferred<number>();
    void other.callback; // reading another's does not rebind this one
    fire.call(undefined, 5);
    assert.equal(d.result, 5);
    assert.equal(other.called, false);
    const e = new Deferred<number>();
    const fail = e.errback;
    e.addErrback(() => 0);
    fail(new GenericError("bound"));
    assert.equal(e.result, 0);
  });
});

describe("Deferred pause and unpause", () => {
  it("runs callbacks added while paused once unpaused after firing", () => {
    const d = new Deferred<number>();
    const seen: number[] = [];
    d.pause();
    d.addCallback((n) => {
      seen.push(n);
    });
    d.unpause();
    assert.deepEqual(seen, []);
    d.callback(3);
    assert.deepEqual(seen, [3]);
  });

  it("needs as many unpauses as pauses before callbacks run", () => {
    const d = new Deferred<number>();
    const seen: number[] = [];
    d.addCallback((n) => {
      seen.push(n);
    });
    d.pause();
    d.pause();
    d.callback(1);
    d.unpause();
    assert.deepEqual(seen, []);
    assert.equal(d.paused, 1);
    d.unpause();
    assert.deepEqual(seen, [1]);
  });

  it("holds callbacks back after an unbalanced unpause makes the count negative", () => {
    const d = new Deferred<number>();
    d.unpause();
    assert.equal(d.paused, -1);
    const seen: unknown[] = [];
    d.addCallback((n) => {
      seen.push(n);
    });
    d.callback(1);
    assert.deepEqual(seen, []);
  });

  it("runs nothing when a pause brings a negative count back to zero, and runs on the next add", () => {
    const d = new Deferred<number>();
    d.unpause();
    const seen: unknown[] = [];
    d.addCallback((n: number) => {
      seen.push(n);
    });
    d.callback(1);
    d.pause();
    assert.equal(d.paused, 0);
    assert.equal(seen.length, 0);
    d.addCallback((r) => {
      seen.push(`second: ${r}`);
    });
    assert.deepEqual(seen, [1, "second: undefined"]);
  });

  it("does not stop the current pass when a callback pauses its own Deferred", () => {
    const d = new Deferred<number>();
    const seen: number[] = [];
    d.addCallback(() => {
      d.pause();
      seen.push(1);
    });
    d.addCallback(() => {
      seen.push(2);
    });
    d.callback(0);
    assert.deepEqual(seen, [1, 2]);
    assert.equal(d.paused, 1);
  });

  it("never throws from pause or unpause on an unfired Deferred", () => {
    const d = new Deferred();
    d.pause();
    d.unpause();
    d.unpause();
    d.pause();
    assert.equal(d.paused, 0);
    assert.equal(d.called, false);
  });
});

describe("Deferred at scale", () => {
  it("runs a million callbacks on one Deferred without overflowing the stack", () => {
    const n = 1_000_000;
    const d = new Deferred<number>();
    const inc = (x: number) => x + 1;
    for (let i = 0; i < n; i++) d.addCallback(inc);
    d.callback(0);
    assert.equal(resultOf(d), n);
  });

  it("runs a million callbacks added one by one to a fired Deferred, each at once", () => {
    const n = 1_000_000;
    const d = new Deferred<number>();
    d.callback(0);
    let ran = 0;
    const inc = (x: number) => {
      ran++;
      return x + 1;
    };
    let late = 0;
    for (let i = 0; i < n; i++) {
      d.addCallback(inc);
      if (ran !== i + 1) late++;
    }
    assert.equal(late, 0);
    assert.equal(d.result, n);
  });

  it("alternates 20,000 failures and recoveries down one chain", () => {
    const n = 20_000;
    const d = new Deferred<number>();
    for (let i = 0; i < n; i++) {
      d.addCallback((x: number) => {
        throw new RangeError(String(x + 1));
      });
      d.addErrback((f) => Number(f.getErrorMessage()));
    }
    d.callback(0);
    assert.equal(resultOf(d), n);
  });
});
