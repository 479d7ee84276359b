/**
 * `Ring`: a single-producer, single-consumer queue of records in a
 * `SharedArrayBuffer`, between the main thread and one worker (one ring
 * per direction). It is the pool's shared-memory path: records written
 * here are read by the other thread straight from memory, with no
 * structured clone and no message per batch while the reader is busy.
 *
 * How and why:
 * - Layout: a header of 32-bit words, then `capacity` data words (a power
 *   of two). `WRITE` and `READ` are free-running word counters (they wrap
 *   at 2^32, so `WRITE - READ`, taken unsigned, is the number of words in
 *   use); they sit 64 bytes apart so the two threads do not share a cache
 *   line for them.
 * - A record is contiguous: its first word holds its length (in words,
 *   header word included) and its opcode (`length << 8 | op`). A record
 *   that would not fit before the end of the data area is preceded by a
 *   `PAD` word (opcode 0): the reader skips to the start.
 * - The writer fills records at its private position and makes them
 *   visible all at once with {@linkcode Ring.publish} (one sequentially
 *   consistent store of `WRITE`); the reader frees what it has read with
 *   {@linkcode Ring.release} (a store of `READ`). The store is what orders
 *   the record's plain writes before the other thread's reads of them.
 * - Waking the reader: when it has drained the ring it sets `IDLE` to 1,
 *   then looks once more; a writer that publishes into an idle ring swaps
 *   `IDLE` back to 0 and is then the one that must wake it (with a
 *   message). Whoever swaps it wins, so a record is never left unseen and
 *   a wake is sent at most once per idle period. A reader that sleeps in
 *   `Atomics.waitAsync` instead (`IDLE` 2, {@linkcode Ring.rest}) is woken
 *   the same way, by the winner's `Atomics.notify`: no message, no clone —
 *   on Deno that wake is cheaper than a message (see `host_worker.ts`). A
 *   reader in the opt-in spin ({@linkcode Ring.poll}) stays `ACTIVE` and
 *   reads `WRITE` in a loop: it needs no wake at all.
 * - Nothing here trusts the other side: the reader checks every length
 *   against what was published (see {@linkcode Ring.next}).
 *
 * @module
 */

/** Header words (Int32 indexes). */
const WRITE = 0, READ = 16, IDLE = 32;
/** Header size in bytes. */
const HEADER_BYTES = 192;

/** `IDLE` values. */
export const Reader = {
  /** Reading, or about to: no wake needed. */
  ACTIVE: 0,
  /** Gone back to its event loop: wake it with a message. */
  IDLE: 1,
  /**
   * Gone back to its event loop with an `Atomics.waitAsync` on `WRITE`
   * pending: the writer that swaps this to `ACTIVE` wakes it with
   * `Atomics.notify`.
   */
  SLEEPING: 2,
} as const;

/** The opcode of a padding word (the rest of the data area is skipped). */
export const PAD = 0;

/** The largest record a ring of `capacity` words accepts, in words. */
export function maxRecordWords(capacity: number): number {
  return Math.min(capacity >>> 2, 0xffffff);
}

/** A `SharedArrayBuffer` for a ring of `capacity` data words. */
export function ringBuffer(capacity: number): SharedArrayBuffer {
  if (!Number.isInteger(Math.log2(capacity)) || capacity < 64) {
    throw new RangeError(
      `ringBuffer: capacity must be a power of two >= 64 words, got ${capacity}`,
    );
  }
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 4 * capacity);
  // the reader starts idle: the first records come with a wake
  new Int32Array(buffer, 0, HEADER_BYTES >>> 2)[IDLE] = Reader.IDLE;
  return buffer;
}

/** One thread's view of a ring: it is either the writer or the reader. */
export class Ring {
  /** The data area, as 32-bit words. */
  readonly words: Int32Array;
  /** The data area, as bytes (for strings and typed arrays). */
  readonly bytes: Uint8Array;
  /** The data area, as UTF-16 code units (two per word). */
  readonly units: Uint16Array;
  /** The data area, for doubles (which may start at any word). */
  readonly view: DataView;
  /** Data words. */
  readonly capacity: number;
  readonly #header: Int32Array;
  readonly #mask: number;
  /** The writer's next word, or the reader's (private until published). */
  #pos: number;

