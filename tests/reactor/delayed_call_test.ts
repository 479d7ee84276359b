/**
 * `DelayedCall` (Twisted's `test_base.py` DelayedCall tests, TimeTests'
 * cancel cases): state, errors, `delay`/`reset`, `toString`, debug mode.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalled,
  AlreadyCancelled,
  Clock,
  DelayedCall,
} from "../../reactor/mod.ts";
import type { DelayedCallWithArgs } from "../../reactor/delayed_call.ts";

function nothing(..._args: unknown[]): void {}

describe("DelayedCall state", () => {
  it("is active, neither called nor cancelled, until it runs", () => {
    const c = new Clock();
    const call = c.callLater(1, nothing);
    assert.equal(call.active(), true);
    assert.equal(call.called, false);
    assert.equal(call.cancelled, false);
    c.advance(1);
    assert.equal(call.active(), false);
    assert.equal(call.called, true);
    assert.equal(call.cancelled, false);
  });

  it("is marked called before its function starts", () => {
    const c = new Clock();
    const seen: boolean[] = [];
    const call: DelayedCall = c.callLater(1, () => {
      seen.push(call.called, call.active());
    });
    c.advance(1);
    assert.deepEqual(seen, [true, false]);
  });

  it("exposes its function and arguments until cancelled", () => {
    const c = new Clock();
    const call = c.callLater(1, nothing, 1, "a");
    assert.equal(call.func, nothing);
    assert.deepEqual(call.args, [1, "a"]);
    call.cancel();
    assert.equal(call.func, undefined);
    assert.equal(call.args, undefined);
  });

  it("reads seconds() from the clock it belongs to", () => {
    const c = new Clock();
    const call = c.callLater(5, nothing);
    c.advance(2);
    assert.equal(call.seconds(), 2);
  });

  it("implements IDelayedCall's members", () => {
    const call = new Clock().callLater(1, nothing);
    for (const name of ["getTime", "active", "cancel", "delay", "reset"]) {
      assert.equal(
        typeof (call as unknown as Record<string, unknown>)[name],
        "function",
        name,
      );
    }
  });
});

describe("DelayedCall arguments", () => {
  /** Runs `callLater(1, f, ...args)` on a Clock: what `f` got, and `args`. */
  function given(...args: unknown[]): { got: unknown[]; listed: unknown } {
    const c = new Clock();
    let got: unknown[] = [];
    const call = c.callLater(1, (...a: unknown[]) => {
      got = a;
    }, ...args);
    const listed = call.args;
    c.advance(1);
    return { got, listed };
  }

  it("calls the function with exactly the arguments given, whatever their number", () => {
    for (
      const args of [[], ["x"], [[1, 2]], [undefined], [[]], [1, "b", null]]
    ) {
      const { got, listed } = given(...args);
      assert.deepEqual(got, args, `called with ${JSON.stringify(args)}`);
      assert.equal(got.length, args.length);
      assert.deepEqual(listed, args, `args of ${JSON.stringify(args)}`);
    }
  });

  it("keeps no field for no arguments, and no array for one that is not an array", () => {
    const c = new Clock();
    const none = c.callLater(1, nothing);
    assert.ok(!("_args" in none), "no arguments field");
    assert.equal(none.args, c.callLater(2, nothing).args, "one shared list");
    const packed = (call: DelayedCall) => (call as DelayedCallWithArgs)._args;
    assert.equal(packed(c.callLater(1, nothing, "x")), "x");
    const list = [1, 2];
    const wrapped = packed(c.callLater(1, nothing, list));
    assert.deepEqual(wrapped, [list], "a lone array is wrapped, not spread");
    assert.ok(c.callLater(1, nothing, "x") instanceof DelayedCall);
  });

  it("keeps its arguments once it has run, and drops them when cancelled", () => {
    const c = new Clock();
    const ran = c.callLater(1, nothing, "x");
    const dropped = c.callLater(1, nothing, "y");
    dropped.cancel();
    c.advance(1);
    assert.deepEqual(ran.args, ["x"]);
    assert.equal(dropped.args, undefined);
  });
});

