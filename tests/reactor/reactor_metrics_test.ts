/**
 * A reactor's metrics and its pass hook: every count where it belongs
 * (deterministic: a fake time source and `runUntilCurrent` by hand), the
 * count of delayed calls pending checked against `getDelayedCalls()` over
 * seeded random programs, lateness in the reactor's own time, `reset`,
 * `instrument` at any time, the trace events of each pass, and a bounded
 * real-time run for the timed figures.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type DelayedCall,
  type PassTrace,
  Reactor,
} from "../../reactor/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";
import { randomInt, seededRandom } from "../_random.ts";

/** A reactor on a fake clock that the test moves. */
function fake(
  options: { metrics?: boolean; trace?: (e: PassTrace) => void } = {},
): { r: Reactor; clock: { now: number } } {
  const clock = { now: 0 };
  const r = new Reactor({
    seconds: () => clock.now,
    installSignalHandlers: false,
    ...options,
  });
  return { r, clock };
}

describe("Reactor.metrics: counts", () => {
  it("counts passes, timed calls run and callFromThread calls run", () => {
    const { r, clock } = fake();
    r.callLater(1, () => {});
    r.callLater(2, () => {});
    r.callFromThread(() => {});
    r.runUntilCurrent(); // the thread call; no timed call is due
    clock.now = 2;
    r.runUntilCurrent(); // both timed calls
    const m = r.metrics();
    assert.deepEqual(
      [m.passes, m.callsRun, m.threadCallsRun, m.errors],
      [2, 2, 1, 0],
    );
  });

  it("counts a call as it starts: a snapshot taken inside it includes it and its pass", () => {
    const { r } = fake();
    const seen: number[][] = [];
    const look = () => {
      const m = r.metrics();
      seen.push([m.passes, m.callsRun, m.threadCallsRun]);
    };
    r.callFromThread(look);
    r.callLater(0, look);
    r.runUntilCurrent();
    assert.deepEqual(seen, [[1, 0, 1], [1, 1, 1]]);
  });

  it("counts timed and thread calls that raised, each also logged", () => {
    const { r } = fake();
    r.callLater(0, () => {
      throw new Error("timed");
    });
    r.callFromThread(() => {
      throw new Error("thread");
    });
    const { events } = capturingLogSync(() => r.runUntilCurrent());
    assert.equal(errorsIn(events).length, 2);
    const m = r.metrics();
    assert.deepEqual([m.callsRun, m.threadCallsRun, m.errors], [1, 1, 2]);
  });

  it("says what waits now: delayed calls pending and thread calls queued", () => {
    const { r, clock } = fake();
    const a = r.callLater(1, () => {});
    r.callLater(2, () => {});
    r.callLater(3, () => {}).cancel();
    r.callFromThread(() => {});
    r.callFromThread(() => {});
    let m = r.metrics();
    assert.deepEqual([m.delayedCalls, m.threadCallsQueued], [2, 2]);
    r.runUntilCurrent(); // staged calls into the heap, thread calls run
    a.cancel();
    m = r.metrics();
    assert.deepEqual([m.delayedCalls, m.threadCallsQueued], [1, 0]);
    clock.now = 2;
    r.runUntilCurrent();
    assert.equal(r.metrics().delayedCalls, 0);
  });

  it("counts delayed calls pending as getDelayedCalls() does, over random programs", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const { r, clock } = fake();
      // half the seeds through the scheduler's read-ahead (big-heap) path
      if (seed % 2 === 0) r._scheduler.readAheadAbove = 0;
      const calls: DelayedCall[] = [];
      for (let step = 0; step < 600; step++) {
        const live = calls.filter((c) => c.active());
        const pick = live[randomInt(random, Math.max(live.length, 1))];
        switch (randomInt(random, 7)) {
          case 0:
          case 1:
            calls.push(r.callLater(random() * 10, () => {}));
            break;
          case 2:
            pick?.cancel();
            break;
          case 3:
            pick?.reset(random() * 10);
            break;
          case 4:
            pick?.delay(random() * 3);
            break;
          case 5:
            clock.now += random() * 2;
            r.runUntilCurrent();
            break;
          case 6:
            r.timeout(); // staged calls into the heap
            break;
        }
        assert.equal(
          r.metrics().delayedCalls,
          r.getDelayedCalls().length,
          `seed ${seed}, step ${step}`,
        );
      }
      for (const c of calls) if (c.active()) c.cancel();
    }
  });

  it("starts the counts afresh on reset, keeping what waits", () => {
    const { r } = fake();
    r.callLater(0, () => {});
    const later = r.callLater(5, () => {});
    r.runUntilCurrent();
    const first = r.metrics({ reset: true });
    assert.deepEqual([first.passes, first.callsRun], [1, 1]);
    const after = r.metrics();
    assert.deepEqual(
      [after.passes, after.callsRun, after.threadCallsRun, after.errors],
      [0, 0, 0, 0],
    );
    assert.equal(after.delayedCalls, 1, "a gauge, not reset");
    later.cancel();
  });

  it("has no timed figures unless timing is on", () => {
    const { r } = fake();
    r.callLater(0, () => {});
    r.runUntilCurrent();
    const m = r.metrics();
    assert.deepEqual([m.lateness, m.passTime, m.utilization], [
      null,
      null,
      null,
    ]);
  });
});

