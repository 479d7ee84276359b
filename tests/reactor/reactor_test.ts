/**
 * The `Reactor` driven by hand with a fake time source: Twisted's
 * `runUntilCurrent` and `timeout()` as `test_internet.py`'s TimeTests,
 * DelayedTests and CallFromThreadTests exercise them, errors going to
 * `log`, the lifecycle checks of `internet/test/test_core.py`'s
 * SystemEventTestsBuilder that need no loop, and input checks.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DelayedCall,
  Reactor,
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
} from "../../reactor/mod.ts";
import { Failure } from "../../defer/mod.ts";
import { capturingLogSync, errorsIn } from "../_log.ts";

/** A reactor on a fake clock that the test moves. */
function fake(start = 0): { r: Reactor; clock: { now: number } } {
  const clock = { now: start };
  const r = new Reactor({
    seconds: () => clock.now,
    installSignalHandlers: false,
  });
  return { r, clock };
}

describe("Reactor time source (Twisted's TimeTests)", () => {
  it("uses its seconds function for the time of a call", () => {
    const { r } = fake(100);
    const call = r.callLater(5, () => {});
    assert.equal(call.getTime(), 105);
    call.cancel();
  });

  it("gives its calls its own seconds function", () => {
    const { r, clock } = fake(100);
    const call = r.callLater(5, () => {});
    assert.equal(call.seconds(), 100);
    clock.now = 103;
    assert.equal(call.seconds(), 103);
    call.cancel();
  });

  it("defaults to monotonic wall time in seconds since the epoch", () => {
    const r = new Reactor({ installSignalHandlers: false });
    const a = r.seconds();
    const b = r.seconds();
    assert.ok(b >= a);
    assert.ok(
      Math.abs(a - Date.now() / 1000) < 5,
      `${a} vs ${Date.now() / 1000}`,
    );
    const call = r.callLater(10, () => {});
    assert.ok(Math.abs(call.getTime() - (Date.now() / 1000 + 10)) < 1);
    call.cancel();
  });

  it("changes a call's time on reset", () => {
    const { r } = fake(0);
    const call = r.callLater(2, () => {});
    call.reset(1);
    assert.equal(call.getTime(), 1);
    call.cancel();
  });

  it("describes calls without throwing, in every state", () => {
    const { r, clock } = fake(0);
    const dc = r.callLater(0, (_x: string, _y: number) => {}, "x", 10);
    assert.match(String(dc), /called=false cancelled=false/);
    dc.reset(5);
    assert.match(String(dc), /\[5s\]/);
    dc.cancel();
    assert.match(String(dc), /cancelled=true>$/);
    const ran = r.callLater(0, () => {});
    clock.now = 1;
    r.runUntilCurrent();
    assert.match(String(ran), /\[-1s\] called=true/);
  });
});

