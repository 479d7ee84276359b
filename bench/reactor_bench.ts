/**
 * The reactor's scheduler against what a user would otherwise use: native
 * `setTimeout` (the baseline of the timer groups), and for the internals,
 * the simplest alternative structure.
 *
 * Workloads (the same as `bench/twisted/reactor_bench.py` where Twisted has
 * one):
 * - `timers N`: N `callLater`s with random delays in [0, 100) ms, all fired
 *   by a running `Reactor` (the last one stops it), against N `setTimeout`s;
 *   N = 100k, 1M. Time runs from the first call scheduled to the last fired
 *   (so at least the 100 ms the delays span).
 * - `schedule+cancel 100k`: `callLater(d, f).cancel()` 100k times, against
 *   `clearTimeout(setTimeout(f, d))`.
 * - `runUntilCurrent N`: one pass over N due calls (scheduling untimed),
 *   against the floor — a loop calling the same N functions in try/catch;
 *   and the same pass with the reactor's `metrics` option on (each call's
 *   lateness recorded, the pass timed): what that option costs.
 * - `Clock.advance N`: schedule N calls on a `Clock` at random times and
 *   advance past them all, N = 1k, 10k, 100k. Ours is a binary heap: O(log n)
 *   per call (13 levels at 10k, 17 at 100k). Twisted's algorithm (re-sort the
 *   list on every call, pop from its front) is O(n) per call, quadratic in
 *   all: it runs at 1k and 10k, where its cost per call grows about tenfold
 *   while ours stays put. From 10k to 100k ours grows too, for a reason
 *   outside the algorithm: at 10k the heap arrays (~240 KB) and the calls
 *   (~0.6 MB) fit in the processor's per-core cache, at 100k (~2.4 MB and
 *   ~6 MB) they do not, and the calls come out in deadline order, unrelated
 *   to where they sit in memory; on Deno the young-generation GC also copies
 *   the 100k live calls before promoting them. The floor row measures just
 *   that part: one handle per call (as many fields as a `DelayedCall`),
 *   allocated, then each one's function called in deadline order (the order
 *   computed untimed) — no scheduler can do less. Its growth from 10k to
 *   100k is the hardware's share of ours.
 * - `heap layout 1M`: push 1M random keys, then pop them all, with the
 *   scheduler's heap (keys in typed arrays) against the same binary heap over
 *   an array of objects — the measurement behind the scheduler's layout.
 *
 * The memory of a pending call (JS heap and peak resident memory, 1M calls
 * in a running reactor against `setTimeout`) is measured by
 * `bench/pending_memory.ts`, a fresh process per sample.
 *
 * ```sh
 * deno bench -A --v8-flags=--expose-gc bench/reactor_bench.ts
 * bun bench/run.ts bench/reactor_bench.ts
 * ```
 *
 * @module
 */
import { Clock, type DelayedCall, Reactor } from "../reactor/mod.ts";
import { Scheduler } from "../reactor/_scheduler.ts";

