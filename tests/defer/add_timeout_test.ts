/**
 * `Deferred.addTimeout` — Twisted's DeferredAddTimeoutTests, on a
 * tiny fake clock defined here (the reactor's `Clock` is not needed).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  Failure,
  type TimeoutClock,
  TimeoutError,
} from "../../defer/mod.ts";
import { Clock } from "../../reactor/mod.ts";
import { assertNoResult, failureOf, resultOf } from "./_results.ts";

/** A minimal manual clock: `callLater` queues, `advance` runs what is due. */
class FakeClock implements TimeoutClock {
  now = 0;
  calls: {
    time: number;
    fn: () => void;
    state: "active" | "called" | "cancelled";
  }[] = [];

  callLater(delay: number, fn: () => void) {
    const call = { time: this.now + delay, fn, state: "active" as const } as {
      time: number;
      fn: () => void;
      state: "active" | "called" | "cancelled";
    };
    this.calls.push(call);
    return {
      active: () => call.state === "active",
      cancel: () => {
        if (call.state !== "active") throw new Error(`already ${call.state}`);
        call.state = "cancelled";
      },
    };
  }

  advance(seconds: number) {
    this.now += seconds;
    for (const call of this.calls) {
      if (call.state === "active" && call.time <= this.now) {
        call.state = "called";
        call.fn();
      }
    }
  }

  pending(): number {
    return this.calls.filter((c) => c.state === "active").length;
  }
}

const overridden = (_value: unknown, _timeout: number) => "OVERRIDDEN";

