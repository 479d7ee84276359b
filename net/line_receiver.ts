/**
 * `LineReceiver`: a protocol that splits its input into lines (and can
 * switch to raw data and back) — Twisted's
 * `twisted.protocols.basic.LineReceiver`, with its exact semantics and
 * none of its copying.
 *
 * What `lineReceived` gets: a `Uint8Array`, as Twisted gives `bytes`.
 * Lines are bytes on the wire — the delimiter, `MAX_LENGTH` and raw mode
 * are defined in bytes, and a protocol may carry binary or non-UTF-8 text
 * — so bytes are the faithful type: a line can be sent back exactly. A
 * line is a view of the chunk it arrived in (on Bun, a line of up to 32
 * bytes, or any line of a chunk under 1 KiB, is a copy instead, which
 * costs less there than a view); decode it
 * with `decode(line)` when you want text. Either way it stays valid: a
 * transport never reuses the bytes it gives `dataReceived`, and nor does
 * this class. The price, measured (`bench/net_parse_bench.ts`'s floor
 * rows): making that array is the largest cost per line — ~15 ns on V8,
 * ~15 ns (a short copy) to 35-40 ns (a view) on JavaScriptCore — where a
 * string slice costs 8-25 ns, so decoding whole chunks and splitting
 * strings is about as fast on short lines and faster on long ones.
 * Strings were rejected all the same: they cannot carry arbitrary bytes,
 * count `MAX_LENGTH` in bytes, or hand raw data back unchanged.
 *
 * How the buffer works (Twisted's appends each chunk to one `bytes` buffer
 * and splits off one line at a time, copying the rest every line, O(n²)
 * per chunk):
 * - a chunk is scanned in place for the delimiter's first byte, four bytes
 *   at a time through an `Int32Array` over the chunk (`_words_of.ts`: a
 *   native `indexOf` call costs more than a short line's whole search on
 *   V8), then the rest of the delimiter is checked; delimiters longer
 *   than two bytes are found with `indexOf`;
 * - the incomplete line at its end is copied into a growable buffer
 *   (doubling), so a long line spread over many chunks costs O(n), and
 *   only the new bytes are searched (plus the delimiter's length - 1 bytes
 *   before them, for a delimiter split across chunks);
 * - the line that completes it is assembled once, into a fresh array;
 * - chunks that arrive while it is paused, or from inside a callback
 *   (re-entrant `dataReceived`), are queued as they are and parsed in
 *   order afterwards.
 * Cost: O(bytes) per chunk plus one array and one call per line; while the
 * callbacks change nothing, the lines of a chunk are found in one tight
 * loop.
 *
 * Semantics kept from Twisted: lines are delivered one by one and each
 * callback may change `delimiter`, `MAX_LENGTH`, the mode or pause the
 * receiver, which applies from the next line on; after a line, delivery
 * stops if the transport is `disconnecting` (the rest stays buffered);
 * a line longer than `MAX_LENGTH` gives `lineLengthExceeded` that line,
 * its delimiter and everything buffered after it; an incomplete line
 * reaching `MAX_LENGTH + delimiter.length` bytes gives it the buffer;
 * raw mode delivers all that is buffered as one chunk. Difference: a value
 * returned by `lineReceived`/`rawDataReceived` does not stop delivery
 * (Twisted's deprecated "return a reason" form): call `loseConnection()`
 * or `pauseProducing()`.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { IPushProducer } from "../reactor/io_interfaces.ts";
import { followCallback, Protocol } from "./protocol.ts";
import { requireMaxLength, toBytes } from "./_bytes.ts";
import {
  concatChunks,
  DelimiterCache,
  findDelimiter,
  GrowableBuffer,
} from "./_buffer.ts";
import { ChunkQueue } from "./_chunk_queue.ts";
import { lineCosts } from "./_host.ts";
import { NO_WORDS, wordsOf } from "./_words_of.ts";

const EMPTY = new Uint8Array(0);
// the word search's masks (see _words_of.ts), declared here: V8 reloads
// and checks an imported binding on every use in the loop (64-byte lines
// 35 ns -> 45 ns)
const LOW = 0x01010101;
const HIGH = 0x80808080 | 0;
const {
  copyMax: COPY_MAX,
  viewBySubarray: SUBARRAY,
  maxScanWords: MAX_WORDS,
  smallChunk: SMALL_CHUNK,
} = lineCosts;

/**
 * Splits input into lines, each given to `lineReceived` as a `Uint8Array`
 * without its delimiter (`"\r\n"` by default; set `delimiter` to a string
 * or bytes). `setRawMode()` sends what follows to `rawDataReceived`
 * instead, until `setLineMode(extra)`. A line longer than `MAX_LENGTH`
 * (16384 bytes) calls `lineLengthExceeded`, which closes the connection.
 * `sendLine(line)` writes a line and the delimiter.
 *
 * The protocol is also a push producer: `pauseProducing()` stops the
 * transport reading *and* stops delivering the lines already buffered,
 * until `resumeProducing()`.
 *
 * See the module doc for why lines are bytes and how the buffer works.
 *
 * @example
 * ```ts
 * import { decode, LineReceiver, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Shout extends LineReceiver {
 *   override lineReceived(line: Uint8Array) {
 *     this.sendLine(decode(line).toUpperCase());
 *   }
 * }
 * const p = new Shout();
 * const t = new StringTransport();
 * p.makeConnection(t);
 * p.dataReceived(new TextEncoder().encode("hello\r\nwor"));
 * p.dataReceived(new TextEncoder().encode("ld\r\n"));
 * assert.equal(t.value(), "HELLO\r\nWORLD\r\n");
 * ```
 */
