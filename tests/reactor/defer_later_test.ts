/**
 * `deferLater`: Twisted's `test_task.py` DeferLaterTests, plus
 * chaining, argument checks and use on a `Reactor`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Clock, deferLater, Reactor } from "../../reactor/mod.ts";
import { CancelledError, Deferred } from "../../defer/mod.ts";
import { assertNoResult, failureOf, resultOf } from "../defer/_results.ts";

class TestException extends Error {
  override readonly name = "TestException";
}

describe("deferLater (Twisted's DeferLaterTests)", () => {
  it("fires after the delay with the result of the function called with its arguments", () => {
    const calls: [string, string][] = [];
    const flag = {};
    const clock = new Clock();
    const d = deferLater(
      clock,
      3,
      (foo: string, bar: string) => {
        calls.push([foo, bar]);
        return flag;
      },
      "foo",
      "bar",
    );
    clock.advance(2);
    assert.deepEqual(calls, []);
    assertNoResult(d);
    clock.advance(1);
    assert.deepEqual(calls, [["foo", "bar"]]);
    assert.equal(resultOf(d), flag);
  });

  it("fails with the error the function throws", () => {
    const clock = new Clock();
    const d = deferLater(clock, 1, () => {
      throw new TestException();
    });
    clock.advance(1);
    failureOf(d, TestException);
  });

  it("removes the timed call and never runs the function when cancelled", () => {
    const called: null[] = [];
    const clock = new Clock();
    const d = deferLater(clock, 1, (x: null) => called.push(x), null);
    d.cancel();
    failureOf(d, CancelledError);
    assert.deepEqual(clock.getDelayedCalls(), []);
    clock.advance(1);
    assert.deepEqual(called, []);
  });

  it("fires with undefined when no function is given", () => {
    const clock = new Clock();
    const d = deferLater(clock, 2.0);
    assertNoResult(d);
    clock.advance(2.0);
    assert.equal(resultOf(d), undefined);
  });
});

describe("deferLater results and inputs", () => {
  it("fires with the outcome of a Deferred the function returns", () => {
    const clock = new Clock();
    const inner = new Deferred<string>();
    const d = deferLater(clock, 1, () => inner);
    clock.advance(1);
    assertNoResult(d);
    inner.callback("later still");
    assert.equal(resultOf(d), "later still");
  });

  it("cancels the Deferred the function returned when cancelled after the delay", () => {
    const clock = new Clock();
    let innerCancelled = false;
    const inner = new Deferred<string>(() => {
      innerCancelled = true;
    });
    const d = deferLater(clock, 1, () => inner);
    clock.advance(1);
    d.cancel();
    assert.equal(innerCancelled, true);
    failureOf(d, CancelledError);
  });

  it("fires with the value of a promise the function returns", async () => {
    const clock = new Clock();
    const d = deferLater(clock, 1, () => Promise.resolve(42));
    clock.advance(1);
    assert.equal(await d, 42);
  });

  it("runs on a Reactor as on a Clock", () => {
    let now = 0;
    const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
    const d = deferLater(r, 5, (n: number) => n * 2, 21);
    now = 4.9;
    r.runUntilCurrent();
    assertNoResult(d);
    now = 5;
    r.runUntilCurrent();
    assert.equal(resultOf(d), 42);
  });

  it("refuses a bad delay, a function that is not one and a clock without callLater", () => {
    const clock = new Clock();
    assert.throws(() => deferLater(clock, -1), {
      name: "RangeError",
      message: "deferLater: delay must be a finite number >= 0, got -1",
    });
    assert.throws(() => deferLater(clock, NaN), RangeError);
    assert.throws(
      () => deferLater(clock, 1, "f" as unknown as () => void),
      {
        name: "TypeError",
        message: 'deferLater: fn must be a function, got "f"',
      },
    );
    assert.throws(
      () => deferLater({} as unknown as Clock, 1),
      {
        name: "TypeError",
        message:
          "deferLater: clock must have a callLater method, got an object",
      },
    );
    assert.deepEqual(clock.getDelayedCalls(), []);
  });
});
