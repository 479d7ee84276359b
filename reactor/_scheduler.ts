/**
 * The timed-call scheduler shared by `Clock` and `Reactor`: one binary
 * min-heap ordered by `(time, sequence)`, plus a staging list.
 *
 * How:
 * - Structure. The heap keeps its keys in typed arrays — `times`
 *   (Float64Array) and `seqs` (Float64Array) — and the `DelayedCall`s in a
 *   parallel plain array. Sifting compares and moves numbers that sit next
 *   to each other in memory instead of chasing one object pointer per
 *   comparison; at a million entries this pops 2–4× faster than a heap of
 *   objects (measured in `bench/reactor_bench.ts`, group "heap layout").
 *   Capacity starts at 64, grows to 1024, then by half when full, and
 *   halves below a quarter (above 1024). Growing by half rather than doubling leaves less unused room
 *   (at most a third of the arrays, against half); the key arrays move
 *   with `ArrayBuffer.prototype.transfer`, which frees the old storage at
 *   once. The call array changes length in place, and each engine sizes
 *   its store its own way: V8 to `max(length, 1.5 × old store + 16)`
 *   slots, JavaScriptCore to 1.5 × the length when it must reallocate.
 *   V8's extra 16 slots compound from one growth to the next, so the first
 *   growth goes straight from 64 to 1024 entries (the size the arrays
 *   never shrink below): grown by half from 64, the call array's store
 *   reached ~1.5M slots for 1.08M entries (12.2 B per call instead of
 *   8.6 at 1M, on Deno); from 1024 it stays within 3% of the capacity.
 *   Growing by exactly V8's formula instead would make JavaScriptCore
 *   reallocate at every growth (measured at 1M pending calls: Bun's heap
 *   +5 B and peak resident memory +10 B per call).
 * - Order. Every scheduling act (`callLater`, `reset`, `delay`) takes the
 *   next number of a per-scheduler sequence, so calls due at the same time
 *   run first-in-first-out — in `Clock` (as Twisted's) and in `Reactor`
 *   (Twisted's real reactor comes out in heap order instead).
 * - Staging. A `Reactor` stages new calls and moves them into the heap at
 *   the start of the next `runUntilCurrent` (Twisted's `_newTimedCalls`),
 *   so a call made by a timed call never runs in the same pass: while a
 *   pass runs (`holding`), the staging list grows as needed. Outside a
 *   pass, it holds at most `STAGE_LIMIT` (1024) calls, then moves them
 *   into the heap: where a call waits until the next pass is invisible
 *   then, and a million calls made at once do not need a million-entry
 *   list beside the heap. A `Clock` pushes at once, so calls made during
 *   `advance` run in that advance.
 * - Lazy changes. `cancel` only marks the call: O(1) — except that the
 *   latest call is often the one cancelled (a timeout whose work finished
 *   first), so a call whose entry is still the heap's last, or which is
 *   the last staged one, is removed outright. `delay`/`reset` to a
 *   later time only change the call; its heap entry keeps the old, smaller
 *   key, and when that entry reaches the top it is pushed back under the
 *   new key (Twisted's "delayed_time is folded in at the top"). A move to
 *   a sooner time pushes a second entry and strands the old one. An entry
 *   is live iff its sequence is the call's `_entry` (which also holds the
 *   call's state: it is negative once the call is staged, has run or was
 *   cancelled); the rest are dead and are dropped when they surface. When
 *   dead entries exceed 50 and half the heap (Twisted's rule), the heap is
 *   filtered and re-heapified in O(n) — amortised O(1) per dead entry.
 * - Read-ahead. Popping due calls one by one takes one cache miss per call
 *   on the `DelayedCall` itself, strictly one after the other: each pop
 *   must finish before the next top is known. Once the heap and its calls
 *   outgrow the processor's per-core cache, those misses are most of the
 *   cost of a pop. So when a big heap (capacity above 16384 entries) has
 *   more than one entry due, `popDue` takes up to 16 more off it into a
 *   small FIFO (`ahead*`), touches their calls in one tight loop —
 *   independent loads, which the processor overlaps — and hands them out
 *   one at a time. Smaller heaps pop one by one: there everything is in
 *   cache and the FIFO's bookkeeping would cost more than it hides. The
 *   FIFO holds the smallest keys of all; an entry pushed with a smaller key
 *   than its last one (a call moved sooner, a clock that went back) first
 *   sends the FIFO back into the heap, so the order is exactly the heap's.
 *   Each entry in it is still checked (dead? moved later?) when it is
 *   handed out, after the calls before it ran.
 *
 * Complexity: schedule O(1) (staged) or O(log n); cancel O(1) amortised;
 * pop O(log n); reset/delay O(1) later, O(log n) sooner; `pending()`
 * O(n log n). Memory: 24 bytes of heap arrays per entry (up to half again
 * as much just after a growth) plus the `DelayedCall` itself: five fields
 * (a sixth when made with arguments), 64 bytes on Deno (whose V8 has no
 * pointer compression: 24-byte header, 8-byte fields) plus the 16-byte box
 * V8 gives its fractional due time, 56 on Bun. `bench/pending_memory.ts`
 * measures 1M pending calls made in a running reactor: ~105 B of JS heap
 * per call on Deno and ~88 on Bun, and a peak resident memory of ~175 B on
 * Deno and ~95 B on Bun. Most of Deno's gap between the two is V8's young
 * generation, which grows to two 16 MB semi-spaces while a million
 * objects that all survive are made (the same row run with
 * `--v8-flags=--max-semi-space-size=1` measures ~129 B): any handle that
 * holds these five fields costs as much, as the bench's five-field floor
 * shows (~195 B, Clock's path).
 *
 * What a pop costs in practice follows the memory hierarchy more than the
 * log factor. With 10k pending calls the heap (~240 KB) and the calls
 * (~1 MB) live in the per-core cache; with 100k (~2.4 MB and ~10 MB) they
 * do not, and the calls come out in deadline order, unrelated to where
 * they sit in memory. Measured on this project's machine (1 MB L2 per
 * core): `runUntilCurrent` over 100k due calls costs ~1.7× per call what it
 * does over 10k (2.2–2.8× before the read-ahead), for 17 heap levels
 * instead of 13. `bench/reactor_bench.ts`, groups "Clock.advance", has a
 * floor row — no heap at all, one handle per call visited in deadline
 * order — whose own cost per call doubles from 10k to 100k.
 *
 * Limits: sequences are doubles, exact to 2^53 scheduling acts. Times are
 * whatever the clock returns; NaN is refused at the API.
 *
 * @module
 */
