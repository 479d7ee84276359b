/**
 * The scheduler's read-ahead FIFO (`reactor/_scheduler.ts`): `popDue` takes
 * up to 16 due entries off the heap at once. Whatever running calls do to
 * those entries meanwhile — move them, cancel them, list them, move other
 * calls ahead of them, throw — the order must stay exactly the heap's. Each
 * test checks that the FIFO really held entries at the moment that matters,
 * so none can pass without exercising it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Clock, type DelayedCall, Reactor } from "../../reactor/mod.ts";
import type { Scheduler } from "../../reactor/_scheduler.ts";

/** Entries waiting in the read-ahead FIFO. */
function readAhead(s: Scheduler): number {
  return s.aheadEnd - s.aheadHead;
}

describe("scheduler read-ahead: calls changed while others wait in it", () => {
  it("runs a call moved sooner by a running call before the calls read ahead", () => {
    const clock = new Clock();
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
    const clock = new Clock();
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
    const clock = new Clock();
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
    const clock = new Clock();
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
    const clock = new Clock();
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
    const reactor = new Reactor({
      seconds: () => now,
      installSignalHandlers: false,
    });
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
    const reactor = new Reactor({
      seconds: () => now,
      installSignalHandlers: false,
    });
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
