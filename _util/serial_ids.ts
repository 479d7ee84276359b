/**
 * Small stable numbers for objects, for `toString` and log lines: the first
 * object asked about gets 1, the next 2, and so on. Held in a `WeakMap`, so
 * numbering an object does not keep it alive.
 *
 * @module
 */

/**
 * A numbering of its own: returns `idOf(object)`, which assigns the next
 * number on first use and returns the same number afterwards.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serialIds } from "./serial_ids.ts";
 * const idOf = serialIds();
 * const a = {}, b = {};
 * assert.deepEqual([idOf(a), idOf(b), idOf(a)], [1, 2, 1]);
 * ```
 */
export function serialIds(): (object: object) => number {
  let next = 1;
  const ids = new WeakMap<object, number>();
  return (object) => {
    let id = ids.get(object);
    if (id === undefined) ids.set(object, id = next++);
    return id;
  };
}