export class LineReceiver extends Protocol implements IPushProducer {
  /** What ends a line (a string is UTF-8 encoded); default `"\r\n"`. */
  delimiter: Uint8Array | string = "\r\n";
  /** The longest line accepted, in bytes (not counting the delimiter). */
  MAX_LENGTH = 16384;
  /** Whether delivery is paused (`pauseProducing`). */
  paused = false;
  /** Whether input is split into lines (`true`) or passed raw. */
  line_mode = true;

  #delim = new DelimiterCache();
  /** the incomplete line at the end of the input so far */
  #partial = new GrowableBuffer();
  /** input not parsed yet: arrived while paused, busy or stopped */
  #input = new ChunkQueue();
  /** One chunk: held back while paused, else parsed. */
  readonly #step = (chunk: Uint8Array): boolean => {
    if (this.paused) {
      if (chunk.length > 0) this.#input.chunks.unshift(chunk);
      return false;
    }
    return this.#parse(chunk);
  };
  /**
   * While a chunk is parsed: the chunk, and how far it is consumed when a
   * callback runs — so `clearLineBuffer()` from a callback can take the
   * rest of it too (as Twisted's, whose buffer holds that rest), and
   * `#cleared` tells the parse it is gone.
   */
  #parsing: Uint8Array | undefined = undefined;
  #parsed = 0;
  #cleared = false;

  /**
   * Parses `data` (bytes from the transport), delivering lines or raw
   * data. Re-entrant calls (from a callback) queue their data, parsed once
   * the current call is done with its own.
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * const lines: string[] = [];
   * class L extends LineReceiver {
   *   override lineReceived(line: Uint8Array) {
   *     lines.push(new TextDecoder().decode(line));
   *   }
   * }
   * const p = new L();
   * p.delimiter = "\n";
   * p.dataReceived(new TextEncoder().encode("a\nb\nc"));
   * if (lines.join() !== "a,b") throw new Error(`${lines}`);
   * ```
   */
  override dataReceived(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(
        `${this.constructor.name}.dataReceived: data must be a Uint8Array, got ${
          describeValue(data)
        }`,
      );
    }
    this.#input.feed(data, this.#step);
  }

  /**
   * Parses one chunk; returns false when delivery must stop (what is left
   * is queued again, or was handed to `lineLengthExceeded`).
   */
  #parse(chunk: Uint8Array): boolean {
    const name = this.constructor.name;
    let pos = 0;
    let wordsFor: Uint8Array | undefined;
    let words: Int32Array = NO_WORDS;
    let start = 0;
    try {
      while (pos < chunk.length || this.#partial.length > 0) {
        this.#parsing = chunk;
        if (this.paused) {
          if (pos < chunk.length) {
            this.#input.chunks.unshift(chunk.subarray(pos));
          }
          return false;
        }
        if (!this.line_mode) {
          const rest = chunk.subarray(pos);
          pos = this.#parsed = chunk.length; // handed over, even if it throws
          this.#deliverRaw(rest);
          continue;
        }
        const source = this.delimiter;
        const delim = this.#delim.bytes(name, source);
        const max = requireMaxLength(name, this.MAX_LENGTH);
        const partial = this.#partial;
        if (partial.length > 0) {
          if (partial.delimiter !== delim) {
            // the delimiter changed since the incomplete line was searched:
            // parse it again as new input, ahead of the rest
            if (pos < chunk.length) {
              this.#input.chunks.unshift(chunk.subarray(pos));
            }
            chunk = partial.take();
            pos = 0;
            continue;
          }
          // the line began in an earlier chunk: look for its end across
          // the boundary, then in this chunk's new bytes
          const split = partial.delimiterAcross(delim, chunk, pos);
          if (split === undefined) {
            // no complete line: keep buffering
            partial.append(chunk.subarray(pos));
            partial.delimiter = delim;
            pos = this.#parsed = chunk.length;
            if (partial.length >= max + delim.length) {
              this.#exceeded(partial.take(), EMPTY, 0);
              return false;
            }
            return true;
          }
          const line = partial.takeWith(chunk, pos, split.lineEnd);
          pos = this.#parsed = split.next;
          if (line.length > max) {
            const rest = chunk.subarray(pos);
            pos = this.#parsed = chunk.length;
            this.#exceeded(line, delim, 1, rest);
            return false;
          }
          const returned = this.lineReceived(line);
          if (returned !== undefined) {
            followCallback(this, returned, "lineReceived");
          }
        } else {
          // the hot path: lines wholly inside this chunk, found in place
          // (four bytes at a time) and handed out as views (or, on Bun,
          // short ones as copies: see `lineCosts` in _host.ts); it loops
          // here while the callbacks change nothing (delimiter,
          // MAX_LENGTH, mode, pause, transport state)
          const n = chunk.length;
          const d = delim.length;
          const first = delim[0]!;
          const second = d === 2 ? delim[1]! : 0;
          // small chunks: no words, and where copies pay, every line copied
          // (neither reads the chunk's buffer: see lineCosts)
          const small = n < SMALL_CHUNK;
          const copyAll = small && COPY_MAX >= 0;
          const buffer = SUBARRAY ? undefined : chunk.buffer;
          const t = this.transport as { disconnecting?: boolean } | undefined;
          if (wordsFor !== chunk) {
            wordsFor = chunk;
            if (!small) {
              const w = wordsOf(chunk);
              words = w.words;
              start = w.start;
            } else {
              words = NO_WORDS;
              start = 0;
            }
          }
          const wordsEnd = start + (words.length << 2);
          const pattern = (first * LOW) | 0;
          for (;;) {
            let at = -1;
            if (d <= 2) {
              let i = pos;
              for (;;) {
                // find `first` from i: bytes up to a word boundary, then
                // whole words (see _words_of.ts), then bytes
                if (i < wordsEnd) {
                  while (i < start || ((i - start) & 3) !== 0) {
                    if (chunk[i] === first) break;
                    i++;
                  }
                  if (i < wordsEnd && chunk[i] !== first) {
                    let j = (i - start) >> 2;
                    const count = words.length;
                    const end = count - j > MAX_WORDS ? j + MAX_WORDS : count;
                    while (j < end) {
                      const v = words[j]! ^ pattern;
                      if (((v - LOW) & ~v & HIGH) !== 0) break;
                      j++;
                    }
                    i = start + (j << 2);
                    if (j === end && end < count) {
                      // a long line: the engine's own search takes over
                      i = chunk.indexOf(first, i);
                      if (i < 0) i = n;
                    }
                  }
                }
                while (i < n && chunk[i] !== first) i++;
                if (i >= n - (d - 1)) {
                  i = -1;
                  break;
                }
                if (d === 1 || chunk[i + 1] === second) break;
                i++;
              }
              at = i;
            } else {
              at = findDelimiter(chunk, delim, pos);
            }
            if (at < 0) {
              if (n - pos >= max + d) {
                const rest = chunk.subarray(pos);
                pos = this.#parsed = n;
                this.#exceeded(rest, EMPTY, 0);
                return false;
              }
              partial.append(chunk.subarray(pos));
              partial.delimiter = delim;
              pos = n;
              return true;
            }
            const length = at - pos;
            if (length > max) {
              const line = chunk.subarray(pos, at);
              const rest = chunk.subarray(at + d);
              pos = this.#parsed = n;
              this.#exceeded(line, delim, 1, rest);
              return false;
            }
            let line: Uint8Array;
            if (length <= COPY_MAX || copyAll) {
              // JavaScriptCore: a copy of a short line is cheaper than a view
              line = new Uint8Array(length);
              let k = 0;
              const base = pos;
              for (; k + 4 <= length; k += 4) {
                line[k] = chunk[base + k]!;
                line[k + 1] = chunk[base + k + 1]!;
                line[k + 2] = chunk[base + k + 2]!;
                line[k + 3] = chunk[base + k + 3]!;
              }
              for (; k < length; k++) line[k] = chunk[base + k]!;
            } else if (SUBARRAY) {
              line = chunk.subarray(pos, at);
            } else {
              // a view made with the constructor: cheaper than subarray on V8
              line = new Uint8Array(buffer!, chunk.byteOffset + pos, length);
            }
            pos = this.#parsed = at + d;
            const returned = this.lineReceived(line);
            if (returned !== undefined) {
              followCallback(this, returned, "lineReceived");
            }
            if (
              pos >= n || this.#cleared || this.paused || !this.line_mode ||
              this.delimiter !== source || this.MAX_LENGTH !== max ||
              this.transport !== t || (t !== undefined && t.disconnecting)
            ) break;
          }
        }
        if (this.#cleared) {
          // the callback cleared the buffer: the rest of this chunk went too
          this.#cleared = false;
          pos = chunk.length;
        }
        const t = this.transport as { disconnecting?: boolean } | undefined;
        if (t !== undefined && t !== null && t.disconnecting) {
          if (pos < chunk.length) {
            this.#input.chunks.unshift(chunk.subarray(pos));
          }
          pos = chunk.length;
          return false;
        }
      }
      return true;
    } catch (e) {
      // a callback threw: keep what it did not get for the next call
      if (this.#cleared) this.#cleared = false;
      else if (pos < chunk.length) {
        this.#input.chunks.unshift(chunk.subarray(pos));
      }
      throw e;
    } finally {
      this.#parsing = undefined;
      this.#cleared = false;
    }
  }

  /** Raw mode: everything buffered (and `head`) as one chunk. */
  #deliverRaw(head: Uint8Array): void {
    let data = head;
    const parts: Uint8Array[] = [];
    if (this.#partial.length > 0) parts.push(this.#partial.take());
    if (parts.length > 0 || this.#input.chunks.length > 0) {
      parts.push(head, ...this.#input.chunks);
      this.#input.chunks = [];
      data = concatChunks(parts);
    }
    if (data.length > 0) {
      const returned = this.rawDataReceived(data);
      if (returned !== undefined) {
        followCallback(this, returned, "rawDataReceived");
      }
    }
  }

  /**
   * Hands `lineLengthExceeded` the line, the delimiter (when
   * `withDelim`), `tail` and the queue, clearing all of it.
   */
  #exceeded(
    line: Uint8Array,
    delim: Uint8Array,
    withDelim: number,
    tail: Uint8Array = EMPTY,
  ): void {
    const parts = [line];
    if (withDelim) parts.push(delim);
    parts.push(tail, ...this.#input.chunks);
    this.#input.chunks = [];
    this.#partial.clear();
    const returned = this.lineLengthExceeded(
      parts.length === 1 ? line : concatChunks(parts),
    );
    if (returned !== undefined) {
      followCallback(this, returned, "lineLengthExceeded");
    }
  }

  /**
   * Empties the buffer and returns what it held (the incomplete line and
   * anything not parsed yet).
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * p.dataReceived(new TextEncoder().encode("partial"));
   * if (new TextDecoder().decode(p.clearLineBuffer()) !== "partial") throw new Error();
   * ```
   */
  clearLineBuffer(): Uint8Array {
    const parts: Uint8Array[] = [];
    if (this.#partial.length > 0) parts.push(this.#partial.take());
    const current = this.#parsing;
    if (current !== undefined && !this.#cleared) {
      // called from a callback: the rest of the chunk being parsed
      parts.push(current.subarray(this.#parsed));
      this.#cleared = true;
    }
    parts.push(...this.#input.chunks);
    this.#input.chunks = [];
    return concatChunks(parts);
  }

  /**
   * Switches to line mode; `extra` (bytes left over by `rawDataReceived`)
   * is parsed for lines at once. Do not pass `extra` from `lineReceived`.
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * const seen: string[] = [];
   * class Body extends LineReceiver {
   *   override lineReceived(line: Uint8Array) {
   *     seen.push(`line ${new TextDecoder().decode(line)}`);
   *     this.setRawMode();
   *   }
   *   override rawDataReceived(data: Uint8Array) {
   *     seen.push(`raw ${new TextDecoder().decode(data.subarray(0, 3))}`);
   *     this.setLineMode(data.subarray(3));
   *   }
   * }
   * new Body().dataReceived(new TextEncoder().encode("HEAD\r\nabcnext\r\n"));
   * if (seen.join("|") !== "line HEAD|raw abc|line next") throw new Error(seen.join("|"));
   * ```
   */
  setLineMode(extra: Uint8Array | string = EMPTY): void {
    const bytes = toBytes(`${this.constructor.name}.setLineMode: extra`, extra);
    this.line_mode = true;
    if (bytes.length > 0) this.dataReceived(bytes);
  }

  /**
   * Switches to raw mode: what follows goes to `rawDataReceived`.
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * p.setRawMode();
   * if (p.line_mode) throw new Error();
   * ```
   */
  setRawMode(): void {
    this.line_mode = false;
  }

  /**
   * Called with each line, without its delimiter. Override it (the
   * default throws, as Twisted's raises `NotImplementedError`).
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * class Count extends LineReceiver {
   *   n = 0;
   *   override lineReceived(_line: Uint8Array) { this.n++; }
   * }
   * const c = new Count();
   * c.dataReceived(new TextEncoder().encode("a\r\nb\r\n"));
   * if (c.n !== 2) throw new Error();
   * ```
   */
  lineReceived(_line: Uint8Array): void {
    throw new Error(
      `${this.constructor.name}.lineReceived is not implemented: override it`,
    );
  }

  /**
   * Called with data received in raw mode. Override it (the default
   * throws).
   *
   * @example
   * ```ts
   * import { LineReceiver } from "@twisted-ts/core/net";
   * let bytes = 0;
   * class Raw extends LineReceiver {
   *   override rawDataReceived(data: Uint8Array) { bytes += data.length; }
   * }
   * const p = new Raw();
   * p.setRawMode();
   * p.dataReceived(new Uint8Array(10));
   * if (bytes !== 10) throw new Error();
   * ```
   */
  rawDataReceived(_data: Uint8Array): void {
    throw new Error(
      `${this.constructor.name}.rawDataReceived is not implemented: override it`,
    );
  }

  /**
   * Writes `line` (bytes, or a string UTF-8 encoded) followed by the
   * delimiter; the transport sends them in one socket write. Bytes are
   * kept, not copied, until sent: do not modify them afterwards (as with
   * `transport.write`).
   *
   * @example
   * ```ts
   * import { LineReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.sendLine("hello");
   * if (t.value() !== "hello\r\n") throw new Error();
   * ```
   */
  sendLine(line: Uint8Array | string): void {
    const name = this.constructor.name;
    const delim = this.delimiter;
    if (typeof line === "string" && typeof delim === "string") {
      this.transport.write(line + delim);
      return;
    }
    const bytes = line instanceof Uint8Array
      ? line
      : toBytes(`${name}.sendLine: line`, line);
    const d = this.#delim.bytes(name, delim);
    // two writes, no new array: the transport joins them into one socket
    // write, in the socket's long-lived stage where it has one (on Deno a
    // new 64-byte array costs several times what the rest of an echo does)
    this.transport.write(bytes);
    this.transport.write(d);
  }

  /**
   * Called when a line is too long, with that line and what followed it
   * (see the module doc). Closes the connection by default.
   *
   * @example
   * ```ts
   * import { LineReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * p.MAX_LENGTH = 4;
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.dataReceived(new TextEncoder().encode("too long\r\n"));
   * if (!t.disconnecting) throw new Error();
   * ```
   */
  lineLengthExceeded(_line: Uint8Array): void {
    this.transport.loseConnection();
  }

  /**
   * Pauses: the transport stops reading and the lines already buffered
   * wait too (Twisted's `_PauseableMixin`).
   *
   * @example
   * ```ts
   * import { LineReceiver, StringTransport } from "@twisted-ts/core/net";
   * const lines: string[] = [];
   * class L extends LineReceiver {
   *   override lineReceived(line: Uint8Array) {
   *     lines.push(new TextDecoder().decode(line));
   *     this.pauseProducing();
   *   }
   * }
   * const p = new L();
   * p.makeConnection(new StringTransport());
   * p.dataReceived(new TextEncoder().encode("a\r\nb\r\n"));
   * if (lines.join() !== "a") throw new Error();
   * p.resumeProducing();
   * if (lines.join() !== "a,b") throw new Error();
   * ```
   */
  pauseProducing(): void {
    this.paused = true;
    this.transport.pauseProducing();
  }

  /**
   * Resumes: the transport reads again and the buffered lines are
   * delivered now.
   *
   * @example
   * ```ts
   * import { LineReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.pauseProducing();
   * p.resumeProducing();
   * if (p.paused || t.producerState !== "producing") throw new Error();
   * ```
   */
  resumeProducing(): void {
    this.paused = false;
    this.transport.resumeProducing();
    this.dataReceived(EMPTY);
  }

  /**
   * Stops for good: pauses delivery and stops the transport.
   *
   * @example
   * ```ts
   * import { LineReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.stopProducing();
   * if (!p.paused || t.producerState !== "stopped") throw new Error();
   * ```
   */
  stopProducing(): void {
    this.paused = true;
    this.transport.stopProducing();
  }
}
