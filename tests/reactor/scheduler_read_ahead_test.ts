/**
 * The scheduler's read-ahead FIFO (`reactor/_scheduler.ts`): `popDue` takes
 * up to 16 due entries off the heap at once. Whatever running calls do to
 * those entries meanwhile — move them, cancel them, list them, move other
 * calls ahead of them, throw — the order must stay exactly the heap's. Each
 * test checks that the FIFO really held entries at the moment that matters,
 * so none can pass without exercising it. The FIFO is only used for heaps
 * of more than 16k entries; these tests turn it on for small ones.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Clock, type DelayedCall, Reactor } from "../../reactor/mod.ts";
import type { Scheduler } from "../../reactor/_scheduler.ts";
import { deadEntries } from "./_heap_checks.ts";
import { randomInt, seededRandom } from "../_random.ts";

/** Entries waiting in the read-ahead FIFO. */
function readAhead(s: Scheduler): number {
  return s.aheadEnd - s.aheadHead;
}

/** A Clock that reads ahead whatever its heap's size (normally from 16k). */
function readingClock(): Clock {
  const clock = new Clock();
  clock._scheduler.readAheadAbove = 0;
  return clock;
}

/** A Reactor on a hand-set clock that reads ahead whatever its heap's size. */
function readingReactor(seconds: () => number): Reactor {
  const reactor = new Reactor({ seconds, installSignalHandlers: false });
  reactor._scheduler.readAheadAbove = 0;
  return reactor;
}

describe("scheduler read-ahead: when it is used", () => {
  it("reads ahead by itself once the heap outgrows 16k entries, in order", () => {
    const clock = new Clock();
    const random = seededRandom(7);
    const ran: number[] = [];
    const ids = new Map<DelayedCall, number>();
    let busiest = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const t = randomInt(random, 1000) / 10; // many equal times
      const call = clock.callLater(t, () => {
        busiest = Math.max(busiest, readAhead(clock._scheduler));
        ran.push(i);
      });
      ids.set(call, i);
    }
    // the order getDelayedCalls promises: by time, then scheduling order
    const expected = clock.getDelayedCalls().map((c) => ids.get(c)!);
    clock.advance(100);
    assert.ok(busiest > 0, "the FIFO was used");
    assert.equal(ran.length, n);
    assert.deepEqual(ran, expected);
  });

  it("does not read ahead in a small heap", () => {
    const clock = new Clock();
    let busiest = 0;
    for (let i = 0; i < 1000; i++) {
      clock.callLater(i % 10, () => {
        busiest = Math.max(busiest, readAhead(clock._scheduler));
      });
    }
    clock.advance(10);
    assert.equal(busiest, 0);
  });
});

describe("scheduler read-ahead: calls changed while others wait in it", () => {
  it("runs a call moved sooner by a running call before the calls read ahead", () => {
    const clock = readingClock();
    const ran: string[] = [];
    let waiting = -1;
    const d = clock.callLater(10, () => ran.push(`d at ${clock.seconds()}`));
    clock.callLater(1, () => {
      waiting = readAhead(clock._scheduler);
      ran.push("a");
      d.delay(-9.5);
    });
    clock.callLater(2, () => ran.push("b"));
    clock.callLater(3, () => ran.push("c"));
    clock.advance(5);
    assert.equal(waiting, 2, "b and c were read ahead while a ran");
    assert.deepEqual(ran, ["a", "d at 5", "b", "c"]);
    assert.equal(d.getTime(), 0.5);
  });

  it("runs a read-ahead call moved later by a running call at its new time", () => {
    const clock = readingClock();
    const ran: string[] = [];
    let waiting = -1;
    const b = clock.callLater(2, () => ran.push(`b at ${clock.seconds()}`));
    clock.callLater(1, () => {
      waiting = readAhead(clock._scheduler);
      b.delay(10);
    });
    clock.callLater(3, () => ran.push(`c at ${clock.seconds()}`));
    clock.advance(5);
    assert.equal(waiting, 2);
    assert.deepEqual(ran, ["c at 5"]);
    assert.deepEqual(clock.getDelayedCalls(), [b]);
    clock.advance(7);
    assert.deepEqual(ran, ["c at 5", "b at 12"]);
  });

  it("lists read-ahead calls in getDelayedCalls and skips cancelled ones", () => {
    const clock = readingClock();
    let listed: DelayedCall[] = [];
    let waiting = -1;
    const ran: string[] = [];
    const calls: DelayedCall[] = [];
    calls.push(clock.callLater(1, () => {
      waiting = readAhead(clock._scheduler);
      calls[2]!.cancel();
      listed = clock.getDelayedCalls();
    }));
    for (
      const [t, name] of [[2, "b"], [3, "c"], [4, "d"], [10, "e"]] as const
    ) {
      calls.push(clock.callLater(t, () => ran.push(name)));
    }
    clock.advance(5);
    assert.equal(waiting, 3, "b, c and d were read ahead");
    assert.deepEqual(listed, [calls[1], calls[3], calls[4]]);
    assert.deepEqual(ran, ["b", "d"]);
    assert.equal(clock._scheduler.dead, 0, "the cancelled entry was dropped");
  });
});