describe("DelayedCall errors", () => {
  it("raises AlreadyCancelled when cancelled twice", () => {
    const call = new Clock().callLater(0, nothing);
    call.cancel();
    assert.throws(
      () => call.cancel(),
      (e: unknown) =>
        e instanceof AlreadyCancelled &&
        e.message === "Tried to cancel an already-cancelled event.",
    );
  });

  it("raises AlreadyCalled when cancelled after it ran", () => {
    const c = new Clock();
    const call = c.callLater(0, nothing);
    c.advance(0);
    assert.throws(
      () => call.cancel(),
      (e: unknown) =>
        e instanceof AlreadyCalled &&
        e.message === "Tried to cancel an already-called event.",
    );
  });

  it("raises the same errors, naming the action, from delay and reset", () => {
    const c = new Clock();
    const ran = c.callLater(0, nothing);
    c.advance(0);
    const cancelled = c.callLater(1, nothing);
    cancelled.cancel();
    assert.throws(() => ran.delay(1), AlreadyCalled);
    assert.throws(() => ran.reset(1), /Tried to reset an already-called event/);
    assert.throws(
      () => cancelled.delay(1),
      /Tried to delay an already-cancelled event/,
    );
    assert.throws(() => cancelled.reset(1), AlreadyCancelled);
  });

  it("names itself in its errors", () => {
    assert.equal(new AlreadyCalled().name, "AlreadyCalled");
    assert.equal(new AlreadyCancelled().name, "AlreadyCancelled");
    assert.ok(new AlreadyCalled() instanceof Error);
  });
});

describe("DelayedCall.delay and reset", () => {
  it("moves a call sooner with a negative delay", () => {
    const c = new Clock();
    const seen: number[] = [];
    const call = c.callLater(5, () => seen.push(c.seconds()));
    call.delay(-3);
    assert.equal(call.getTime(), 2);
    c.advance(2);
    assert.deepEqual(seen, [2]);
  });

  it("makes a call due now when delayed into the past", () => {
    const c = new Clock();
    const seen: number[] = [];
    const call = c.callLater(5, () => seen.push(c.seconds()));
    c.advance(3);
    call.delay(-10);
    assert.equal(call.getTime(), -5);
    c.advance(0);
    assert.deepEqual(seen, [3]);
  });

  it("adds up successive delays", () => {
    const c = new Clock();
    const call = c.callLater(1, nothing);
    call.delay(2);
    call.delay(3);
    call.delay(-1);
    assert.equal(call.getTime(), 5);
    c.advance(4.9);
    assert.equal(call.active(), true);
    c.advance(0.1);
    assert.equal(call.called, true);
  });

  it("resets relative to the current time", () => {
    const c = new Clock();
    const call = c.callLater(10, nothing);
    c.advance(4);
    call.reset(1);
    assert.equal(call.getTime(), 5);
  });

  it("puts a reset or delayed call behind the others due at its new time", () => {
    const c = new Clock();
    const seen: string[] = [];
    const a = c.callLater(5, () => seen.push("a"));
    c.callLater(5, () => seen.push("b"));
    const d = c.callLater(4, () => seen.push("d"));
    c.callLater(5, () => seen.push("e"));
    a.reset(5);
    d.delay(1);
    c.advance(5);
    assert.deepEqual(seen, ["b", "e", "a", "d"]);
  });

  it("refuses a delay that is not a finite number", () => {
    const call = new Clock().callLater(1, nothing);
    assert.throws(
      () => call.delay(NaN),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          "DelayedCall.delay: seconds must be a finite number, got NaN",
    );
    assert.throws(() => call.delay(-Infinity), RangeError);
    assert.throws(() => call.delay(undefined as unknown as number), TypeError);
    assert.equal(call.getTime(), 1);
  });

  it("refuses a reset that is negative, NaN, infinite or not a number", () => {
    const call = new Clock().callLater(1, nothing);
    assert.throws(
      () => call.reset(-1),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          "DelayedCall.reset: seconds must be a finite number >= 0, got -1",
    );
    assert.throws(() => call.reset(NaN), RangeError);
    assert.throws(() => call.reset(Infinity), RangeError);
    assert.throws(() => call.reset("2" as unknown as number), TypeError);
    assert.equal(call.getTime(), 1);
  });

  it("checks its argument before its state", () => {
    const call = new Clock().callLater(1, nothing);
    call.cancel();
    assert.throws(() => call.delay(NaN), RangeError);
    assert.throws(() => call.reset(-1), RangeError);
  });
});