describe("Reactor.runUntilCurrent (Twisted's DelayedTests and CallFromThreadTests)", () => {
  it("runs due calls only, leaving later ones pending", () => {
    const { r, clock } = fake();
    const seen: number[] = [];
    r.callLater(1, () => seen.push(1));
    r.callLater(2, () => seen.push(2));
    clock.now = 1.5;
    r.runUntilCurrent();
    assert.deepEqual(seen, [1]);
    assert.equal(r.getDelayedCalls().length, 1);
  });

  it("runs a call made by a timed call in the next pass, even if due", () => {
    const { r } = fake();
    const seen: string[] = [];
    r.callLater(0, () => {
      seen.push("outer");
      r.callLater(0, () => seen.push("inner"));
    });
    r.runUntilCurrent();
    assert.deepEqual(seen, ["outer"]);
    r.runUntilCurrent();
    assert.deepEqual(seen, ["outer", "inner"]);
  });

  it("runs a callLater(0) made by a thread call in the same pass", () => {
    const { r } = fake();
    const seen: string[] = [];
    r.callFromThread(() => {
      seen.push("thread call");
      r.callLater(0, () => seen.push("timed call"));
    });
    r.runUntilCurrent();
    assert.deepEqual(seen, ["thread call", "timed call"]);
  });

  it("runs thread calls before timed calls", () => {
    const { r } = fake();
    const seen: string[] = [];
    r.callLater(0, () => seen.push("timed"));
    r.callFromThread(() => seen.push("thread"));
    r.runUntilCurrent();
    assert.deepEqual(seen, ["thread", "timed"]);
  });

  it("runs thread calls in order and leaves ones queued by them for the next pass", () => {
    const { r } = fake();
    const seen: number[] = [];
    r.callFromThread(() => {
      seen.push(1);
      r.callFromThread(() => seen.push(3));
    });
    r.callFromThread((n: number) => seen.push(n), 2);
    r.runUntilCurrent();
    assert.deepEqual(seen, [1, 2]);
    r.runUntilCurrent();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it("runs a call reset sooner during a pass in that pass when it is then due", () => {
    const { r } = fake();
    const seen: string[] = [];
    const later = r.callLater(10, () => seen.push("later"));
    r.callLater(0, () => later.reset(0));
    r.runUntilCurrent();
    assert.deepEqual(seen, ["later"]);
  });

  it("runs a call delayed during a pass at its new time, not before", () => {
    const { r, clock } = fake();
    const seen: string[] = [];
    r.callLater(1, () => b.delay(1));
    const b = r.callLater(1, () => seen.push("b"));
    clock.now = 1;
    r.runUntilCurrent();
    assert.deepEqual(seen, []);
    clock.now = 2;
    r.runUntilCurrent();
    assert.deepEqual(seen, ["b"]);
  });

  it("does not run a call cancelled by an earlier call in the same pass", () => {
    const { r } = fake();
    const seen: string[] = [];
    r.callLater(0, () => victim.cancel());
    const victim = r.callLater(0, () => seen.push("victim"));
    r.runUntilCurrent();
    assert.deepEqual(seen, []);
  });

  it("reports a timed call that throws through log and goes on", () => {
    const { r } = fake();
    const seen: string[] = [];
    function failing() {
      throw new RangeError("boom");
    }
    r.callLater(0, failing);
    r.callLater(0, () => seen.push("next"));
    const { events } = capturingLogSync(() => r.runUntilCurrent());
    assert.deepEqual(seen, ["next"]);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure instanceof Failure);
    assert.ok(errors[0]!.failure!.check(RangeError));
    assert.match(errors[0]!.why!, /DelayedCall \(function failing\)/);
  });

  it("adds the creation stack to that report in debug mode", () => {
    const before = DelayedCall.debug;
    DelayedCall.debug = true;
    try {
      const { r } = fake();
      r.callLater(0, () => {
        throw new Error("boom");
      });
      const { events } = capturingLogSync(() => r.runUntilCurrent());
      const why = errorsIn(events)[0]!.why!;
      assert.match(
        why,
        /\n C: previous exception occurred in a DelayedCall created here:\n C:/,
      );
      assert.match(why, /reactor_test\.[jt]s/);
    } finally {
      DelayedCall.debug = before;
    }
  });

  it("reports a thread call that throws through log and runs the rest", () => {
    const { r } = fake();
    const seen: number[] = [];
    r.callFromThread(() => {
      throw new Error("thread boom");
    });
    r.callFromThread(() => seen.push(2));
    const { events } = capturingLogSync(() => r.runUntilCurrent());
    assert.deepEqual(seen, [2]);
    assert.equal(errorsIn(events).length, 1);
    assert.match(errorsIn(events)[0]!.why!, /callFromThread/);
    assert.equal(
      errorsIn(events)[0]!.failure!.getErrorMessage(),
      "thread boom",
    );
  });

  it("runs calls due at the same time first-in-first-out, unlike Twisted's heap order", () => {
    // Twisted's reactor runs these twelve as [0, 2, 6, 11, 10, 9, 8, 5, 7, 4, 1, 3]
    const { r, clock } = fake();
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) r.callLater(1, () => seen.push(i));
    r.runUntilCurrent();
    assert.deepEqual(seen, []);
    clock.now = 1;
    r.runUntilCurrent();
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe("Reactor.timeout (Twisted's ReactorBase.timeout)", () => {
  it("is undefined with nothing scheduled, else the wait until the first call", () => {
    const { r, clock } = fake(10);
    assert.equal(r.timeout(), undefined);
    r.callLater(3, () => {});
    r.callLater(5, () => {});
    assert.equal(r.timeout(), 3);
    clock.now = 12;
    assert.equal(r.timeout(), 1);
  });

  it("is 0 once a call is overdue", () => {
    const { r, clock } = fake();
    r.callLater(1, () => {});
    clock.now = 50;
    assert.equal(r.timeout(), 0);
  });

  it("is clamped to the host timer's longest wait, 2147483.647 seconds", () => {
    const { r } = fake();
    r.callLater(1e9, () => {});
    assert.equal(r.timeout(), (2 ** 31 - 1) / 1000);
  });

  it("ignores a cancelled call at the top", () => {
    const { r } = fake();
    const first = r.callLater(1, () => {});
    r.callLater(4, () => {});
    first.cancel();
    assert.equal(r.timeout(), 4);
  });

  it("accounts for calls staged since the last pass", () => {
    const { r } = fake();
    r.callLater(9, () => {});
    r.runUntilCurrent();
    r.callLater(2, () => {});
    assert.equal(r.timeout(), 2);
  });
});

describe("Reactor lifecycle without the loop (Twisted's SystemEventTestsBuilder)", () => {
  it("refuses to stop a reactor that never started", () => {
    const { r } = fake();
    assert.throws(
      () => r.stop(),
      (e: unknown) =>
        e instanceof ReactorNotRunning &&
        e.message === "Can't stop reactor that isn't running.",
    );
  });

  it("refuses to start a started reactor", () => {
    const { r } = fake();
    r.startRunning();
    assert.throws(() => r.startRunning(), ReactorAlreadyRunning);
    assert.throws(() => r.run(), ReactorAlreadyRunning);
    r.crash();
  });

  it("refuses to restart a stopped reactor", () => {
    const { r } = fake();
    r.startRunning();
    r.stop();
    r.runUntilCurrent();
    assert.equal(r.running, false);
    assert.throws(() => r.run(), ReactorNotRestartable);
    assert.throws(() => r.stop(), ReactorNotRunning);
  });

  it("fires shutdown at the end of the pass, after that pass's due calls", () => {
    const { r } = fake();
    const seen: string[] = [];
    r.addSystemEventTrigger("before", "shutdown", () => seen.push("shutdown"));
    r.startRunning();
    r.callLater(0, () => {
      r.stop();
      seen.push("stopped");
    });
    r.callLater(0, () => seen.push("also due"));
    r.runUntilCurrent();
    assert.deepEqual(seen, ["stopped", "also due", "shutdown"]);
    assert.equal(r.running, false);
  });

  it("is running in during and after startup triggers, not in before ones", () => {
    const { r } = fake();
    const state: Record<string, boolean> = {};
    r.addSystemEventTrigger(
      "before",
      "startup",
      () => state.before = r.running,
    );
    r.addSystemEventTrigger(
      "during",
      "startup",
      () => state.during = r.running,
    );
    r.addSystemEventTrigger("after", "startup", () => state.after = r.running);
    r.startRunning();
    assert.deepEqual(state, { before: false, during: true, after: true });
    r.crash();
  });

  it("calls a callWhenRunning function at once when running, returning no ID", () => {
    const { r } = fake();
    r.startRunning();
    const seen: number[] = [];
    assert.equal(r.callWhenRunning((n: number) => seen.push(n), 7), undefined);
    assert.deepEqual(seen, [7]);
    r.crash();
  });

  it("returns a removable ID from callWhenRunning before it runs", () => {
    const { r } = fake();
    let ran = false;
    const id = r.callWhenRunning(() => ran = true);
    assert.ok(id !== undefined);
    assert.equal(id!.event, "startup");
    assert.equal(id!.phase, "after");
    r.removeSystemEventTrigger(id!);
    r.startRunning();
    assert.equal(ran, false);
    r.crash();
  });
});

describe("Reactor input checks", () => {
  it("names the offending value for callFromThread, callWhenRunning and triggers", () => {
    const { r } = fake();
    const notFn = 5 as unknown as () => void;
    assert.throws(
      () => r.callFromThread(notFn),
      /callFromThread: fn must be a function, got 5/,
    );
    assert.throws(
      () => r.callWhenRunning(notFn),
      /callWhenRunning: fn must be a function, got 5/,
    );
    assert.throws(
      () => r.addSystemEventTrigger("during", "x", notFn),
      (e: unknown) =>
        e instanceof TypeError && /addSystemEventTrigger: fn/.test(e.message),
    );
    assert.throws(
      () => r.addSystemEventTrigger("xxx" as "before", "x", () => {}),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          'addSystemEventTrigger: phase must be "before", "during" or "after", got "xxx"',
    );
    assert.throws(
      () => r.addSystemEventTrigger("before", 3 as unknown as string, () => {}),
      (e: unknown) =>
        e instanceof TypeError &&
        /event must be a string, got 3/.test(e.message),
    );
  });

  it("checks the constructor's options", () => {
    assert.throws(
      () => new Reactor({ seconds: 3 as unknown as () => number }),
      /Reactor: seconds must be a function, got 3/,
    );
    assert.throws(
      () => new Reactor(null as unknown as object),
      (e: unknown) =>
        e instanceof TypeError && /options must be an object/.test(e.message),
    );
  });

  it("refuses an option it does not have, and an installSignalHandlers that is not a boolean", () => {
    assert.throws(
      () => new Reactor({ installSignalHandler: false } as never),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.startsWith(
          'Reactor: options: unknown option "installSignalHandler"',
        ),
    );
    assert.throws(
      () => new Reactor({ installSignalHandlers: "false" as never }),
      /^TypeError: Reactor: installSignalHandlers must be true or false, got "false"$/,
    );
    const { r } = fake();
    assert.throws(
      () => r.metrics({ reset: "yes" as never }),
      /^TypeError: Reactor.metrics: reset must be true or false/,
    );
    assert.throws(
      () => r.metrics({ rest: true } as never),
      /^TypeError: Reactor.metrics: options: unknown option "rest"/,
    );
  });

  it('refuses to fire an event that is not a string (a trigger on "5" does not run for 5)', () => {
    const { r } = fake();
    let ran = false;
    r.addSystemEventTrigger("during", "5", () => {
      ran = true;
    });
    assert.throws(
      () => r.fireSystemEvent(5 as never),
      /^TypeError: fireSystemEvent: event must be a string, got 5$/,
    );
    assert.equal(ran, false);
    r.fireSystemEvent("5");
    assert.equal(ran, true);
  });

  it("checks doIteration's delay", () => {
    const { r } = fake();
    assert.throws(() => r.doIteration(-1), RangeError);
    assert.throws(() => r.doIteration(NaN), RangeError);
    r.doIteration(undefined);
    r.doIteration(0);
  });
});
