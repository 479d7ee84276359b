/**
 * The heap scheduler's own rules: lazy cancellation with Twisted's
 * compaction threshold, lazy `delay`, sooner moves, staging, bulk
 * insertion, growth and shrinking.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../reactor/_scheduler.ts";
import { CALLED, type DelayedCall } from "../../reactor/delayed_call.ts";

const noop = () => {};

/** A scheduler whose clock the test sets. */
function make(staging = false): { s: Scheduler; clock: { now: number } } {
  const clock = { now: 0 };
  return { s: new Scheduler(() => clock.now, staging), clock };
}

/** Pops and "runs" every call due at `now`, returning them in order. */
function drain(s: Scheduler, now: number): DelayedCall[] {
  const out: DelayedCall[] = [];
  for (let c = s.popDue(now); c !== undefined; c = s.popDue(now)) {
    c._state = CALLED;
    out.push(c);
  }
  return out;
}

/** Checks the heap property over the key arrays. */
function assertHeap(s: Scheduler): void {
  for (let i = 1; i < s.size; i++) {
    const p = (i - 1) >> 1;
    const ok = s.times[p]! < s.times[i]! ||
      (s.times[p] === s.times[i] && s.seqs[p]! < s.seqs[i]!);
    assert.ok(ok, `heap order broken between ${p} and ${i}`);
  }
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

  it("grows past its initial capacity and shrinks back when drained", () => {
    const { s } = make();
    const initial = s.times.length;
    for (let i = 0; i < 10_000; i++) s.add(i, noop, []);
    assert.ok(s.times.length >= 10_000);
    assertHeap(s);
    assert.equal(drain(s, 1e9).length, 10_000);
    assert.ok(
      s.times.length <= 1024,
      `capacity ${s.times.length} after draining`,
    );
    assert.ok(s.times.length >= initial);
    assert.ok(s.calls.length <= 1024);
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