describe("DelayedCall.toString", () => {
  it("shows the time left, the state and the call with its arguments", () => {
    const c = new Clock();
    c.advance(1.5);
    const call = c.callLater(10.5, nothing, 3, "A");
    assert.match(
      String(call),
      /^<DelayedCall #\d+ \[10.5s\] called=false cancelled=false nothing\(3, "A"\)>$/,
    );
  });

  it("keeps the same number for the same call", () => {
    const call = new Clock().callLater(1, nothing);
    const id = /#(\d+)/.exec(String(call))![1];
    call.delay(1);
    assert.equal(/#(\d+)/.exec(String(call))![1], id);
    assert.notEqual(
      /#(\d+)/.exec(String(new Clock().callLater(1, nothing)))![1],
      id,
    );
  });

  it("follows the call through reset, running and cancelling", () => {
    const c = new Clock();
    const call = c.callLater(0, nothing, "x");
    call.reset(5);
    assert.match(
      String(call),
      /\[5s\] called=false cancelled=false nothing\("x"\)>$/,
    );
    c.advance(5);
    assert.match(
      String(call),
      /\[0s\] called=true cancelled=false nothing\("x"\)>$/,
    );
    const other = c.callLater(1, nothing);
    other.cancel();
    assert.match(String(other), /\[1s\] called=false cancelled=true>$/);
  });

  it("names an anonymous function and describes objects briefly", () => {
    const anonymous = (..._args: unknown[]) => {};
    Object.defineProperty(anonymous, "name", { value: "" });
    const call = new Clock().callLater(1, anonymous, { a: 1 }, [1, 2]);
    assert.match(
      String(call),
      / <anonymous>\(an object, an array of length 2\)>$/,
    );
  });
});

describe("DelayedCall debug mode", () => {
  it("records the creation stack and shows it in toString", () => {
    const before = DelayedCall.debug;
    DelayedCall.debug = true;
    try {
      const call = new Clock().callLater(1, nothing, 3);
      assert.ok(call.creator !== undefined);
      assert.match(call.creator!, /delayed_call_test\.[jt]s/);
      assert.doesNotMatch(
        call.creator!.split("\n")[0]!,
        /_scheduler|clock\.[jt]s/,
      );
      assert.match(
        String(call),
        /^<DelayedCall #\d+ \[1s\] called=false cancelled=false nothing\(3\)\n\ntraceback at creation: \n\n[\s\S]*delayed_call_test\.[jt]s[\s\S]*>$/,
      );
    } finally {
      DelayedCall.debug = before;
    }
  });

  it("keeps the description from before cancelling, function included", () => {
    const before = DelayedCall.debug;
    DelayedCall.debug = true;
    try {
      const call = new Clock().callLater(1, nothing, 3);
      call.cancel();
      assert.match(
        String(call),
        /cancelled=false nothing\(3\)\n\ntraceback at creation/,
      );
    } finally {
      DelayedCall.debug = before;
    }
  });

  it("records nothing when debug mode is off", () => {
    assert.equal(DelayedCall.debug, false);
    const call = new Clock().callLater(1, nothing);
    assert.equal(call.creator, undefined);
    assert.doesNotMatch(String(call), /traceback/);
  });
});