/** Seeded delays in [0, 1), the same for every bench (mulberry32). */
function delays(n: number, seed = 1): Float64Array {
  const out = new Float64Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

function check(what: string, got: unknown, expected: unknown): void {
  if (got !== expected) {
    throw new Error(`${what}: got ${got}, want ${expected}`);
  }
}

// ---- timers N: fired by a running reactor vs setTimeout -------------------

const TIMER_SIZES = [["100k", 100_000, 10], ["1M", 1_000_000, 4]] as const;

for (const [label, n, iterations] of TIMER_SIZES) {
  const d = delays(n);
  const group = `timers ${label}`;

  Deno.bench({
    name: "setTimeout",
    group,
    baseline: true,
    n: iterations,
    warmup: 1,
    async fn() {
      let fired = 0;
      await new Promise<void>((resolve) => {
        const tick = () => {
          if (++fired === n) resolve();
        };
        for (let i = 0; i < n; i++) setTimeout(tick, d[i]! * 100);
      });
      check("setTimeout fired", fired, n);
    },
  });

  Deno.bench({
    name: "Reactor callLater",
    group,
    n: iterations,
    warmup: 1,
    async fn() {
      const reactor = new Reactor({ installSignalHandlers: false });
      let fired = 0;
      const tick = () => {
        if (++fired === n) reactor.stop();
      };
      for (let i = 0; i < n; i++) reactor.callLater(d[i]! * 0.1, tick);
      await reactor.run();
      check("callLater fired", fired, n);
    },
  });
}

// ---- schedule + cancel ------------------------------------------------------

const PAIRS = 100_000;
const pairDelays = delays(PAIRS, 2);
const noop = () => {};

Deno.bench({
  name: "setTimeout+clearTimeout",
  group: "schedule+cancel 100k",
  baseline: true,
  fn() {
    for (let i = 0; i < PAIRS; i++) {
      clearTimeout(setTimeout(noop, pairDelays[i]! * 100));
    }
  },
});

{
  // one reactor for every iteration, as a program has: not running, so the
  // calls stay staged and cancelling them is all the work there is
  const reactor = new Reactor({ installSignalHandlers: false });
  Deno.bench({
    name: "Reactor callLater+cancel",
    group: "schedule+cancel 100k",
    fn() {
      for (let i = 0; i < PAIRS; i++) {
        reactor.callLater(pairDelays[i]! * 0.1, noop).cancel();
      }
    },
  });
}

{
  const clock = new Clock();
  Deno.bench({
    name: "Clock: schedule then cancel",
    group: "schedule+cancel 100k",
    fn() {
      for (let i = 0; i < PAIRS; i++) {
        clock.callLater(pairDelays[i]! * 0.1, noop).cancel();
      }
    },
  });
}

// ---- runUntilCurrent with N due calls ---------------------------------------

for (const [label, n] of [["10k", 10_000], ["100k", 100_000]] as const) {
  const group = `runUntilCurrent ${label}`;
  const d = delays(n, 3);
  let count = 0;
  const fns = [() => count++, () => count += 2, () => count += 3];

  Deno.bench({
    name: "floor: loop over the functions, each in try/catch",
    group,
    baseline: true,
    fn(b) {
      const due: (() => unknown)[] = [];
      for (let i = 0; i < n; i++) due.push(fns[i % 3]!);
      count = 0;
      b.start();
      for (let i = 0; i < due.length; i++) {
        try {
          due[i]!();
        } catch {
          count = -1;
        }
      }
      b.end();
      check("floor ran", count, 2 * n - (n % 3 === 1 ? 1 : 0));
    },
  });

  for (const metrics of [false, true]) {
    Deno.bench({
      name: metrics
        ? "Reactor runUntilCurrent, metrics on (lateness timed)"
        : "Reactor runUntilCurrent",
      group,
      fn(b) {
        let now = 0;
        const reactor = new Reactor({
          seconds: () => now,
          installSignalHandlers: false,
          metrics,
        });
        for (let i = 0; i < n; i++) reactor.callLater(d[i]!, fns[i % 3]!);
        reactor.timeout(); // into the heap, as a running loop would have
        now = 1;
        count = 0;
        b.start();
        reactor.runUntilCurrent();
        b.end();
        check("runUntilCurrent ran", count, 2 * n - (n % 3 === 1 ? 1 : 0));
        if (metrics) check("lateness timed", reactor.metrics().callsRun, n);
      },
    });
  }
}

// ---- Clock.advance over N calls -----------------------------------------------

/** Twisted's Clock algorithm: a list re-sorted on every call. */
class SortedListClock {
  now = 0;
  calls: { time: number; fn: () => void }[] = [];
  callLater(delay: number, fn: () => void): void {
    this.calls.push({ time: this.now + delay, fn });
    this.calls.sort((a, b) => a.time - b.time);
  }
  advance(amount: number): void {
    this.now += amount;
    this.calls.sort((a, b) => a.time - b.time);
    while (this.calls.length > 0 && this.calls[0]!.time <= this.now) {
      this.calls.shift()!.fn();
      this.calls.sort((a, b) => a.time - b.time);
    }
  }
}

/** The floor's handle: as many fields as a `DelayedCall`. */
class Handle {
  state = 0;
  entry = -1;
  args: readonly unknown[] = NO_ARGS;
  creator: string | undefined = undefined;
  constructor(
    public time: number,
    public seq: number,
    public fn: () => unknown,
    public owner: object,
  ) {}
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

const CLOCK_SIZES = [
  ["1k", 1_000, 30],
  ["10k", 10_000, 3],
  ["100k", 100_000, 0],
] as const;

for (const [label, n, twistedIterations] of CLOCK_SIZES) {
  const group = `Clock.advance ${label}`;
  const d = delays(n, 4);
  let fired = 0;
  const tick = () => fired++;

  if (twistedIterations > 0) {
    Deno.bench({
      name: "sorted list re-sorted per call (Twisted's algorithm)",
      group,
      baseline: true,
      n: twistedIterations,
      warmup: 1,
      fn() {
        const clock = new SortedListClock();
        fired = 0;
        for (let i = 0; i < n; i++) clock.callLater(d[i]! * 100, tick);
        clock.advance(100);
        check("sorted list fired", fired, n);
      },
    });
  }

  Deno.bench({
    name: "Clock callLater + advance",
    group,
    fn() {
      const clock = new Clock();
      fired = 0;
      for (let i = 0; i < n; i++) clock.callLater(d[i]! * 100, tick);
      clock.advance(100);
      check("Clock fired", fired, n);
    },
  });

  // the deadline order, computed once, untimed
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    d[a]! - d[b]! || a - b
  );
  const owner = {};
  Deno.bench({
    name: "floor: a handle per call, each called in deadline order",
    group,
    fn() {
      fired = 0;
      const handles: Handle[] = [];
      for (let i = 0; i < n; i++) {
        handles.push(new Handle(d[i]! * 100, i, tick, owner));
      }
      for (let k = 0; k < n; k++) {
        const h = handles[order[k]!]!;
        h.state = 1;
        h.fn();
      }
      check("floor fired", fired, n);
    },
  });
}

// ---- heap layout: typed arrays vs an array of objects ----------------------

/** The same binary heap, over an array of `{ time, seq }` objects. */
class ObjectHeap {
  items: { time: number; seq: number }[] = [];
  push(item: { time: number; seq: number }): void {
    const a = this.items;
    let i = a.length;
    a.push(item);
    const time = item.time, seq = item.seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (parent.time < time || (parent.time === time && parent.seq < seq)) {
        break;
      }
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }
  pop(): { time: number; seq: number } | undefined {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return last;
    const top = a[0]!;
    const n = a.length;
    let i = 0;
    let child = 1;
    while (child < n) {
      const right = child + 1;
      if (right < n) {
        const c = a[child]!, r = a[right]!;
        if (r.time < c.time || (r.time === c.time && r.seq < c.seq)) {
          child = right;
        }
      }
      a[i] = a[child]!;
      i = child;
      child = 2 * i + 1;
    }
    const time = last.time, seq = last.seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (parent.time < time || (parent.time === time && parent.seq < seq)) {
        break;
      }
      a[i] = parent;
      i = p;
    }
    a[i] = last;
    return top;
  }
}

{
  const n = 1_000_000;
  const d = delays(n, 5);
  const items = Array.from({ length: n }, (_, i) => ({ time: d[i]!, seq: i }));

  Deno.bench({
    name: "array of objects",
    group: "heap layout 1M",
    baseline: true,
    n: 5,
    warmup: 1,
    fn() {
      const heap = new ObjectHeap();
      for (let i = 0; i < n; i++) heap.push(items[i]!);
      let last = -1;
      for (let i = 0; i < n; i++) {
        const item = heap.pop()!;
        if (item.time < last) throw new Error("object heap out of order");
        last = item.time;
      }
    },
  });

  Deno.bench({
    name: "typed arrays (the scheduler's heap)",
    group: "heap layout 1M",
    n: 5,
    warmup: 1,
    fn() {
      const heap = new Scheduler(() => 0, false);
      for (let i = 0; i < n; i++) {
        const item = items[i]!;
        heap.push(item.time, item.seq, item as unknown as DelayedCall);
      }
      let last = -1;
      for (let i = 0; i < n; i++) {
        const time = heap.times[0]!;
        if (time < last) throw new Error("typed heap out of order");
        last = time;
        heap.removeTop();
      }
    },
  });
}
