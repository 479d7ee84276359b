/**
 * ONE `IReactorTime` suite, run against `Clock` and against a real
 * `Reactor` driven by a fake time source (Twisted's TimeTests, DelayedTests
 * and the IReactorTime parts of ClockTests). Each subject supplies
 * `advance(s)`: move time and run what is due — `Clock.advance`, or
 * "set the fake time, then `runUntilCurrent()`".
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalled,
  AlreadyCancelled,
  Clock,
  type IDelayedCall,
  type IReactorTime,
  Reactor,
} from "../../reactor/mod.ts";

interface Subject {
  time: IReactorTime;
  advance(seconds: number): void;
}

const subjects: [string, () => Subject][] = [
  ["Clock", () => {
    const clock = new Clock();
    return { time: clock, advance: (s) => clock.advance(s) };
  }],
  ["Reactor with a fake time source", () => {
    let now = 1000;
    const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
    return {
      time: r,
      advance: (s) => {
        now += s;
        r.runUntilCurrent();
      },
    };
  }],
];

for (const [name, make] of subjects) {
  describe(`IReactorTime: ${name}`, () => {
    it("reports time that moves only as much as it is advanced", () => {
      const { time, advance } = make();
      const start = time.seconds();
      assert.equal(time.seconds(), start);
      advance(2.5);
      assert.equal(time.seconds(), start + 2.5);
    });

    it("schedules a call at seconds() + delay and runs it with its arguments once due", () => {
      const { time, advance } = make();
      const seen: unknown[][] = [];
      const call = time.callLater(
        3,
        (a: number, b: string) => seen.push([a, b]),
        1,
        "x",
      );
      assert.equal(call.getTime(), time.seconds() + 3);
      advance(2.9);
      assert.deepEqual(seen, []);
      assert.equal(call.active(), true);
      advance(0.1);
      assert.deepEqual(seen, [[1, "x"]]);
      assert.equal(call.active(), false);
      assert.equal(call.called, true);
    });

    it("runs a callLater(0) at the next advance(0)", () => {
      const { time, advance } = make();
      let ran = false;
      time.callLater(0, () => ran = true);
      assert.equal(ran, false);
      advance(0);
      assert.equal(ran, true);
    });

    it("never runs a cancelled call", () => {
      const { time, advance } = make();
      let ran = false;
      const call = time.callLater(0, () => ran = true);
      call.cancel();
      advance(0);
      advance(10);
      assert.equal(ran, false);
      assert.equal(call.cancelled, true);
    });

    it("raises AlreadyCancelled when a call is cancelled twice", () => {
      const { time } = make();
      const call = time.callLater(0, () => {});
      call.cancel();
      assert.throws(() => call.cancel(), AlreadyCancelled);
    });

    it("raises AlreadyCalled when a call cancels itself while running", () => {
      const { time, advance } = make();
      let raised: unknown;
      const call: IDelayedCall = time.callLater(0, () => {
        try {
          call.cancel();
        } catch (e) {
          raised = e;
        }
      });
      advance(0);
      assert.ok(raised instanceof AlreadyCalled);
    });

    it("raises AlreadyCalled when a call is cancelled after it ran", () => {
      const { time, advance } = make();
      const call = time.callLater(0, () => {});
      advance(0);
      assert.throws(() => call.cancel(), AlreadyCalled);
    });

    it("runs calls due at the same time in the order they were scheduled", () => {
      const { time, advance } = make();
      const seen: number[] = [];
      for (let i = 0; i < 12; i++) time.callLater(1, () => seen.push(i));
      advance(1);
      assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it("runs calls in deadline order whatever the scheduling order", () => {
      const { time, advance } = make();
      const seen: number[] = [];
      for (const d of [5, 1, 4, 2, 3]) time.callLater(d, () => seen.push(d));
      advance(10);
      assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    });

    it("moves calls with delay and reset, sooner and later", () => {
      const { time, advance } = make();
      const seen: string[] = [];
      const a = time.callLater(1, () => seen.push("a"));
      const b = time.callLater(2, () => seen.push("b"));
      const c = time.callLater(3, () => seen.push("c"));
      a.delay(3); // 4
      c.reset(0.5); // 0.5
      b.delay(-1.5); // 0.5, after c
      assert.equal(a.getTime() - time.seconds(), 4);
      advance(0.5);
      assert.deepEqual(seen, ["c", "b"]);
      advance(3);
      assert.deepEqual(seen, ["c", "b"]);
      advance(0.5);
      assert.deepEqual(seen, ["c", "b", "a"]);
    });

    it("lists exactly the pending calls in getDelayedCalls (Twisted's DelayedTests)", () => {
      const { time, advance } = make();
      const calls = new Map<number, IDelayedCall>();
      const check = () => {
        const listed = new Set(time.getDelayedCalls());
        assert.deepEqual(listed, new Set(calls.values()));
      };
      const add = (id: number, when: number, then?: () => void) => {
        calls.set(
          id,
          time.callLater(when, () => {
            calls.delete(id);
            then?.();
          }),
        );
        check();
      };
      add(0, 0.35);
      add(1, 0.2);
      add(2, 0.3);
      add(3, 0.29);
      add(4, 0.25, () => add(5, 0.15));
      add(6, 0.26);
      calls.get(3)!.cancel();
      calls.delete(3);
      check();
      for (let i = 0; i < 50; i++) {
        advance(0.01);
        check();
      }
      assert.equal(calls.size, 0);
      check();
    });

    it("refuses a negative, NaN or infinite delay with a RangeError", () => {
      const { time } = make();
      for (const bad of [-1, -0.001, NaN, Infinity]) {
        assert.throws(
          () => time.callLater(bad, () => {}),
          (e: unknown) =>
            e instanceof RangeError &&
            /callLater: delay must be a finite number >= 0, got/.test(
              e.message,
            ),
          String(bad),
        );
      }
      assert.deepEqual(time.getDelayedCalls(), []);
    });

    it("refuses something that is not a function with a TypeError", () => {
      const { time } = make();
      assert.throws(
        () => time.callLater(1, null as unknown as () => void),
        (e: unknown) =>
          e instanceof TypeError &&
          /fn must be a function, got null/.test(e.message),
      );
    });
  });
}
