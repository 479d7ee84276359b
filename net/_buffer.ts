/**
 * Byte buffers for the receivers in `net/`: a growable buffer for the
 * incomplete message at the end of the input (amortised O(1) append by
 * doubling, so a message spread over many chunks costs O(n), not O(n²)),
 * and chunk joining.
 *
 * @module
 */

import { toBytes } from "./_bytes.ts";

const EMPTY = new Uint8Array(0);

/** Joins `parts` into one array; a lone non-empty part is returned as is. */
export function concatChunks(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  let only: Uint8Array | undefined;
  let nonEmpty = 0;
  for (const p of parts) {
    if (p.length === 0) continue;
    total += p.length;
    only = p;
    nonEmpty++;
  }
  if (nonEmpty === 0) return EMPTY;
  if (nonEmpty === 1) return only!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Where a line ends, found by {@linkcode GrowableBuffer.delimiterAcross}. */
export interface LineSplit {
  /** The line's length (from the start of the buffer). */
  lineEnd: number;
  /** Where the chunk's bytes after the delimiter start. */
  next: number;
}

/**
 * The incomplete line (or message) carried from one chunk to the next.
 * Its bytes are copied in, so the chunks it came from are not kept alive,
 * and copied out by `take`, so what it hands out is never overwritten.
 */
export class GrowableBuffer {
  #bytes: Uint8Array = EMPTY;
  #length = 0;
  /** The delimiter the content was searched for (none of it is in it). */
  delimiter: Uint8Array | undefined = undefined;

  /** How many bytes it holds. */
  get length(): number {
    return this.#length;
  }

  /** A view of the content (valid until the next change). */
  view(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  /** Appends a copy of `bytes`. */
  append(bytes: Uint8Array): void {
    const need = this.#length + bytes.length;
    if (need > this.#bytes.length) {
      let size = Math.max(64, this.#bytes.length * 2);
      while (size < need) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, this.#length);
    this.#length = need;
  }

  /** Drops the content (keeping small storage for reuse). */
  clear(): void {
    this.#length = 0;
    this.delimiter = undefined;
    if (this.#bytes.length > 65536) this.#bytes = EMPTY;
  }

  /** The content, copied out, and clears. */
  take(): Uint8Array {
    const out = this.#bytes.slice(0, this.#length);
    this.clear();
    return out;
  }

  /** Drops the first `n` bytes. */
  consume(n: number): void {
    if (n >= this.#length) {
      this.clear();
      return;
    }
    this.#bytes.copyWithin(0, n, this.#length);
    this.#length -= n;
  }

  /**
   * The line made of the content and `chunk[pos, …)`, `lineEnd` bytes
   * long in all, copied out; clears.
   */
  takeWith(chunk: Uint8Array, pos: number, lineEnd: number): Uint8Array {
    const have = this.#length;
    let out: Uint8Array;
    if (lineEnd <= have) {
      out = this.#bytes.slice(0, lineEnd);
    } else {
      out = new Uint8Array(lineEnd);
      out.set(this.#bytes.subarray(0, have));
      out.set(chunk.subarray(pos, pos + lineEnd - have), have);
    }
    this.clear();
    return out;
  }

  /**
   * Finds the first `delim` in the content followed by `chunk[pos, …)`,
   * knowing that the content alone holds none: it may start in the
   * content's last `delim.length - 1` bytes, or in the chunk.
   */
  delimiterAcross(
    delim: Uint8Array,
    chunk: Uint8Array,
    pos: number,
  ): LineSplit | undefined {
    const d = delim.length;
    const have = this.#length;
    const bytes = this.#bytes;
    for (let k = Math.min(d - 1, have); k >= 1; k--) {
      // does the content end with delim[0, k) and the chunk go on with delim[k, d)?
      if (pos + (d - k) > chunk.length) continue;
      let ok = true;
      for (let j = 0; j < k && ok; j++) {
        ok = bytes[have - k + j] === delim[j];
      }
      for (let j = k; j < d && ok; j++) ok = chunk[pos + j - k] === delim[j];
      if (ok) return { lineEnd: have - k, next: pos + (d - k) };
    }
    const at = findDelimiter(chunk, delim, pos);
    if (at < 0) return undefined;
    return { lineEnd: have + (at - pos), next: at + d };
  }
}

/** Where the first `delim` starts in `data` at or after `from`, or -1. */
export function findDelimiter(
  data: Uint8Array,
  delim: Uint8Array,
  from: number,
): number {
  const first = delim[0]!;
  const n = delim.length;
  if (n === 1) return data.indexOf(first, from);
  const last = data.length - n;
  let i = from;
  while (i <= last) {
    i = data.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    let k = 1;
    while (k < n && data[i + k] === delim[k]) k++;
    if (k === n) return i;
    i++;
  }
  return -1;
}

/** The delimiter as bytes, cached per value. */
export class DelimiterCache {
  #source: unknown = undefined;
  #bytes: Uint8Array = EMPTY;

  /** `delimiter` as non-empty bytes; a `TypeError`/`RangeError` otherwise. */
  bytes(owner: string, delimiter: unknown): Uint8Array {
    if (delimiter === this.#source) return this.#bytes;
    const bytes = toBytes(`${owner}.delimiter`, delimiter);
    if (bytes.length === 0) {
      throw new RangeError(`${owner}.delimiter must not be empty`);
    }
    this.#source = delimiter;
    // a Uint8Array delimiter is copied, so later changes to it need a new value
    this.#bytes = bytes.slice();
    return this.#bytes;
  }
}