describe("Deferred.addTimeout", () => {
  it("returns the same Deferred so callbacks can be chained after it", () => {
    const d = new Deferred<null>();
    const same = d.addTimeout(5, new FakeClock());
    assert.equal(same, d);
    d.addCallback(() => "done");
    d.callback(null);
    assert.equal(resultOf(d), "done");
  });

  for (const custom of [false, true]) {
    const withCustom = custom ? " even with onTimeoutCancel" : "";
    const addTimeout = (d: Deferred<unknown>, clock: FakeClock) =>
      custom ? d.addTimeout(10, clock, overridden) : d.addTimeout(10, clock);

    it(`calls back before the deadline without cancelling anything later${withCustom}`, () => {
      const clock = new FakeClock();
      const d = new Deferred<string>();
      addTimeout(d, clock);
      const inner = new Deferred<null>();
      let seen: string | undefined;
      d.addCallback((r) => {
        seen = r;
        return inner;
      });
      d.callback("results");
      assert.equal(seen, "results");
      assert.equal(clock.pending(), 0);
      clock.advance(15);
      assertNoResult(inner);
    });

    it(`errbacks before the deadline without cancelling anything later${withCustom}`, () => {
      const clock = new FakeClock();
      const d = new Deferred<null>();
      addTimeout(d, clock);
      const inner = new Deferred<null>();
      const error = new RangeError("fail");
      let seen: Failure | undefined;
      d.addErrback((f) => {
        seen = f;
        return inner;
      });
      d.errback(error);
      assert.ok(seen instanceof Failure);
      assert.equal(seen.value, error);
      clock.advance(15);
      assertNoResult(inner);
    });

    it(`keeps a manual cancel's CancelledError and never cancels again${withCustom}`, () => {
      const clock = new FakeClock();
      const d = new Deferred<null>();
      addTimeout(d, clock);
      const inner = new Deferred<null>();
      let seen: Failure | undefined;
      d.addErrback((f) => {
        seen = f;
        return inner;
      });
      d.cancel();
      assert.equal(seen?.type, CancelledError);
      assert.equal(clock.pending(), 0);
      clock.advance(15);
      assertNoResult(inner);
    });
  }

  it("fails with a TimeoutError carrying the timeout when the deadline passes", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    d.addTimeout(10, clock);
    assertNoResult(d);
    clock.advance(15);
    const f = failureOf(d, TimeoutError);
    assert.equal((f.value as TimeoutError).timeout, 10);
    assert.match(f.getErrorMessage(), /timed out after 10 seconds/);
  });

  it("fails with the shorter of two stacked timeouts and leaves neither timer behind", () => {
    const clock = new Clock();
    const d = new Deferred<null>();
    d.addTimeout(10, clock);
    d.addTimeout(5, clock);
    clock.advance(5);
    const f = failureOf(d, TimeoutError);
    assert.equal((f.value as TimeoutError).timeout, 5);
    assert.equal(clock.getDelayedCalls().length, 0);
  });

  it("cancels the Deferred a callback returned when it times out waiting on it", () => {
    const clock = new Clock();
    const seen: string[] = [];
    const inner = new Deferred<null>(() => seen.push("inner cancelled"));
    const d = new Deferred<null>();
    d.addCallback(() => inner);
    d.addTimeout(3, clock);
    d.callback(null);
    clock.advance(3);
    failureOf(d, TimeoutError);
    assert.deepEqual(seen, ["inner cancelled"]);
    assert.equal(clock.getDelayedCalls().length, 0);
  });

  it("does not time out at once with a timeout of 0, only when the clock next runs", () => {
    const clock = new Clock();
    const d = new Deferred<null>();
    d.addTimeout(0, clock);
    assertNoResult(d);
    clock.advance(0);
    failureOf(d, TimeoutError);
  });

  it("times out exactly at the deadline and not a moment before", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    d.addTimeout(2.5, clock);
    clock.advance(2.4);
    assertNoResult(d);
    clock.advance(0.1);
    failureOf(d, TimeoutError);
  });

  it("gives the result of onTimeoutCancel when the deadline passes", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    d.addTimeout(10, clock, overridden);
    assertNoResult(d);
    clock.advance(15);
    assert.equal(resultOf(d), "OVERRIDDEN");
  });

  it("passes the chain's value and the timeout to onTimeoutCancel and fails with what it throws", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    const calls: unknown[][] = [];
    d.addTimeout(3, clock, (value, timeout) => {
      calls.push([value instanceof Failure ? value.type : value, timeout]);
      throw new RangeError("custom timeout");
    });
    clock.advance(3);
    assert.deepEqual(calls, [[CancelledError, 3]]);
    failureOf(d, RangeError);
  });

  it("keeps the value of a canceller that calls back when timing out", () => {
    const clock = new FakeClock();
    const d = new Deferred<string>((c) => c.callback("I was cancelled!"));
    d.addTimeout(10, clock);
    assertNoResult(d);
    clock.advance(15);
    assert.equal(resultOf(d), "I was cancelled!");
  });

  it("keeps the failure of a canceller that errbacks with another error when timing out", () => {
    const clock = new FakeClock();
    const error = new RangeError("what!");
    const d = new Deferred<null>((c) => c.errback(error));
    d.addTimeout(10, clock);
    assertNoResult(d);
    clock.advance(15);
    assert.equal(failureOf(d, RangeError).value, error);
  });

  it("lets onTimeoutCancel handle the failure of a canceller that errbacks", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>((c) => c.errback(new RangeError("what!")));
    d.addTimeout(10, clock, overridden);
    assertNoResult(d);
    clock.advance(15);
    assert.equal(resultOf(d), "OVERRIDDEN");
  });

  it("turns a CancelledError returned by an errback added before it into a TimeoutError", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    let seen: Failure | undefined;
    d.addErrback((f) => {
      seen = f;
      return f;
    });
    d.addTimeout(10, clock);
    clock.advance(15);
    assert.ok(seen?.value instanceof CancelledError);
    failureOf(d, TimeoutError);
  });

  it("succeeds when an errback added before it swallows the CancelledError", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    let seen: Failure | undefined;
    d.addErrback((f) => {
      seen = f;
      f.trap(CancelledError);
    });
    d.addTimeout(10, clock);
    clock.advance(15);
    assert.ok(seen?.value instanceof CancelledError);
    assert.equal(resultOf(d), undefined);
  });

  it("runs onTimeoutCancel after an errback added before it returns the CancelledError", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    let seen: Failure | undefined;
    d.addErrback((f) => {
      seen = f;
      return f;
    });
    d.addTimeout(10, clock, overridden);
    clock.advance(15);
    assert.ok(seen?.value instanceof CancelledError);
    assert.equal(resultOf(d), "OVERRIDDEN");
  });

  it("runs onTimeoutCancel even after an errback added before it swallows the CancelledError", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    let seen: Failure | undefined;
    d.addErrback((f) => {
      seen = f;
    });
    d.addTimeout(10, clock, overridden);
    clock.advance(15);
    assert.ok(seen?.value instanceof CancelledError);
    assert.equal(resultOf(d), "OVERRIDDEN");
  });

  it("runs a callback added before it on a canceller's value, with no TimeoutError", () => {
    const clock = new FakeClock();
    const success = "success";
    const d = new Deferred<string>((c) => c.callback(success));
    let seen: string | undefined;
    d.addCallback((v) => {
      seen = v;
      return v;
    });
    d.addTimeout(10, clock);
    clock.advance(15);
    assert.equal(seen, success);
    assert.equal(resultOf(d), success);
  });

  it("runs a callback added before it and then onTimeoutCancel on a canceller's value", () => {
    const clock = new FakeClock();
    const d = new Deferred<string>((c) => c.callback("success"));
    let seen: string | undefined;
    d.addCallback((v) => {
      seen = v;
      return v;
    });
    d.addTimeout(10, clock, overridden);
    clock.advance(15);
    assert.equal(seen, "success");
    assert.equal(resultOf(d), "OVERRIDDEN");
  });

  it("leaves callbacks added after it outside the timeout", () => {
    const clock = new FakeClock();
    const d = new Deferred<null>();
    d.addTimeout(1, clock);
    const slow = new Deferred<string>();
    d.addCallback(() => slow);
    d.callback(null);
    clock.advance(5);
    assertNoResult(d);
    slow.callback("late but fine");
    assert.equal(resultOf(d), "late but fine");
  });

  it("times out on the reactor's Clock, and leaves no call behind when fired in time", () => {
    const clock = new Clock();
    const late = new Deferred<string>().addTimeout(5, clock);
    const early = new Deferred<string>().addTimeout(5, clock);
    early.callback("in time");
    assert.equal(clock.getDelayedCalls().length, 1);
    clock.advance(5);
    failureOf(late, TimeoutError);
    assert.equal(resultOf(early), "in time");
    assert.equal(clock.getDelayedCalls().length, 0);
  });

  it("rejects a negative, NaN, infinite or non-number timeout with a message naming it", () => {
    const clock = new FakeClock();
    const d = new Deferred();
    assert.throws(() => d.addTimeout(-1, clock), {
      name: "RangeError",
      message: "addTimeout: seconds must be a finite number >= 0, got -1",
    });
    assert.throws(() => d.addTimeout(NaN, clock), RangeError);
    assert.throws(() => d.addTimeout(Infinity, clock), RangeError);
    assert.throws(
      () => d.addTimeout("5" as unknown as number, clock),
      { name: "TypeError", message: /got "5"/ },
    );
    assert.equal(clock.calls.length, 0);
  });

  it("rejects a clock without callLater and a non-function onTimeoutCancel", () => {
    const d = new Deferred();
    assert.throws(
      () => d.addTimeout(1, {} as TimeoutClock),
      {
        name: "TypeError",
        message: /addTimeout: clock must have a callLater method/,
      },
    );
    assert.throws(
      () => d.addTimeout(1, new FakeClock(), 5 as unknown as () => unknown),
      {
        name: "TypeError",
        message: "addTimeout: onTimeoutCancel must be a function, got 5",
      },
    );
  });
});
