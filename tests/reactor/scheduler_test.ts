/**
 * The heap scheduler's own rules: lazy cancellation with Twisted's
 * compaction threshold, lazy `delay`, sooner moves, staging, bulk
 * insertion, growth and shrinking.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../reactor/_scheduler.ts";
import type { DelayedCall } from "../../reactor/delayed_call.ts";
import { assertHeap, deadEntries } from "./_heap_checks.ts";

const noop = () => {};

/**
 * A scheduler whose clock the test sets; `holding` as during a Reactor's
 * pass (new calls are staged).
 */
function make(holding = false): { s: Scheduler; clock: { now: number } } {
  const clock = { now: 0 };
  const s = new Scheduler(() => clock.now, holding);
  if (holding) s.holding = 1;
  return { s, clock };
}

/** Pops (which marks them called) every call due at `now`, in order. */
function drain(s: Scheduler, now: number): DelayedCall[] {
  const out: DelayedCall[] = [];
  for (let c = s.popDue(now); c !== undefined; c = s.popDue(now)) {
    assert.ok(c.called, "popDue marks the call called");
    out.push(c);
  }
  return out;
}

describe("scheduler: cancellation and compaction", () => {
  it("cancels in O(1) by marking: the entry stays until compaction", () => {
    const { s } = make();
    const calls = Array.from({ length: 10 }, (_, i) => s.add(i, noop, []));
    calls[3]!.cancel();
    assert.equal(s.size, 10);
    assert.equal(s.dead, 1);
    assert.deepEqual(drain(s, 100).map((c) => c.getTime()), [
      0,
      1,
      2,
      4,
      5,
      6,
      7,
      8,
      9,
    ]);
    assert.equal(s.dead, 0);
    assert.equal(s.size, 0);
  });

  it("does not compact with 50 dead entries even when they are most of the heap", () => {
    const { s } = make();
    const calls = Array.from({ length: 60 }, (_, i) => s.add(i, noop, []));
    for (let i = 0; i < 50; i++) calls[i]!.cancel();
    assert.equal(s.size, 60);
    assert.equal(s.dead, 50);
  });

  it("compacts once dead entries exceed 50 and half the heap", () => {
    const { s } = make();
    const calls = Array.from({ length: 200 }, (_, i) => s.add(i, noop, []));
    for (let i = 0; i < 100; i++) calls[2 * i]!.cancel();
    assert.equal(s.size, 200, "100 dead of 200 is not more than half");
    calls[1]!.cancel();
    assert.equal(s.size, 99);
    assert.equal(s.dead, 0);
    assertHeap(s);
    const times = drain(s, 1000).map((c) => c.getTime());
    assert.deepEqual(times, Array.from({ length: 99 }, (_, i) => 2 * i + 3));
  });

  it("drops cancelled staged calls instead of inserting them", () => {
    const { s } = make(true);
    const a = s.add(1, noop, []);
    const b = s.add(2, noop, []);
    a.cancel();
    assert.equal(s.stagedDead, 1);
    s.insertStaged();
    assert.equal(s.size, 1);
    assert.equal(s.dead, 0);
    assert.deepEqual(drain(s, 5), [b]);
  });

  it("compacts the staging list under the same rule", () => {
    const { s } = make(true);
    const calls = Array.from({ length: 100 }, (_, i) => s.add(i, noop, []));
    for (let i = 0; i < 51; i++) calls[i]!.cancel();
    assert.equal(s.staged.length, 49);
    assert.equal(s.stagedDead, 0);
    s.insertStaged();
    assert.equal(drain(s, 1000).length, 49);
  });
});