describe("Reactor.metrics: timing", () => {
  it("measures each timed call's lateness in the reactor's time", () => {
    const { r, clock } = fake({ metrics: true });
    for (const t of [1, 2, 3]) r.callLater(t, () => {});
    clock.now = 3.5;
    r.runUntilCurrent();
    const late = r.metrics().lateness!;
    assert.equal(late.count, 3);
    assert.equal(late.max, 2.5);
    assert.ok(Math.abs(late.mean - 1.5) < 1e-12, `mean ${late.mean}`);
    // a percentile is its bucket's upper edge, at most 12.5% above
    assert.ok(late.p50 >= 1.5 && late.p50 <= 1.5 * 1.125, `p50 ${late.p50}`);
  });

  it("times passes and reports utilization between 0 and 1", () => {
    const { r } = fake({ metrics: true });
    r.callLater(0, () => {
      const until = performance.now() + 2;
      while (performance.now() < until); // 2 ms of work
    });
    r.runUntilCurrent();
    const m = r.metrics();
    assert.equal(m.passTime?.count, 1);
    assert.ok(m.passTime!.max >= 0.002, `pass took ${m.passTime!.max}`);
    assert.ok(m.utilization! > 0 && m.utilization! <= 1, `${m.utilization}`);
  });

  it("turns timing on and off with instrument, at any time", () => {
    const { r, clock } = fake();
    r.callLater(1, () => {});
    clock.now = 2;
    r.runUntilCurrent(); // untimed: not in the histogram
    r.instrument({ metrics: true });
    r.callLater(1, () => {});
    clock.now = 3.25;
    r.runUntilCurrent();
    const m = r.metrics();
    assert.equal(m.callsRun, 2);
    assert.equal(m.lateness?.count, 1);
    assert.equal(m.lateness?.max, 0.25);
    r.instrument({});
    assert.notEqual(r.metrics().lateness, null, "a key left out is kept");
    r.instrument({ metrics: false });
    assert.equal(r.metrics().lateness, null);
  });

  it("times a real running reactor's passes, lateness included", async () => {
    const r = new Reactor({ installSignalHandlers: false, metrics: true });
    let left = 5;
    const tick = () => {
      if (--left === 0) r.stop();
      else r.callLater(0.005, tick);
    };
    r.callLater(0.005, tick);
    await r.run();
    const m = r.metrics();
    assert.equal(m.callsRun, 5);
    assert.equal(m.lateness?.count, 5);
    assert.ok(
      m.lateness!.max >= 0 && m.lateness!.max < 5,
      `${m.lateness!.max}`,
    );
    assert.ok(m.passTime!.count >= 5);
    assert.ok(m.utilization! >= 0 && m.utilization! <= 1);
  });
});