import type { AnyFn } from "../_util/any_fn.ts";
import {
  CALLED,
  type CallOwner,
  CANCELLED,
  DelayedCall,
  DelayedCallWithArgs,
  OFF_HEAP,
} from "./delayed_call.ts";

/** Twisted's compaction threshold: more dead entries than this... */
const COMPACT_MIN = 50;
const MIN_CAPACITY = 64;
const SHRINK_ABOVE = 1024;
/** Staged calls made outside a pass enter the heap once this many wait. */
const STAGE_LIMIT = 1024;
/** How many due entries `popDue` takes off the heap at once. */
const READ_AHEAD = 16;
/** Default heap capacity above which `popDue` reads ahead (below, all fits in cache). */
const READ_AHEAD_ABOVE = 16384;

/**
 * One heap of timed calls and its staging list; see the module doc.
 * Owned by one `Clock` or `Reactor`.
 */
export class Scheduler implements CallOwner {
  /** Due time of each heap entry (may be below its call's: see lazy changes). */
  times: Float64Array = new Float64Array(MIN_CAPACITY);
  /** Sequence of each heap entry: the tie-break, and the entry's identity. */
  seqs: Float64Array = new Float64Array(MIN_CAPACITY);
  /** The call of each heap entry (as long as `times`: see `resize`). */
  calls: (DelayedCall | undefined)[] = emptyCalls(MIN_CAPACITY);
  /** Number of heap entries (not counting the read-ahead FIFO). */
  size = 0;
  /** Number of dead heap entries (cancelled, or stranded by a sooner move). */
  dead = 0;
  /** New calls of a staging owner, not yet in the heap (see "Staging"). */
  staged: DelayedCall[] = [];
  /**
   * Non-zero while the owner's pass runs: staged calls then wait for the
   * next pass however many there are. Otherwise they enter the heap once
   * `stageLimit` wait.
   */
  holding = 0;
  /** Cancelled calls among `staged`. */
  stagedDead = 0;
  /** The next sequence number. */
  nextSeq = 0;
  /** The owner's clock, for `reset` and `toString`. */
  readonly now: () => number;
  /** Whether new calls are staged (Reactor) or enter the heap at once (Clock). */
  readonly staging: boolean;
  /** Told when a pending call moves sooner (the Reactor re-arms its timer). */
  onSooner: ((time: number) => void) | undefined = undefined;
  /** Read-ahead FIFO (see the module doc): key times of entries taken off the heap. */
  aheadTimes: Float64Array = new Float64Array(READ_AHEAD);
  /** Read-ahead FIFO: their sequences. */
  aheadSeqs: Float64Array = new Float64Array(READ_AHEAD);
  /** Read-ahead FIFO: their calls. */
  aheadCalls: (DelayedCall | undefined)[] = new Array<DelayedCall | undefined>(
    READ_AHEAD,
  ).fill(undefined);
  /** Read-ahead FIFO: index of its first entry. */
  aheadHead = 0;
  /** Read-ahead FIFO: index past its last entry; 0 exactly when it is empty. */
  aheadEnd = 0;
  /** Sink for the loads that warm the read-ahead calls (kept so they are not optimised away). */
  warmed = 0;
  /** Heap capacity above which `popDue` reads ahead (tests lower it to 0). */
  readAheadAbove: number = READ_AHEAD_ABOVE;
  /** Staged calls that enter the heap outside a pass (tests lower it). */
  stageLimit: number = STAGE_LIMIT;