  /** A view of the ring in `buffer` (made by {@linkcode ringBuffer}). */
  constructor(buffer: SharedArrayBuffer, role: "writer" | "reader") {
    this.capacity = (buffer.byteLength - HEADER_BYTES) >>> 2;
    this.#mask = this.capacity - 1;
    this.#header = new Int32Array(buffer, 0, HEADER_BYTES >>> 2);
    this.words = new Int32Array(buffer, HEADER_BYTES, this.capacity);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES, 4 * this.capacity);
    this.units = new Uint16Array(buffer, HEADER_BYTES, 2 * this.capacity);
    this.view = new DataView(buffer, HEADER_BYTES, 4 * this.capacity);
    this.#pos = Atomics.load(this.#header, role === "writer" ? WRITE : READ);
  }

  // ---- the writer ---------------------------------------------------------

  /**
   * Where a record of `n` words can be written (an index into `words`),
   * or -1 if the ring has no room for it now. Call {@linkcode Ring.commit}
   * once it is written.
   */
  reserve(n: number): number {
    const pos = this.#pos;
    const free = this.capacity -
      ((pos - Atomics.load(this.#header, READ)) >>> 0);
    const at = pos & this.#mask;
    const tail = this.capacity - at; // words before the end
    if (n <= tail) return n <= free ? at : -1;
    if (tail + n > free) return -1;
    this.words[at] = PAD; // the reader skips the tail
    this.#pos = (pos + tail) >>> 0;
    return 0;
  }

  /** The record of `n` words at the reserved place is written. */
  commit(n: number): void {
    this.#pos = (this.#pos + n) >>> 0;
  }

  /** Makes every committed record visible to the reader. */
  publish(): void {
    Atomics.store(this.#header, WRITE, this.#pos | 0);
  }

  /**
   * After {@linkcode Ring.publish}: whether the reader must now be woken —
   * `IDLE` (this call swapped it to active: send a message), `SLEEPING`
   * (this call swapped it to active: call {@linkcode Ring.notify});
   * `ACTIVE` needs nothing.
   */
  takeWake(): number {
    const state = Atomics.load(this.#header, IDLE);
    if (state === Reader.IDLE || state === Reader.SLEEPING) {
      return Atomics.compareExchange(
          this.#header,
          IDLE,
          state,
          Reader.ACTIVE,
        ) === state
        ? state
        : Reader.ACTIVE;
    }
    return Reader.ACTIVE;
  }

  /**
   * Wakes a reader sleeping in {@linkcode Ring.rest} (the reader may call
   * it too, to end its own sleep).
   */
  notify(): void {
    Atomics.notify(this.#header, WRITE);
  }

  // ---- the reader ---------------------------------------------------------

  /**
   * The index in `words` of the next published record, after skipping
   * padding, or -1 if there is none; `-2` if what was published is not a
   * well-formed record (its length is 0 or runs past what was published).
   * The record's header is `words[i]`: `length << 8 | op`.
   */
  next(): number {
    let pos = this.#pos;
    let avail = (Atomics.load(this.#header, WRITE) - pos) >>> 0;
    if (avail === 0) return -1;
    if (avail > this.capacity) return -2;
    let at = pos & this.#mask;
    if (this.words[at] === PAD) {
      const tail = this.capacity - at;
      if (tail > avail) return -2;
      pos = this.#pos = (pos + tail) >>> 0;
      avail -= tail;
      if (avail === 0) return -1;
      at = 0;
    }
    const n = this.words[at]! >>> 8;
    if (n === 0 || n > avail || at + n > this.capacity) return -2;
    return at;
  }

  /** The reader is done with the record of `n` words returned by `next`. */
  advance(n: number): void {
    this.#pos = (this.#pos + n) >>> 0;
  }

  /** Frees what has been read, for the writer. */
  release(): void {
    Atomics.store(this.#header, READ, this.#pos | 0);
  }

  /**
   * The reader is about to stop reading: marks the ring idle (`IDLE`, or
   * `SLEEPING` when it has a {@linkcode Ring.rest} pending) and returns
   * whether records arrived meanwhile and this call took the ring back
   * (then read on: no wake will come for them).
   */
  goIdle(state: number = Reader.IDLE): boolean {
    Atomics.store(this.#header, IDLE, state);
    if (Atomics.load(this.#header, WRITE) === (this.#pos | 0)) return false;
    // records came: take the ring back, unless a writer already did (it
    // then sends a wake, and reading now is harmless)
    Atomics.compareExchange(this.#header, IDLE, state, Reader.ACTIVE);
    return true;
  }

  /**
   * The reader is about to stop reading and sleeps on the ring: it marks
   * the ring `SLEEPING` and keeps an `Atomics.waitAsync` pending on `WRITE`,
   * so the writer wakes it with `Atomics.notify` — `woken` is then called,
   * once. One sleep serves any number of idle periods until it is woken.
   * Returns whether records arrived meanwhile (read them, and rest again).
   */
  rest(woken: () => void): boolean {
    this.#woken = woken;
    if (!this.#sleeping) {
      const result = Atomics.waitAsync(this.#header, WRITE, this.#pos | 0);
      // published before the sleep began: no notify may come for it
      if (!result.async) return true;
      this.#sleeping = true;
      result.value.then(this.#wake);
    }
    return this.goIdle(Reader.SLEEPING);
  }

  /** Ends a pending sleep (its `woken` runs): nothing stays waiting here. */
  endSleep(): void {
    if (this.#sleeping) Atomics.notify(this.#header, WRITE);
  }

  /** Whether a sleep begun by {@linkcode Ring.rest} is pending. */
  get sleeping(): boolean {
    return this.#sleeping;
  }

  #sleeping = false;
  #woken: (() => void) | undefined = undefined;
  readonly #wake = () => {
    this.#sleeping = false;
    this.#woken?.();
  };

  /** The reader is reading (no wake needed). */
  goActive(): void {
    Atomics.store(this.#header, IDLE, Reader.ACTIVE);
  }

  /**
   * Reads `WRITE` in a loop for up to `ms` until a record is there (the
   * opt-in spin, on both sides): returns whether one is. The reader stays
   * `ACTIVE`, so the writer publishes with no wake, and the record is seen
   * as soon as its cache line arrives. Blocking in `Atomics.wait` instead frees the core but puts a
   * futex wake in every round trip: 10–20 µs on a virtual machine, most
   * of what the spin is there to save.
   */
  poll(ms: number): boolean {
    const header = this.#header;
    const seen = this.#pos | 0;
    const deadline = performance.now() + ms;
    for (let n = 1;; n++) {
      if (Atomics.load(header, WRITE) !== seen) return true;
      if ((n & 63) === 0 && performance.now() > deadline) return false;
    }
  }

  /** Whether published records are waiting to be read. */
  hasRecords(): boolean {
    return Atomics.load(this.#header, WRITE) !== (this.#pos | 0);
  }
}
