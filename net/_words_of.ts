/**
 * Reading a chunk four bytes at a time, for the byte search under
 * `LineReceiver`'s hot path.
 *
 * Why not `Uint8Array.prototype.indexOf` alone: on V8 each call costs
 * about 25 ns before it reads a byte (a call into the runtime), then
 * ~0.3 ns a byte — more than all the rest of the work for a short line;
 * a plain byte loop has no call cost but pays ~0.7 ns a byte.
 *
 * How: the chunk's whole aligned 4-byte words are read through one
 * `Int32Array` over the same memory ({@linkcode wordsOf}, made once per
 * chunk). A word `w` holds the byte `b` exactly when
 * `v = w ^ (b * 0x01010101)` has a zero byte, which
 * `(v - 0x01010101) & ~v & 0x80808080` tests with no branch per byte (the classic
 * "has a zero byte" test: non-zero if and only if some byte of `v` is
 * zero). The searcher then reads the word that tests positive byte by
 * byte, in order, so it finds the first match whatever the machine's byte
 * order; the bytes before the first whole word and after the last one are
 * read one by one.
 *
 * Measured (the input of `bench/net_parse_bench.ts`, the search alone,
 * per line; CPU time, medians of 15): 16-byte lines 6.5 ns on Deno and
 * 7.9 ns on Bun (`indexOf`: 26 / 12 ns), 64-byte lines 15.7 / 16.0 ns
 * (`indexOf`: 40 / 14 ns), 1 KiB lines 365 / 175 ns (`indexOf`: 499 /
 * 49 ns: JavaScriptCore's is vectorised, so on Bun the search hands long
 * lines over to it — see `lineCosts` in `_host.ts`).
 *
 * @module
 */

/** No words: the search reads bytes one by one. */
export const NO_WORDS: Int32Array = new Int32Array(0);

/** The whole aligned words of a chunk, from {@linkcode wordsOf}. */
export interface ChunkWords {
  /** The words, over the chunk's own memory. */
  words: Int32Array;
  /** The index in the chunk of the first word's first byte (0-3). */
  start: number;
}

/**
 * The whole 4-byte-aligned words of `data` as an `Int32Array` over the
 * same memory, and where in `data` the first begins (`NO_WORDS` and 0 when
 * `data` holds no whole aligned word).
 */
export function wordsOf(data: Uint8Array): ChunkWords {
  const start = (4 - (data.byteOffset & 3)) & 3;
  const count = data.length > start ? (data.length - start) >> 2 : 0;
  if (count === 0) return { words: NO_WORDS, start: 0 };
  return {
    words: new Int32Array(data.buffer, data.byteOffset + start, count),
    start,
  };
}