  constructor(now: () => number, staging: boolean) {
    this.now = now;
    this.staging = staging;
  }

  /**
   * Creates and schedules a call of `fn(...args)` at `time`: into the
   * staging list (staging owners), else into the heap.
   */
  add(time: number, fn: AnyFn, args: readonly unknown[]): DelayedCall {
    const seq = this.nextSeq++;
    const call = args.length === 0
      ? new DelayedCall(this, time, seq, fn)
      : new DelayedCallWithArgs(this, time, seq, fn, args);
    if (this.staging) {
      const staged = this.staged;
      staged.push(call);
      if (staged.length >= this.stageLimit && this.holding === 0) {
        this.insertStaged();
      }
    } else {
      call._entry = seq;
      this.push(time, seq, call);
    }
    return call;
  }

  /** Moves the staged calls into the heap (dropping cancelled ones). */
  insertStaged(): void {
    const staged = this.staged;
    const m = staged.length;
    if (m === 0) return;
    // a staged key may be smaller than a read-ahead one (a clock that went
    // back): return them to the heap so the order stays the heap's
    if (this.aheadEnd !== 0) this.unread();
    if (m > 64 && m > this.size) {
      // a big batch: append everything, then heapify once in O(n)
      let n = this.size;
      this.reserve(n + m);
      const times = this.times, seqs = this.seqs, calls = this.calls;
      for (let i = 0; i < m; i++) {
        const call = staged[i]!;
        if (call._entry !== OFF_HEAP) continue; // cancelled
        times[n] = call._time;
        seqs[n] = call._entry = call._seq;
        calls[n] = call;
        n++;
      }
      this.size = n;
      this.heapify();
    } else {
      for (let i = 0; i < m; i++) {
        const call = staged[i]!;
        if (call._entry !== OFF_HEAP) continue; // cancelled
        call._entry = call._seq;
        this.siftUp(call._time, call._seq, call);
      }
    }
    staged.length = 0;
    this.stagedDead = 0;
  }

