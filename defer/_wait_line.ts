/**
 * `WaitLine`: a first-in-first-out line that also lets any member leave
 * (a cancelled waiter), used by the lock, the semaphore and the queue.
 *
 * How and why: members sit in an array read from a moving head index, and
 * a `Set` records who is still in line. Leaving deletes from the set
 * (O(1)); taking the oldest skips the array entries that left (each skipped
 * once, so O(1) amortised). The consumed prefix is cut off once it is more
 * than half the array. Entries that left are dropped from the array too
 * once they outnumber the members (one pass over it, paid for by the
 * leaves since the last: O(1) amortised), since a line nobody takes from
 * — an idle queue polled with timeouts, a lock held for long — would
 * otherwise keep every waiter that ever gave up. So memory stays
 * proportional to the line. A plain
 * `Set` alone would be simpler, but engines keep deleted entries in place
 * until they rehash, so finding its first entry means skipping every entry
 * deleted so far: draining a long line that way is quadratic.
 *
 * @module
 */

/**
 * A FIFO line with O(1) join, O(1) leave and O(1) amortised take. Each
 * member joins at most once (the users put fresh Deferreds in it).
 */
export class WaitLine<T> {
  readonly #order: (T | undefined)[] = [];
  #head = 0;
  readonly #members = new Set<T>();

  /** How many are in line. */
  get size(): number {
    return this.#members.size;
  }

  /** Whether `member` is in line. */
  has(member: T): boolean {
    return this.#members.has(member);
  }

  /** Puts `member` at the end of the line. */
  push(member: T): void {
    this.#members.add(member);
    this.#order.push(member);
  }

  /** Takes `member` out of the line; whether it was in it. */
  delete(member: T): boolean {
    if (!this.#members.delete(member)) return false;
    const order = this.#order;
    if (order.length - this.#head > 2 * this.#members.size + 32) {
      const members = this.#members;
      let kept = 0;
      for (let i = this.#head; i < order.length; i++) {
        const m = order[i] as T;
        if (members.has(m)) order[kept++] = m;
      }
      order.length = kept;
      this.#head = 0;
    }
    return true;
  }

  /** Takes the oldest member out of the line (`undefined` if empty). */
  shift(): T | undefined {
    const order = this.#order;
    while (this.#head < order.length) {
      const member = order[this.#head]!;
      order[this.#head++] = undefined;
      if (this.#members.delete(member)) {
        this.#compact();
        return member;
      }
    }
    this.#compact();
    return undefined;
  }

  /** The members, oldest first, in a new array. */
  toArray(): T[] {
    const out: T[] = [];
    const order = this.#order;
    for (let i = this.#head; i < order.length; i++) {
      const member = order[i] as T;
      if (this.#members.has(member)) out.push(member);
    }
    return out;
  }

  #compact(): void {
    const order = this.#order;
    if (this.#head === order.length) {
      order.length = 0;
      this.#head = 0;
    } else if (this.#head > 32 && this.#head * 2 > order.length) {
      order.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