describe("scheduler: cancelling the latest call", () => {
  it("removes a cancelled call whose entry is the heap's last, leaving no dead entry", () => {
    const { s } = make();
    const a = s.add(1, noop, []);
    const b = s.add(2, noop, []);
    b.cancel();
    assert.equal(s.size, 1);
    assert.equal(s.dead, 0);
    a.cancel();
    assert.equal(s.size, 0);
    assert.equal(s.dead, 0);
    assert.equal(s.calls[0], undefined, "no reference kept");
  });

  it("marks a cancelled call dead when its entry is not the last", () => {
    const { s } = make();
    const a = s.add(5, noop, []);
    const b = s.add(1, noop, []); // sifts up: a becomes the last entry
    b.cancel();
    assert.equal(s.size, 2);
    assert.equal(s.dead, 1);
    assert.equal(deadEntries(s), 1);
    assert.deepEqual(drain(s, 10), [a]);
  });

  it("drops a cancelled call that is the last staged one from the list", () => {
    const { s } = make(true);
    const a = s.add(1, noop, []);
    const b = s.add(2, noop, []);
    const c = s.add(3, noop, []);
    c.cancel();
    assert.deepEqual(s.staged, [a, b]);
    assert.equal(s.stagedDead, 0);
    a.cancel();
    assert.deepEqual(s.staged, [a, b], "not the last: marked only");
    assert.equal(s.stagedDead, 1);
    s.insertStaged();
    assert.deepEqual(drain(s, 10), [b]);
  });
});

describe("scheduler: staging outside a pass", () => {
  it("moves staged calls into the heap once stageLimit wait", () => {
    const { s } = make(true);
    s.holding = 0;
    s.stageLimit = 4;
    const calls = [3, 1, 2].map((t) => s.add(t, noop, []));
    assert.equal(s.staged.length, 3);
    assert.equal(s.size, 0);
    calls.push(s.add(0, noop, []));
    assert.equal(s.staged.length, 0);
    assert.equal(s.size, 4);
    assertHeap(s);
    assert.deepEqual(drain(s, 10), [calls[3], calls[1], calls[2], calls[0]]);
  });

  it("keeps every call staged while a pass runs, however many", () => {
    const { s } = make(true);
    s.stageLimit = 4;
    for (let i = 0; i < 10; i++) s.add(i, noop, []);
    assert.equal(s.staged.length, 10);
    assert.equal(s.size, 0);
    assert.equal(s.popDue(100), undefined, "none runs in this pass");
  });

  it("never stages on a Clock's scheduler", () => {
    const { s } = make(false);
    s.add(1, noop, []);
    assert.equal(s.staged.length, 0);
    assert.equal(s.size, 1);
  });
});

describe("scheduler: moving calls", () => {
  it("folds a later delay in when the entry reaches the top", () => {
    const { s } = make();
    const a = s.add(1, noop, []);
    const b = s.add(2, noop, []);
    a.delay(5);
    assert.equal(s.size, 2, "no new entry for a later move");
    assert.equal(s.peekTime(), 1, "the top key is a lower bound");
    assert.deepEqual(drain(s, 3), [b]);
    assert.equal(s.peekTime(), 6);
    assert.deepEqual(drain(s, 6), [a]);
  });

  it("moves a call sooner with a new entry and strands the old one", () => {
    const { s } = make();
    const a = s.add(10, noop, []);
    s.add(5, noop, []);
    a.reset(1);
    assert.equal(s.size, 3);
    assert.equal(s.dead, 1);
    assert.deepEqual(drain(s, 1), [a]);
    drain(s, 100);
    assert.equal(s.size, 0);
    assert.equal(s.dead, 0, "the stranded entry was dropped, counted once");
  });

  it("runs a call once however often it moves", () => {
    const { s, clock } = make();
    const a = s.add(50, noop, []);
    for (let i = 0; i < 20; i++) {
      a.reset(i % 2 === 0 ? 100 - i : 1 + i);
      clock.now += 0.5;
    }
    const ran = drain(s, 1000);
    assert.deepEqual(ran, [a]);
    assert.equal(s.size, 0);
  });

  it("tells its owner when a call moves sooner, and only then", () => {
    const { s } = make(true);
    const told: number[] = [];
    s.onSooner = (t) => told.push(t);
    const a = s.add(10, noop, []);
    a.delay(5);
    a.delay(-12);
    a.reset(20);
    assert.deepEqual(told, [3]);
  });
});