describe("scheduler read-ahead: between advances", () => {
  it("keeps calls read ahead when a call throws, and runs them next in order", () => {
    const clock = readingClock();
    const ran: string[] = [];
    clock.callLater(1, () => {
      throw new Error("boom");
    });
    const b = clock.callLater(2, () => ran.push("b"));
    const c = clock.callLater(3, () => ran.push("c"));
    const d = clock.callLater(10, () => ran.push("d"));
    assert.throws(() => clock.advance(5), /boom/);
    assert.equal(readAhead(clock._scheduler), 2, "b and c wait in the FIFO");
    assert.deepEqual(clock.getDelayedCalls(), [b, c, d]);
    const e = clock.callLater(0, () => ran.push("e"));
    assert.equal(readAhead(clock._scheduler), 2, "e came after them");
    d.delay(-8.5); // now due at 1.5: ahead of b and c
    assert.equal(readAhead(clock._scheduler), 0, "b and c went back");
    assert.deepEqual(clock.getDelayedCalls(), [d, b, c, e]);
    clock.advance(0);
    assert.deepEqual(ran, ["d", "b", "c", "e"]);
  });

  it("compacts the heap while calls wait in the FIFO and keeps the order", () => {
    const clock = readingClock();
    const scheduler = clock._scheduler;
    const ran: number[] = [];
    let waitingAtCompaction = -1;
    const compact = scheduler.compact;
    scheduler.compact = function () {
      waitingAtCompaction = readAhead(this);
      compact.call(this);
    };
    const far: DelayedCall[] = [];
    const near: DelayedCall[] = [];
    clock.callLater(1, () => {
      near[0]!.cancel(); // a dead entry in the FIFO
      // then 60 dead of 15 read ahead + 100 in the heap: more than half
      for (let i = 0; i < 60; i++) far[i]!.cancel();
    });
    for (let t = 2; t <= 16; t++) {
      near.push(clock.callLater(t, () => ran.push(t)));
    }
    for (let t = 30; t < 130; t++) {
      far.push(clock.callLater(t, () => ran.push(t)));
    }
    try {
      clock.advance(20);
    } finally {
      scheduler.compact = compact;
    }
    // compaction came at the 58th cancel (58 > 115 / 2), dropping all 58
    // dead entries, the one in the FIFO included; three more followed
    assert.equal(waitingAtCompaction, 15);
    assert.equal(scheduler.dead, 3);
    clock.advance(200);
    const expected = [
      ...Array.from({ length: 14 }, (_, i) => i + 3),
      ...Array.from({ length: 40 }, (_, i) => i + 90),
    ];
    assert.deepEqual(ran, expected);
    assert.equal(scheduler.dead, 0);
  });
});

describe("scheduler read-ahead: on a Reactor", () => {
  it("counts live read-ahead calls and drops cancelled ones for the timeout", () => {
    let now = 0;
    const reactor = readingReactor(() => now);
    let timeout: number | undefined = -1;
    let waiting = -1;
    const b = reactor.callLater(2, () => {});
    reactor.callLater(3, () => {});
    reactor.callLater(1, () => {
      waiting = readAhead(reactor._scheduler);
      b.cancel();
      now = 2.5; // the clock went back: c, read ahead, is not due yet
      timeout = reactor.timeout();
      now = 3;
    });
    reactor.callLater(10, () => {});
    now = 3;
    reactor.runUntilCurrent();
    assert.equal(waiting, 2);
    assert.equal(timeout, 0.5, "c, read ahead, is due at 3");
    assert.equal(reactor._scheduler.dead, 0);
  });

  it("puts a batch of staged calls due before the read-ahead ones first when the clock went back", () => {
    let now = 0;
    const reactor = readingReactor(() => now);
    const ran: string[] = [];
    let waiting = -1;
    reactor.callLater(1, () => {
      ran.push("a");
      waiting = readAhead(reactor._scheduler);
      now = 0;
      // more than 64, and more than the heap holds: inserted by heapifying
      for (let i = 0; i < 100; i++) {
        reactor.callLater(0.5 + i / 1000, () => ran.push(`e${i}`));
      }
      now = 3;
      reactor.runUntilCurrent(); // a nested pass inserts them
    });
    reactor.callLater(2, () => ran.push("b"));
    reactor.callLater(3, () => ran.push("c"));
    now = 3;
    reactor.runUntilCurrent();
    assert.equal(waiting, 2);
    const batch = Array.from({ length: 100 }, (_, i) => `e${i}`);
    assert.deepEqual(ran, ["a", ...batch, "b", "c"]);
  });
});