describe("Reactor trace hook", () => {
  it("sees each pass begin and end, with the calls it ran", () => {
    const events: PassTrace[] = [];
    const { r, clock } = fake({ trace: (e) => events.push(e) });
    r.callLater(1, () => {});
    r.callLater(1, () => {});
    r.callFromThread(() => {});
    r.runUntilCurrent();
    clock.now = 1;
    r.runUntilCurrent();
    assert.deepEqual(
      events.map((e) =>
        e.type === "start"
          ? `start ${e.pass}`
          : `end ${e.pass}: ${e.calls} calls, ${e.threadCalls} thread calls`
      ),
      [
        "start 1",
        "end 1: 0 calls, 1 thread calls",
        "start 2",
        "end 2: 2 calls, 0 thread calls",
      ],
    );
    assert.ok(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at));
    assert.notEqual(r.metrics().passTime, null, "a hook turns timing on");
  });

  it("logs a hook that throws once, removes it, and runs the pass anyway", () => {
    let calls = 0;
    const { r } = fake({
      trace: () => {
        calls++;
        throw new Error("hook");
      },
    });
    let ran = 0;
    r.callLater(0, () => ran++);
    const { events } = capturingLogSync(() => {
      r.runUntilCurrent();
      r.callLater(0, () => ran++);
      r.runUntilCurrent();
    });
    assert.equal(ran, 2, "the calls ran");
    assert.equal(calls, 1, "removed after it threw");
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.match(
      String(errors[0]!.why),
      /trace hook raised; it has been removed/,
    );
  });

  it("is set, replaced and removed by instrument", () => {
    const seen: string[] = [];
    const { r } = fake();
    r.instrument({ trace: () => seen.push("a") });
    r.runUntilCurrent();
    r.instrument({ trace: () => seen.push("b") });
    r.runUntilCurrent();
    r.instrument({ trace: null });
    r.runUntilCurrent();
    assert.deepEqual(seen, ["a", "a", "b", "b"]);
    assert.equal(r.metrics().passTime, null, "no hook, no metrics: untimed");
  });

  it("traces the passes of a running reactor", async () => {
    const events: PassTrace[] = [];
    const r = new Reactor({
      installSignalHandlers: false,
      trace: (e) => events.push(e),
    });
    r.callLater(0.01, () => r.stop());
    const { events: logged } = await capturingLog(() => r.run());
    assert.deepEqual(errorsIn(logged), []);
    const ends = events.filter((e) => e.type === "end");
    assert.equal(events.length, 2 * ends.length, "paired");
    assert.equal(
      ends.reduce((n, e) => n + (e.type === "end" ? e.calls : 0), 0),
      1,
    );
  });
});

describe("Reactor.metrics and instrument: bad input", () => {
  it("refuses a metrics option that is not a boolean, naming the value", () => {
    assert.throws(
      () => new Reactor({ metrics: "yes" as unknown as boolean }),
      {
        name: "TypeError",
        message: /Reactor: metrics must be a boolean, got "yes"/,
      },
    );
    const { r } = fake();
    assert.throws(
      () => r.instrument({ metrics: 1 as unknown as boolean }),
      {
        name: "TypeError",
        message: /instrument: metrics must be a boolean, got 1/,
      },
    );
  });

  it("refuses a trace hook that is not a function", () => {
    assert.throws(
      () => new Reactor({ trace: 5 as unknown as () => void }),
      { name: "TypeError", message: /Reactor: trace/ },
    );
    const { r } = fake();
    assert.throws(
      () => r.instrument({ trace: "log" as unknown as () => void }),
      { name: "TypeError", message: /instrument: trace/ },
    );
  });

  it("refuses options that are not an object", () => {
    const { r } = fake();
    assert.throws(
      () => r.instrument(null as unknown as object),
      {
        name: "TypeError",
        message: /instrument: options must be an object, got null/,
      },
    );
    assert.throws(
      () => r.metrics(7 as unknown as object),
      {
        name: "TypeError",
        message: /metrics: options must be an object, got 7/,
      },
    );
  });
});
