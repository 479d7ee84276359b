/**
 * The CPU work the example servers hand to worker threads: a small,
 * deliberately slow string hash (a few milliseconds), the kind of work
 * that would stall a server's event loop if done inline.
 *
 * @module
 */

/**
 * FNV-1a over `text`, repeated `rounds` times, as 8 hex digits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slowHash } from "./tasks.ts";
 * assert.equal(slowHash("abc", 1), slowHash("abc", 1));
 * assert.match(slowHash("abc", 10), /^[0-9a-f]{8}$/);
 * ```
 */
export function slowHash(text: string, rounds: number): string {
  let h = 0x811c9dc5;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= r;
  }
  return h.toString(16).padStart(8, "0");
}
