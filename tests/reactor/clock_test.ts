/**
 * `Clock`: Twisted's `test_task.py` ClockTests (`advance` as testAdvance,
 * testAdvanceCancel and test_callLaterKeepsCallsOrdered pin it) and the
 * deliberate differences (input checks).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalled,
  Clock,
  DelayedCall,
  type IReactorTime,
} from "../../reactor/mod.ts";

describe("Clock (Twisted's ClockTests)", () => {
  it("starts at 0 seconds", () => {
    assert.equal(new Clock().seconds(), 0);
  });

  it("hands back a DelayedCall due at now + delay that is active", () => {
    const c = new Clock();
    const call = c.callLater(1, (_a: number, _b: number) => {}, 1, 2);
    assert.ok(call instanceof DelayedCall);
    assert.equal(call.getTime(), 1);
    assert.equal(call.active(), true);
  });

  it("makes a cancelled call inactive", () => {
    const c = new Clock();
    const call = c.callLater(1, () => {});
    call.cancel();
    assert.equal(call.active(), false);
    assert.equal(call.cancelled, true);
  });

  it("returns a new DelayedCall for each callLater", () => {
    const c = new Clock();
    assert.notEqual(c.callLater(10, () => {}), c.callLater(1, () => {}));
  });

  it("runs a call only once time reaches it, then marks it inactive", () => {
    const events: null[] = [];
    const c = new Clock();
    const call = c.callLater(2, () => events.push(null));
    c.advance(1);
    assert.deepEqual(events, []);
    c.advance(1);
    assert.deepEqual(events, [null]);
    assert.equal(call.active(), false);
    assert.equal(call.called, true);
  });

  it("raises AlreadyCalled when a call cancels itself while running", () => {
    const c = new Clock();
    let raised: unknown;
    const call = c.callLater(1, () => {
      try {
        call.cancel();
      } catch (e) {
        raised = e;
      }
    });
    c.advance(1);
    assert.ok(raised instanceof AlreadyCalled);
  });

  it("runs a delayed call at its new time with its arguments", () => {
    const events: [number, number][] = [];
    const c = new Clock();
    const call = c.callLater(
      1,
      (a: number, b: number) => events.push([a, b]),
      1,
      2,
    );
    call.delay(1);
    assert.equal(call.getTime(), 2);
    c.advance(1.5);
    assert.deepEqual(events, []);
    c.advance(1.0);
    assert.deepEqual(events, [[1, 2]]);
  });

  it("runs a call reset to a later time at the later time", () => {
    const events: number[] = [];
    const c = new Clock();
    const call = c.callLater(2, (a: number) => events.push(a), 1);
    c.advance(1);
    call.reset(3);
    assert.equal(call.getTime(), 4);
    c.advance(2);
    assert.deepEqual(events, []);
    c.advance(1);
    assert.deepEqual(events, [1]);
  });

  it("runs a call reset to a sooner time at the sooner time", () => {
    const events: number[] = [];
    const c = new Clock();
    const call = c.callLater(4, (a: number) => events.push(a), 1);
    call.reset(3);
    assert.equal(call.getTime(), 3);
    c.advance(3);
    assert.deepEqual(events, [1]);
  });

  it("lists every scheduled call in getDelayedCalls", () => {
    const c = new Clock();
    const call = c.callLater(1, () => {});
    const call2 = c.callLater(2, () => {});
    assert.deepEqual(new Set(c.getDelayedCalls()), new Set([call, call2]));
  });

  it("lists no calls on a new clock", () => {
    assert.deepEqual(new Clock().getDelayedCalls(), []);
  });

  it("provides IReactorTime", () => {
    const time: IReactorTime = new Clock();
    assert.equal(typeof time.seconds, "function");
    assert.equal(typeof time.callLater, "function");
    assert.equal(typeof time.getDelayedCalls, "function");
  });

  it("runs a new call before an older one reset to after it", () => {
    const result: [string, number][] = [];
    const clock = new Clock();
    const logtime = (n: string) => result.push([n, clock.seconds()]);
    const callA = clock.callLater(1.0, logtime, "a");
    callA.reset(3.0);
    clock.callLater(2.0, logtime, "b");
    clock.pump([1, 1, 1]);
    assert.deepEqual(result, [["b", 2.0], ["a", 3.0]]);
  });

  it("runs calls in time order after an earlier one is reset past a later one", () => {
    const result: [string, number][] = [];
    const clock = new Clock();
    const logtime = (n: string) => result.push([n, clock.seconds()]);
    const callA = clock.callLater(1.0, logtime, "a");
    clock.callLater(2.0, logtime, "b");
    callA.reset(3.0);
    clock.pump([1, 1, 1]);
    assert.deepEqual(result, [["b", 2.0], ["a", 3.0]]);
  });

  it("keeps time order when a running call resets another", () => {
    const result: [string, number][] = [];
    const clock = new Clock();
    const logtime = (n: string) => result.push([n, clock.seconds()]);
    const callB = clock.callLater(2.0, logtime, "b");
    clock.callLater(1.0, () => callB.reset(3.0));
    clock.callLater(3.0, logtime, "c");
    clock.pump(new Array(10).fill(0.5));
    assert.deepEqual(result, [["c", 3.0], ["b", 4.0]]);
  });
});

describe("Clock.advance (Twisted's ClockTests.testAdvance and the ordering tests)", () => {
  it("runs calls with seconds() already at the new time", () => {
    const c = new Clock();
    const seen: number[] = [];
    c.callLater(1, () => seen.push(c.seconds()));
    c.callLater(3, () => seen.push(c.seconds()));
    c.advance(10);
    assert.deepEqual(seen, [10, 10]);
  });

  it("runs calls due at the same time in the order they were scheduled", () => {
    const c = new Clock();
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) c.callLater(5, () => seen.push(i));
    c.advance(5);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("runs a call scheduled during advance for now after the existing ones due now", () => {
    const c = new Clock();
    const seen: string[] = [];
    c.callLater(1, () => {
      seen.push("first");
      c.callLater(0, () => seen.push("made by first"));
    });
    c.callLater(1, () => seen.push("second"));
    c.advance(1);
    assert.deepEqual(seen, ["first", "second", "made by first"]);
  });

  it("runs calls scheduled during advance that fall due within it", () => {
    const c = new Clock();
    const seen: number[] = [];
    c.callLater(1, () => {
      seen.push(1);
      c.callLater(0, () => seen.push(2));
      c.callLater(5, () => seen.push(3));
    });
    c.advance(1);
    assert.deepEqual(seen, [1, 2]);
    assert.equal(c.getDelayedCalls().length, 1);
  });

  it("lets an exception escape with the failing call removed and later ones pending", () => {
    const c = new Clock();
    const seen: string[] = [];
    c.callLater(1, () => seen.push("before"));
    const failing = c.callLater(2, () => {
      throw new Error("boom");
    });
    const later = c.callLater(3, () => seen.push("after"));
    assert.throws(() => c.advance(5), /boom/);
    assert.deepEqual(seen, ["before"]);
    assert.equal(failing.called, true);
    assert.deepEqual(c.getDelayedCalls(), [later]);
    c.advance(0);
    assert.deepEqual(seen, ["before", "after"]);
  });

  it("does not run a call cancelled by an earlier call in the same advance", () => {
    const c = new Clock();
    const seen: string[] = [];
    const victim = c.callLater(2, () => seen.push("victim"));
    c.callLater(1, () => victim.cancel());
    c.advance(3);
    assert.deepEqual(seen, []);
    assert.deepEqual(c.getDelayedCalls(), []);
  });

  it("advances by 0 to run calls that are already due", () => {
    const c = new Clock();
    const seen: number[] = [];
    c.callLater(0, () => seen.push(1));
    assert.deepEqual(seen, []);
    c.advance(0);
    assert.deepEqual(seen, [1]);
  });

  it("lets a call advance the clock itself", () => {
    const c = new Clock();
    const seen: string[] = [];
    c.callLater(1, () => {
      seen.push("outer");
      c.advance(1);
    });
    c.callLater(2, () => seen.push("at 2"));
    c.advance(1);
    assert.deepEqual(seen, ["outer", "at 2"]);
    assert.equal(c.seconds(), 2);
  });

  it("pumps each amount in turn", () => {
    const c = new Clock();
    const seen: number[] = [];
    c.callLater(1.5, () => seen.push(c.seconds()));
    c.callLater(2.5, () => seen.push(c.seconds()));
    c.pump([1, 1, 1]);
    assert.deepEqual(seen, [2, 3]);
    assert.equal(c.seconds(), 3);
  });

  it("runs 20,000 calls scheduled out of order once each, in time then scheduling order", () => {
    const c = new Clock();
    const fired: number[] = [];
    const n = 20_000;
    const delayOf = (i: number) => (i * 7919) % 1000;
    for (let i = 0; i < n; i++) c.callLater(delayOf(i), () => fired.push(i));
    c.advance(1000);
    assert.equal(fired.length, n);
    for (let k = 1; k < n; k++) {
      const a = fired[k - 1]!, b = fired[k]!;
      assert.ok(
        delayOf(a) < delayOf(b) || (delayOf(a) === delayOf(b) && a < b),
        `call ${a} ran before call ${b}`,
      );
    }
    assert.deepEqual(c.getDelayedCalls(), []);
  });
});

describe("Clock input checks (deliberate differences from Twisted)", () => {
  it("refuses a negative delay with a RangeError naming the value", () => {
    assert.throws(
      () => new Clock().callLater(-1, () => {}),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          "Clock.callLater: delay must be a finite number >= 0, got -1",
    );
  });

  it("refuses NaN and infinite delays with a RangeError", () => {
    const c = new Clock();
    assert.throws(() => c.callLater(NaN, () => {}), RangeError);
    assert.throws(() => c.callLater(Infinity, () => {}), RangeError);
  });

  it("refuses a delay that is not a number with a TypeError", () => {
    const c = new Clock();
    assert.throws(
      () => c.callLater("1" as unknown as number, () => {}),
      (e: unknown) => e instanceof TypeError && /got "1"/.test(e.message),
    );
  });

  it("refuses a function that is not a function with a TypeError naming it", () => {
    assert.throws(
      () => new Clock().callLater(1, 42 as unknown as () => void),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message === "Clock.callLater: fn must be a function, got 42",
    );
  });

  it("refuses a negative or non-finite advance and leaves time alone", () => {
    const c = new Clock();
    assert.throws(
      () => c.advance(-1),
      (e: unknown) =>
        e instanceof RangeError &&
        /Clock.advance: amount .* got -1/.test(e.message),
    );
    assert.throws(() => c.advance(NaN), RangeError);
    assert.throws(() => c.advance(Infinity), RangeError);
    assert.equal(c.seconds(), 0);
  });

  it("refuses pump timings that are not iterable", () => {
    assert.throws(
      () => new Clock().pump(3 as unknown as number[]),
      (e: unknown) =>
        e instanceof TypeError && /Clock.pump: timings/.test(e.message),
    );
  });
});