  /**
   * Removes and returns the next call due at or before `now`, marked called
   * and ready to run, or `undefined`. Dead entries met on the way are
   * dropped, and entries whose call moved later are pushed back under the
   * new key.
   */
  popDue(now: number): DelayedCall | undefined {
    for (;;) {
      let seq: number, call: DelayedCall;
      if (this.aheadEnd !== 0) {
        const j = this.aheadHead;
        if (this.aheadTimes[j]! > now) return undefined;
        seq = this.aheadSeqs[j]!;
        call = this.aheadCalls[j]!;
        this.aheadCalls[j] = undefined;
        if (j + 1 === this.aheadEnd) this.aheadHead = this.aheadEnd = 0;
        else this.aheadHead = j + 1;
      } else {
        if (this.size === 0) return undefined;
        // re-read the arrays each time: removing may shrink them
        if (this.times[0]! > now) return undefined;
        seq = this.seqs[0]!;
        call = this.calls[0]!;
        if (this.times.length <= this.readAheadAbove) {
          // a small heap: no read-ahead, and the top leaves only if it must
          if (call._entry !== seq) {
            this.dead--;
            this.removeTop();
          } else if (call._seq !== seq) {
            // moved later: one sift puts it back under the new key
            call._entry = call._seq;
            this.siftFromTop(call._time, call._seq, call, this.size);
          } else {
            call._entry = CALLED;
            this.removeTop();
            return call;
          }
          continue;
        }
        // a big heap: off with the top, and read ahead if more are due,
        // before this call is looked at (its cache miss overlaps theirs)
        this.removeTop();
        if (this.size > 0 && this.times[0]! <= now) this.readAhead(now);
      }
      if (call._entry !== seq) {
        this.dead--;
      } else if (call._seq !== seq) {
        // moved later (every move takes a new sequence): back in, new key
        call._entry = call._seq;
        this.push(call._time, call._seq, call);
      } else {
        call._entry = CALLED;
        return call;
      }
    }
  }

  /**
   * Fills the empty read-ahead FIFO with up to `READ_AHEAD` entries due at
   * or before `now`, in heap order, and warms their calls.
   */
  readAhead(now: number): void {
    const times = this.aheadTimes, seqs = this.aheadSeqs;
    const calls = this.aheadCalls;
    let k = 0;
    while (k < READ_AHEAD && this.size > 0) {
      // re-read the heap arrays each time: removing may shrink them
      const time = this.times[0]!;
      if (time > now) break;
      times[k] = time;
      seqs[k] = this.seqs[0]!;
      calls[k] = this.calls[0]!;
      k++;
      this.removeTop();
    }
    this.aheadHead = 0;
    this.aheadEnd = k;
    // one load per call, none depending on another: their cache misses
    // overlap here instead of coming one at a time as the calls are run
    let warmed = 0;
    for (let j = 0; j < k; j++) warmed |= calls[j]!._entry;
    this.warmed = warmed;
  }

  /** Returns the read-ahead entries to the heap (an entry with a smaller key is coming). */
  unread(): void {
    const times = this.aheadTimes, seqs = this.aheadSeqs;
    const calls = this.aheadCalls;
    const end = this.aheadEnd;
    let j = this.aheadHead;
    this.aheadHead = this.aheadEnd = 0;
    for (; j < end; j++) {
      const call = calls[j]!;
      calls[j] = undefined;
      this.siftUp(times[j]!, seqs[j]!, call);
    }
  }

  /** Number of entries in the heap and the read-ahead FIFO together. */
  entries(): number {
    return this.size + this.aheadEnd - this.aheadHead;
  }

  /**
   * The key time at the top of the heap after dropping dead entries there,
   * or `undefined` if the heap is empty. It can be earlier than the call's
   * real time (a lazy `delay`), never later.
   */
  peekTime(): number | undefined {
    const calls = this.aheadCalls;
    while (this.aheadEnd !== 0) {
      const j = this.aheadHead;
      const call = calls[j]!;
      if (call._entry === this.aheadSeqs[j]) return this.aheadTimes[j];
      calls[j] = undefined;
      if (j + 1 === this.aheadEnd) this.aheadHead = this.aheadEnd = 0;
      else this.aheadHead = j + 1;
      this.dead--;
    }
    while (this.size > 0) {
      const call = this.calls[0]!;
      if (call._entry === this.seqs[0]) return this.times[0];
      this.dead--;
      this.removeTop();
    }
    return undefined;
  }

  /**
   * Hook for `DelayedCall.cancel` (the call is still pending). The latest
   * call is often the one cancelled (a timeout whose work finished first):
   * when its entry is still the heap's last, or it is the last staged call,
   * it is simply removed.
   */
  cancel(call: DelayedCall): void {
    const entry = call._entry;
    if (entry >= 0) {
      const last = this.size - 1;
      if (last >= 0 && this.seqs[last] === entry) {
        this.calls[last] = undefined;
        this.size = last;
        const capacity = this.times.length;
        if (capacity > SHRINK_ABOVE && last < capacity >> 2) this.maybeShrink();
        return;
      }
      this.dead++;
      if (this.dead > COMPACT_MIN && this.dead > this.entries() >> 1) {
        // mark first, so that compaction drops it too
        call._entry = CANCELLED;
        this.compact();
      }
    } else {
      // pending with no heap entry: staged
      const staged = this.staged;
      if (staged[staged.length - 1] === call) {
        staged.pop();
        return;
      }
      this.stagedDead++;
      if (
        this.stagedDead > COMPACT_MIN && this.stagedDead > staged.length >> 1
      ) {
        call._entry = CANCELLED;
        let n = 0;
        for (let i = 0; i < staged.length; i++) {
          const c = staged[i]!;
          if (c._entry === OFF_HEAP) staged[n++] = c;
        }
        staged.length = n;
        this.stagedDead = 0;
      }
    }
  }

