/**
 * The shared-memory ring (`threads/_transport/ring.ts`), driven from
 * one thread: a writer view and a reader view of the same buffer, stepped
 * by hand.
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  maxRecordWords,
  PAD,
  Reader,
  Ring,
  ringBuffer,
} from "../../threads/_transport/ring.ts";
import { startBareWorker } from "./_bare_worker.ts";

/** Writes a record of `n` words (`[n << 8 | op, payload…]`); false if full. */
function put(ring: Ring, n: number, op = 5, fill = 0): boolean {
  const at = ring.reserve(n);
  if (at < 0) return false;
  ring.words[at] = n << 8 | op;
  for (let k = 1; k < n; k++) ring.words[at + k] = fill + k;
  ring.commit(n);
  return true;
}

/** Reads every published record as `[length, op, payload…]`. */
function takeAll(ring: Ring): number[][] {
  const out: number[][] = [];
  for (;;) {
    const at = ring.next();
    if (at === -2) throw new Error("malformed");
    if (at < 0) break;
    const n = ring.words[at]! >>> 8;
    out.push([
      n,
      ring.words[at]! & 0xff,
      ...ring.words.subarray(at + 1, at + n),
    ]);
    ring.advance(n);
  }
  ring.release();
  return out;
}

/**
 * `woken`, awaited with a timer pending: Deno does not count a pending
 * `Atomics.waitAsync` as work, and would end the test's event loop.
 */
async function settled(woken: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      woken,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("never woken")), 5000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function pair(capacity = 64): [Ring, Ring, SharedArrayBuffer] {
  const buffer = ringBuffer(capacity);
  return [new Ring(buffer, "writer"), new Ring(buffer, "reader"), buffer];
}

/** A reader's `woken` callback that counts its calls; `once` settles at the first. */
function wakeCounter() {
  let resolve!: () => void;
  const counter = {
    calls: 0,
    once: new Promise<void>((r) => resolve = r),
    woken: () => {
      counter.calls++;
      resolve();
    },
  };
  return counter;
}

