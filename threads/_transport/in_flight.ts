/**
 * `InFlight`: the jobs a worker link has sent and not yet heard back about,
 * found by id.
 *
 * How and why: ids are handed out in increasing order, and most outcomes
 * come back in the order their jobs were sent, so the items live in an
 * array in id order with a moving head (and their ids in a parallel array
 * of numbers). Adding is a push; taking the oldest is O(1); taking another
 * is a binary search, O(log n), that leaves a hole the head skips once it
 * gets there. The dead prefix is sliced off once it is most of the array,
 * and holes are squeezed out once they are most of what is left, so each
 * item costs O(1) amortised and the arrays stay O(items in flight). A
 * `Map` would hash, and rehash as ids churn, on every job (set, get and
 * delete cost ~50 ns on V8, ~33 ns on Bun); this is a few array reads.
 *
 * @module
 */

/**
 * Items with increasing ids, taken by id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InFlight } from "./in_flight.ts";
 * const jobs = new InFlight<{ id: number }>();
 * for (let id = 1; id <= 3; id++) jobs.add({ id });
 * assert.equal(jobs.take(2)?.id, 2);
 * assert.equal(jobs.take(2), undefined, "taken once");
 * assert.equal(jobs.size, 2);
 * assert.deepEqual(jobs.drain().map((j) => j.id), [1, 3]);
 * ```
 */
export class InFlight<T extends { readonly id: number }> {
  #items: (T | null)[] = [];
  #ids: number[] = [];
  #head = 0;
  /** How many items are in. */
  size = 0;

  /** Adds `item`; its id must be greater than every id added before. */
  add(item: T): void {
    this.#items.push(item);
    this.#ids.push(item.id);
    this.size++;
  }

  /** Removes and returns the item with `id`, or `undefined` if none is in. */
  take(id: number): T | undefined {
    const ids = this.#ids, items = this.#items;
    const head = this.#head, n = ids.length;
    let at = -1;
    if (head < n && ids[head] === id) at = head;
    else {
      let lo = head + 1, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = ids[mid]!;
        if (v === id) {
          at = mid;
          break;
        }
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    if (at < 0) return undefined;
    const item = items[at] ?? null;
    if (item === null) return undefined;
    items[at] = null;
    this.size--;
    if (at === head) {
      let h = head + 1;
      while (h < n && items[h] === null) h++;
      this.#head = h;
      if (h > 32 && h * 2 >= n) {
        this.#items = items.slice(h);
        this.#ids = ids.slice(h);
        this.#head = 0;
      }
    } else if (n - head > 64 && this.size * 2 < n - head) this.#squeeze();
    return item;
  }

  /** Removes and returns every item, in id order. */
  drain(): T[] {
    const all: T[] = [];
    for (let k = this.#head; k < this.#items.length; k++) {
      const item = this.#items[k] ?? null;
      if (item !== null) all.push(item);
    }
    this.#items = [];
    this.#ids = [];
    this.#head = 0;
    this.size = 0;
    return all;
  }

  /** Drops the holes (and the dead prefix). */
  #squeeze(): void {
    const items: T[] = [], ids: number[] = [];
    for (let k = this.#head; k < this.#items.length; k++) {
      const item = this.#items[k] ?? null;
      if (item !== null) {
        items.push(item);
        ids.push(this.#ids[k]!);
      }
    }
    this.#items = items;
    this.#ids = ids;
    this.#head = 0;
  }
}