  /** Hook for `DelayedCall.delay`/`reset`: the call is now due at `time`. */
  reschedule(call: DelayedCall, time: number): void {
    const old = call._time;
    const seq = this.nextSeq++;
    call._time = time;
    call._seq = seq;
    if (time < old) {
      if (call._entry >= 0) {
        // strand the old entry (its key is too late now), push a new one
        this.dead++;
        call._entry = seq;
        this.push(time, seq, call);
        if (this.dead > COMPACT_MIN && this.dead > this.entries() >> 1) {
          this.compact();
        }
      }
      if (this.onSooner !== undefined) this.onSooner(time);
    }
  }

  /** Every pending call, in the order they would run. */
  pending(): DelayedCall[] {
    const out: DelayedCall[] = [];
    const seqs = this.seqs, calls = this.calls;
    for (let i = 0; i < this.size; i++) {
      const call = calls[i]!;
      if (call._entry === seqs[i]) out.push(call);
    }
    for (let j = this.aheadHead; j < this.aheadEnd; j++) {
      const call = this.aheadCalls[j]!;
      if (call._entry === this.aheadSeqs[j]) out.push(call);
    }
    for (const call of this.staged) {
      if (call._entry === OFF_HEAP) out.push(call);
    }
    return out.sort((a, b) => a._time - b._time || a._seq - b._seq);
  }

  /** Twisted's rule: compact once dead entries exceed 50 and half the heap. */
  maybeCompact(): void {
    if (this.dead > COMPACT_MIN && this.dead > this.entries() >> 1) {
      this.compact();
    }
  }

  /** Drops dead entries, refreshes lazily-moved keys, re-heapifies: O(n). */
  compact(): void {
    if (this.aheadEnd !== 0) this.unread();
    const times = this.times, seqs = this.seqs, calls = this.calls;
    const size = this.size;
    let n = 0;
    for (let i = 0; i < size; i++) {
      const call = calls[i]!;
      if (call._entry === seqs[i]) {
        times[n] = call._time;
        seqs[n] = call._entry = call._seq;
        calls[n] = call;
        n++;
      }
    }
    for (let i = n; i < size; i++) calls[i] = undefined;
    this.size = n;
    this.dead = 0;
    this.heapify();
    this.maybeShrink();
  }

  // ---- the heap ---------------------------------------------------------

  /**
   * Adds an entry, first returning the read-ahead FIFO to the heap if the
   * key is below its last.
   */
  push(time: number, seq: number, call: DelayedCall): void {
    const end = this.aheadEnd;
    if (end !== 0) {
      const t = this.aheadTimes[end - 1]!;
      if (time < t || (time === t && seq < this.aheadSeqs[end - 1]!)) {
        this.unread();
      }
    }
    this.siftUp(time, seq, call);
  }