describe("Ring", () => {
  it("hands records over in order, and only once they are published", () => {
    const [w, r] = pair();
    assert.ok(put(w, 3, 7, 10));
    assert.ok(put(w, 1, 8));
    assert.deepEqual(takeAll(r), [], "nothing before publish");
    w.publish();
    assert.deepEqual(takeAll(r), [[3, 7, 11, 12], [1, 8]]);
    assert.deepEqual(takeAll(r), []);
  });

  it("wraps around the end with a padding word and never splits a record", () => {
    const [w, r] = pair(64);
    for (let round = 0; round < 50; round++) {
      const n = 1 + (round * 7) % 13;
      assert.ok(put(w, n, 9, round * 100), `round ${round}`);
      w.publish();
      const got = takeAll(r);
      assert.equal(got.length, 1);
      assert.deepEqual(
        got[0],
        [n, 9, ...Array.from({ length: n - 1 }, (_, k) => round * 100 + k + 1)],
      );
    }
  });

  it("writes a padding word when a record does not fit before the end", () => {
    const [w, r] = pair(64);
    assert.ok(put(w, 60));
    w.publish();
    takeAll(r);
    assert.equal(w.reserve(10), 0, "the record goes to the start");
    assert.equal(w.words[60], PAD, "the tail is padding");
  });

  it("refuses a record that does not fit until the reader releases space", () => {
    const [w, r] = pair(64);
    assert.ok(put(w, 40));
    assert.ok(put(w, 20));
    assert.equal(put(w, 10), false, "4 words are free, 10 asked");
    assert.ok(put(w, 4), "the last 4 words");
    assert.equal(put(w, 1), false, "full");
    w.publish();
    assert.equal(r.next(), 0);
    r.advance(40); // read, not yet released
    assert.equal(put(w, 10), false, "space is free only once released");
    r.release();
    assert.ok(put(w, 10));
  });

  it("keeps counting past 2^32 words", () => {
    const buffer = ringBuffer(64);
    const header = new Int32Array(buffer, 0, 48);
    header[0] = header[16] = -8; // WRITE and READ: 8 words before 2^32
    const w = new Ring(buffer, "writer"), r = new Ring(buffer, "reader");
    for (let k = 0; k < 20; k++) {
      assert.ok(put(w, 5, 3, k));
      w.publish();
      assert.deepEqual(takeAll(r), [[5, 3, k + 1, k + 2, k + 3, k + 4]]);
    }
    assert.ok(header[0]! > 0, "the counter wrapped");
  });

  it("reports a record whose length runs past what was published", () => {
    const [w, r] = pair(64);
    const at = w.reserve(4);
    w.words[at] = 30 << 8 | 5; // says 30 words
    w.commit(4);
    w.publish();
    assert.equal(r.next(), -2);
  });

  it("reports a zero-length record", () => {
    const [w, r] = pair(64);
    const at = w.reserve(2);
    w.words[at] = 0 << 8 | 5;
    w.words[at + 1] = 1;
    w.commit(2);
    w.publish();
    assert.equal(r.next(), -2);
  });

  it("asks the writer for one wake per idle period", () => {
    const [w, r] = pair();
    assert.equal(w.takeWake(), Reader.IDLE, "a new ring's reader starts idle");
    assert.equal(w.takeWake(), Reader.ACTIVE, "the first writer took it");
    assert.equal(r.goIdle(), false, "nothing new: it goes idle");
    assert.ok(put(w, 2));
    w.publish();
    assert.equal(w.takeWake(), Reader.IDLE, "this writer must wake it");
    assert.ok(put(w, 2));
    w.publish();
    assert.equal(w.takeWake(), Reader.ACTIVE, "woken once only");
  });

  it("lets a reader going idle see records that came meanwhile, with no wake", () => {
    const [w, r] = pair();
    w.takeWake();
    assert.ok(put(w, 2));
    w.publish(); // the reader is active: no wake taken
    assert.equal(r.goIdle(), true, "records came: read on");
    assert.equal(w.takeWake(), Reader.ACTIVE, "the reader took the ring back");
    assert.equal(takeAll(r).length, 1);
    assert.equal(r.goIdle(), false);
  });

  it("returns from poll at once when records are there, and after its time when none come", () => {
    const [w, r] = pair();
    w.takeWake();
    const begun = performance.now();
    assert.equal(r.poll(20), false, "nothing came");
    assert.ok(performance.now() - begun >= 20, "it polled for the whole time");
    assert.ok(put(w, 2));
    w.publish();
    const early = performance.now();
    assert.equal(r.poll(5000), true, "already there");
    assert.ok(performance.now() - early < 1000, "it did not wait for its time");
    assert.equal(takeAll(r).length, 1);
  });

  it("needs no wake for a record published while another thread polls", async () => {
    const ring = ringBuffer(64);
    const w = new Ring(ring, "writer");
    w.takeWake();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = startBareWorker(
      new URL("./fixtures/ring_poller.ts", import.meta.url),
    );
    try {
      const answered = new Promise((resolve) => worker.onNextMessage(resolve));
      worker.postMessage({ ring, flag: flag.buffer });
      const deadline = performance.now() + 10_000;
      while (Atomics.load(flag, 0) === 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1));
      }
      assert.equal(Atomics.load(flag, 0), 1, "the worker began to poll");
      await new Promise((r) => setTimeout(r, 30)); // well inside its poll
      assert.ok(put(w, 2));
      w.publish();
      assert.equal(w.takeWake(), Reader.ACTIVE, "no wake to send");
      assert.equal(await settled(answered), true, "the poll saw the record");
    } finally {
      worker.terminate();
    }
  });

  it("has a resting reader woken by the one writer that swaps it back", async () => {
    const [w, r] = pair();
    w.takeWake();
    const wake = wakeCounter();
    assert.equal(r.rest(wake.woken), false, "nothing new: it sleeps");
    assert.equal(r.sleeping, true);
    assert.ok(put(w, 2));
    w.publish();
    assert.equal(w.takeWake(), Reader.SLEEPING, "this writer must notify");
    assert.equal(w.takeWake(), Reader.ACTIVE, "notified once only");
    await Promise.resolve();
    assert.equal(wake.calls, 0, "publishing alone wakes nobody");
    w.notify();
    await settled(wake.once);
    assert.equal(wake.calls, 1);
    assert.equal(r.sleeping, false);
    assert.equal(takeAll(r).length, 1);
  });

  it("does not sleep when records were published before the rest began", () => {
    const [w, r] = pair();
    w.takeWake();
    assert.ok(put(w, 2));
    w.publish();
    assert.equal(r.rest(() => {}), true, "records are there: read them");
    assert.equal(r.sleeping, false, "no sleep was begun");
    assert.equal(takeAll(r).length, 1);
  });

  it("keeps one sleep across idle periods, seeing records that came meanwhile", async () => {
    const [w, r] = pair();
    w.takeWake();
    const wake = wakeCounter();
    const onWoken = wake.woken;
    assert.equal(r.rest(onWoken), false);
    assert.ok(put(w, 2));
    w.publish(); // the reader is marked sleeping: this writer must notify…
    // …but the reader, reading meanwhile, rests again before it does
    assert.equal(r.rest(onWoken), true, "records came: read on");
    assert.equal(w.takeWake(), Reader.ACTIVE, "the reader took the ring back");
    assert.equal(takeAll(r).length, 1);
    // the same sleep serves the next idle period
    assert.equal(r.rest(onWoken), false);
    assert.ok(put(w, 2));
    w.publish();
    assert.equal(w.takeWake(), Reader.SLEEPING);
    w.notify();
    await settled(wake.once);
    assert.equal(wake.calls, 1, "one sleep, one wake");
  });

  it("ends a pending sleep on request, calling its reader back", async () => {
    const [, r] = pair();
    const wake = wakeCounter();
    assert.equal(r.rest(wake.woken), false);
    r.endSleep();
    await settled(wake.once);
    assert.equal(r.sleeping, false);
    r.endSleep(); // nothing pending: nothing happens
  });

  it("rejects a capacity that is not a power of two >= 64", () => {
    assert.throws(() => ringBuffer(100), RangeError);
    assert.throws(() => ringBuffer(32), RangeError);
    assert.equal(maxRecordWords(1 << 16), 1 << 14);
  });
});