describe("scheduler: staging, growth and order", () => {
  it("keeps staged calls out of the heap until insertStaged", () => {
    const { s } = make(true);
    s.add(0, noop, []);
    assert.equal(s.size, 0);
    assert.equal(s.popDue(10), undefined);
    s.insertStaged();
    assert.equal(s.size, 1);
    assert.equal(drain(s, 10).length, 1);
  });

  it("inserts a big batch by heapifying, in time then scheduling order", () => {
    const { s } = make(true);
    s.add(3, noop, []);
    s.insertStaged();
    const n = 1000;
    for (let i = 0; i < n; i++) s.add((i * 37) % 10, noop, []);
    s.insertStaged();
    assert.equal(s.size, n + 1);
    assertHeap(s);
    const ran = drain(s, 100);
    for (let i = 1; i < ran.length; i++) {
      const a = ran[i - 1]!, b = ran[i]!;
      assert.ok(a._time < b._time || (a._time === b._time && a._seq < b._seq));
    }
  });

  it("grows to 1024 then by half past its initial capacity and shrinks back when drained", () => {
    const { s } = make();
    const initial = s.times.length;
    for (let i = 0; i < 10_000; i++) {
      const before = s.times.length;
      s.add(10_000 - i, noop, []);
      const after = s.times.length;
      if (after !== before) {
        assert.equal(
          after,
          before < 1024 ? 1024 : before + (before >> 1),
          "grows to 1024, then by half",
        );
      }
      assert.equal(s.calls.length, after, "one call slot per key");
      assert.equal(s.seqs.length, after);
    }
    assert.ok(s.times.length >= 10_000 && s.times.length < 15_000);
    assertHeap(s);
    const ran = drain(s, 1e9);
    assert.equal(ran.length, 10_000);
    assert.deepEqual(
      ran.slice(0, 3).map((c) => c.getTime()),
      [1, 2, 3],
      "the entries survived every move",
    );
    assert.ok(
      s.times.length <= 1024,
      `capacity ${s.times.length} after draining`,
    );
    assert.ok(s.times.length >= initial);
    assert.equal(s.calls.length, s.times.length);
  });

  it("frees the old key storage as it grows, when the runtime can transfer it", () => {
    const { s } = make();
    const old = s.times;
    for (let i = 0; i < 100; i++) s.add(i, noop, []);
    assert.notEqual(s.times, old);
    const transfers = typeof (ArrayBuffer.prototype as { transfer?: unknown })
      .transfer === "function";
    assert.equal(old.length, transfers ? 0 : 64, "detached where possible");
    assert.equal(drain(s, 1e9).length, 100);
  });

  it("grows and shrinks by copying where ArrayBuffer.prototype.transfer is missing", () => {
    const proto = ArrayBuffer.prototype as { transfer?: unknown };
    const saved = Object.getOwnPropertyDescriptor(proto, "transfer");
    delete proto.transfer;
    try {
      const { s } = make();
      const old = s.times;
      for (let i = 0; i < 5_000; i++) s.add(5_000 - i, noop, []);
      assert.equal(old.length, 64, "copied, the old array left as it was");
      assertHeap(s);
      const ran = drain(s, 1e9).map((c) => c.getTime());
      assert.deepEqual(ran, Array.from({ length: 5_000 }, (_, i) => i + 1));
      assert.ok(s.times.length <= 1024);
    } finally {
      if (saved !== undefined) Object.defineProperty(proto, "transfer", saved);
    }
  });

  it("lists pending calls in firing order, staged ones included, dead ones not", () => {
    const { s } = make(true);
    const a = s.add(2, noop, []);
    s.insertStaged();
    const b = s.add(1, noop, []);
    const c = s.add(2, noop, []);
    const d = s.add(0, noop, []);
    d.cancel();
    a.reset(3);
    assert.deepEqual(s.pending(), [b, c, a]);
  });

  it("skips dead entries at the top when peeking", () => {
    const { s } = make();
    const a = s.add(1, noop, []);
    s.add(2, noop, []);
    a.cancel();
    assert.equal(s.peekTime(), 2);
    assert.equal(s.dead, 0);
  });
});