/**
 * Runs one seeded random program — bursts of calls with many equal times,
 * cancels, resets, delays, listings and time steps, some made from inside
 * running calls — on a Clock or a Reactor whose scheduler reads ahead from
 * `readAheadAbove`, and returns what happened, step by step.
 */
function program(
  kind: "clock" | "reactor",
  readAheadAbove: number,
  seed: number,
  counts: { readAhead: number; unread: number },
): string[] {
  const random = seededRandom(seed);
  let t = 0;
  const clock = kind === "clock" ? new Clock() : undefined;
  const reactor = kind === "reactor"
    ? new Reactor({ seconds: () => t, installSignalHandlers: false })
    : undefined;
  const time = clock ?? reactor!;
  const scheduler = clock?._scheduler ?? reactor!._scheduler;
  scheduler.readAheadAbove = readAheadAbove;
  const { readAhead, unread } = scheduler;
  scheduler.readAhead = function (now: number) {
    counts.readAhead++;
    readAhead.call(this, now);
  };
  scheduler.unread = function () {
    if (this.aheadHead < this.aheadEnd) counts.unread++;
    unread.call(this);
  };
  const now = () => time.seconds();
  const advance = (amount: number) => {
    if (clock !== undefined) return clock.advance(amount);
    t += amount;
    reactor!.runUntilCurrent();
  };
  const calls: DelayedCall[] = [];
  const ids = new Map<DelayedCall, number>();
  const trace: string[] = [];
  const attempt = (what: string, f: () => void) => {
    try {
      f();
      trace.push(what);
    } catch (e) {
      trace.push(`${what} -> ${(e as Error).message}`);
    }
  };
  const act = (depth: number) => {
    const r = random();
    if (calls.length === 0 || r < 0.4) {
      const burst = random() < 0.25 ? 1 + randomInt(random, 40) : 1;
      for (let k = 0; k < burst; k++) {
        const id = calls.length;
        const delay = randomInt(random, 8) / 2;
        const nested = depth < 3 && random() < 0.3;
        const call = time.callLater(delay, () => {
          trace.push(`ran ${id} at ${now()}`);
          if (nested) act(depth + 1);
        });
        calls.push(call);
        ids.set(call, id);
      }
      trace.push(`made ${burst} at ${now()}`);
      return;
    }
    const id = random() < 0.8
      ? calls.length - 1 - randomInt(random, Math.min(calls.length, 40))
      : randomInt(random, calls.length);
    const call = calls[id]!;
    if (r < 0.6) {
      attempt(`cancel ${id}`, () => call.cancel());
    } else if (r < 0.7) {
      const s = randomInt(random, 8) / 2;
      attempt(`reset ${id} to ${s}`, () => call.reset(s));
    } else if (r < 0.8) {
      const s = randomInt(random, 8) / 2 - 2;
      attempt(`delay ${id} by ${s}`, () => call.delay(s));
    } else if (r < 0.86) {
      const listed = time.getDelayedCalls().map((c) => ids.get(c));
      trace.push(`pending ${listed.join(",")}`);
    } else {
      const amount = random() < 0.3 ? 0 : randomInt(random, 6) / 2;
      trace.push(`advance ${amount}`);
      advance(amount);
    }
  };
  for (let i = 0; i < 300; i++) act(0);
  for (let i = 0; i < 4; i++) advance(i === 0 ? 1e6 : 0);
  const left = time.getDelayedCalls().map((c) => ids.get(c));
  trace.push(`finally pending ${left.join(",")}`);
  // how many entries are dead depends on the heap's layout (a cancelled
  // call whose entry is the heap's last leaves none), so it is checked
  // against the heap itself rather than across the two runs
  assert.equal(scheduler.dead, deadEntries(scheduler), `seed ${seed}: dead`);
  return trace;
}

describe("scheduler read-ahead: seeded random programs", () => {
  for (const kind of ["clock", "reactor"] as const) {
    it(`runs every program on a ${kind} as it runs without reading ahead`, () => {
      const counts = { readAhead: 0, unread: 0 };
      const off = { readAhead: 0, unread: 0 };
      for (let seed = 1; seed <= 60; seed++) {
        const reading = program(kind, 0, seed, counts);
        const plain = program(kind, Infinity, seed, off);
        const i = reading.findIndex((line, k) => line !== plain[k]);
        if (i >= 0 || reading.length !== plain.length) {
          assert.fail(
            `seed ${seed}: step ${i}: reading ahead "${reading[i]}", ` +
              `without "${plain[i]}"`,
          );
        }
      }
      assert.equal(off.readAhead, 0, "the plain runs never read ahead");
      // the programs must have exercised the FIFO, including its return
      assert.ok(counts.readAhead > 1000, `read ahead ${counts.readAhead}×`);
      assert.ok(counts.unread > 50, `returned the FIFO ${counts.unread}×`);
    });
  }
});