  /** Adds an entry to the heap: sift up from the end. */
  siftUp(time: number, seq: number, call: DelayedCall): void {
    if (this.size === this.times.length) this.reserve(this.size + 1);
    const times = this.times, seqs = this.seqs, calls = this.calls;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      calls[i] = calls[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    calls[i] = call;
  }

  /** Removes the top entry. */
  removeTop(): void {
    const last = --this.size;
    const calls = this.calls;
    if (last === 0) {
      calls[0] = undefined;
    } else {
      const call = calls[last]!;
      calls[last] = undefined;
      this.siftFromTop(this.times[last]!, this.seqs[last]!, call, last);
    }
    if (last < this.times.length >> 2) this.maybeShrink();
  }

  /**
   * Places `(time, seq, call)` at the root of the heap of `n` entries: the
   * hole walks down along the smaller children to a leaf, then the entry
   * sifts up from there. Each level costs one comparison on the way down,
   * and the way up is short because the entry usually belongs near the
   * bottom (it is a former leaf or a later key).
   */
  siftFromTop(time: number, seq: number, call: DelayedCall, n: number): void {
    const times = this.times, seqs = this.seqs, calls = this.calls;
    let i = 0;
    let child = 1;
    while (child < n) {
      const right = child + 1;
      if (right < n) {
        const tc = times[child]!, tr = times[right]!;
        if (tr < tc || (tr === tc && seqs[right]! < seqs[child]!)) {
          child = right;
        }
      }
      times[i] = times[child]!;
      seqs[i] = seqs[child]!;
      calls[i] = calls[child];
      i = child;
      child = 2 * i + 1;
    }
    // the same climb as siftUp's, written out: a shared helper measured
    // 8-15% slower on the 1M push/pop bench (Deno)
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      calls[i] = calls[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    calls[i] = call;
  }

  /** Restores the heap order of the whole array: Floyd's method, O(n). */
  heapify(): void {
    const times = this.times, seqs = this.seqs, calls = this.calls;
    const n = this.size;
    for (let start = (n >> 1) - 1; start >= 0; start--) {
      const time = times[start]!, seq = seqs[start]!, call = calls[start]!;
      let i = start;
      let child = 2 * i + 1;
      while (child < n) {
        const right = child + 1;
        if (right < n) {
          const tc = times[child]!, tr = times[right]!;
          if (tr < tc || (tr === tc && seqs[right]! < seqs[child]!)) {
            child = right;
          }
        }
        const ct = times[child]!;
        if (time < ct || (time === ct && seq < seqs[child]!)) break;
        times[i] = ct;
        seqs[i] = seqs[child]!;
        calls[i] = calls[child];
        i = child;
        child = 2 * i + 1;
      }
      times[i] = time;
      seqs[i] = seq;
      calls[i] = call;
    }
  }

  /**
   * Grows the heap arrays to hold at least `n` entries: to `SHRINK_ABOVE`
   * at least, and by half at least (see the module doc).
   */
  reserve(n: number): void {
    const capacity = this.times.length;
    if (n <= capacity) return;
    this.resize(Math.max(n, capacity + (capacity >> 1), SHRINK_ABOVE));
  }

  /** Halves the heap arrays while they are less than a quarter full. */
  maybeShrink(): void {
    let capacity = this.times.length;
    if (capacity <= SHRINK_ABOVE || this.size >= capacity >> 2) return;
    while (capacity > SHRINK_ABOVE && this.size < capacity >> 2) {
      capacity >>= 1;
    }
    this.resize(capacity);
  }

  /**
   * Gives the heap arrays room for `capacity` (>= `size`) entries. The call
   * array changes length in place (the engine reallocates or trims its
   * storage; a copy made here would leave the old array as garbage until
   * the next full collection), and new slots are filled rather than left as
   * holes: Bun turns a big array with holes into a slower kind of array.
   */
  resize(capacity: number): void {
    this.times = resizeFloats(this.times, capacity);
    this.seqs = resizeFloats(this.seqs, capacity);
    const calls = this.calls;
    const old = calls.length;
    calls.length = capacity;
    if (capacity > old) calls.fill(undefined, old);
  }
}

/** An array of `capacity` empty call slots (see `resize`). */
function emptyCalls(capacity: number): (DelayedCall | undefined)[] {
  return new Array<DelayedCall | undefined>(capacity).fill(undefined);
}

/** `ArrayBuffer.prototype.transfer`, where the runtime has it (ES2024). */
interface Transferable {
  transfer?: (byteLength: number) => ArrayBuffer;
}

/**
 * `a`'s first `capacity` entries (zeros past its end) in a new array. The
 * storage moves with `transfer` where available, which releases the old
 * storage at once instead of at some later garbage collection: the old
 * and new arrays coexist only during the copy.
 */
function resizeFloats(a: Float64Array, capacity: number): Float64Array {
  const buffer = a.buffer as Transferable;
  if (typeof buffer.transfer === "function") {
    return new Float64Array(buffer.transfer(capacity * 8));
  }
  const b = new Float64Array(capacity);
  b.set(a.length <= capacity ? a : a.subarray(0, capacity));
  return b;
}
