/**
 * `LineOnlyReceiver`: lines only, no raw mode and no pausing — Twisted's
 * `twisted.protocols.basic.LineOnlyReceiver`, with its exact semantics.
 *
 * Twisted splits everything buffered at once with the delimiter of that
 * moment, keeps the last, incomplete piece as the buffer, then delivers
 * the lines; so do we, without building the joined buffer: the lines are
 * found in place in the chunk (only a line begun in an earlier chunk is
 * assembled), and lines are `Uint8Array` views, as in `LineReceiver`.
 * Semantics kept: before each line, delivery stops if the transport is
 * `disconnecting`, and the lines after it are dropped; a line longer than
 * `MAX_LENGTH` calls `lineLengthExceeded(line)` and drops the lines after
 * it; an incomplete line longer than `MAX_LENGTH` calls
 * `lineLengthExceeded` with it (and stays buffered, as in Twisted).
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { followCallback, Protocol } from "./protocol.ts";
import { requireMaxLength, toBytes } from "./_bytes.ts";
import {
  concatChunks,
  DelimiterCache,
  findDelimiter,
  GrowableBuffer,
} from "./_buffer.ts";

/**
 * A protocol that receives only lines: `lineReceived(line)` per line,
 * `sendLine(line)` to answer, `lineLengthExceeded` for lines over
 * `MAX_LENGTH` (16384 bytes; closes the connection by default). Use
 * `LineReceiver` for raw mode or pausing.
 *
 * @example
 * ```ts
 * import { decode, LineOnlyReceiver, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Echo extends LineOnlyReceiver {
 *   override lineReceived(line: Uint8Array) {
 *     this.sendLine(`you said: ${decode(line)}`);
 *   }
 * }
 * const p = new Echo();
 * const t = new StringTransport();
 * p.makeConnection(t);
 * p.dataReceived(new TextEncoder().encode("hi\r\n"));
 * assert.equal(t.value(), "you said: hi\r\n");
 * ```
 */
export class LineOnlyReceiver extends Protocol {
  /** What ends a line (a string is UTF-8 encoded); default `"\r\n"`. */
  delimiter: Uint8Array | string = "\r\n";
  /** The longest line accepted, in bytes. */
  MAX_LENGTH = 16384;

  #delim = new DelimiterCache();
  #buffer = new GrowableBuffer();

  /**
   * Splits the buffered input and `data` into lines and delivers them.
   *
   * @example
   * ```ts
   * import { LineOnlyReceiver } from "@twisted-ts/core/net";
   * const lines: number[] = [];
   * class L extends LineOnlyReceiver {
   *   override lineReceived(line: Uint8Array) { lines.push(line.length); }
   * }
   * const p = new L();
   * p.dataReceived(new TextEncoder().encode("ab\r\nc"));
   * p.dataReceived(new TextEncoder().encode("d\r\n"));
   * if (lines.join() !== "2,2") throw new Error();
   * ```
   */
  override dataReceived(data: Uint8Array): void {
    const name = this.constructor.name;
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(
        `${name}.dataReceived: data must be a Uint8Array, got ${
          describeValue(data)
        }`,
      );
    }
    const delim = this.#delim.bytes(name, this.delimiter);
    const d = delim.length;
    const buffer = this.#buffer;
    // 1. split: the first line may begin in the buffer
    let input = data;
    if (buffer.length > 0 && buffer.delimiter !== delim) {
      // the delimiter changed since the buffer was searched: search it all
      input = concatChunks([buffer.take(), data]);
    }
    const lines: Uint8Array[] = [];
    let pos = 0;
    let scan = true;
    if (buffer.length > 0) {
      const split = buffer.delimiterAcross(delim, input, 0);
      if (split === undefined) {
        scan = false; // no delimiter anywhere: all of it is buffered
      } else {
        lines.push(buffer.takeWith(input, 0, split.lineEnd));
        pos = split.next;
      }
    }
    while (scan) {
      const at = findDelimiter(input, delim, pos);
      if (at < 0) break;
      lines.push(input.subarray(pos, at));
      pos = at + d;
    }
    // 2. the last piece is the buffer from now on
    buffer.append(input.subarray(pos));
    buffer.delimiter = delim;
    // 3. deliver
    const t = this.transport as { disconnecting?: boolean } | undefined;
    for (const line of lines) {
      if (t !== undefined && t !== null && t.disconnecting) return;
      if (line.length > requireMaxLength(name, this.MAX_LENGTH)) {
        const returned = this.lineLengthExceeded(line);
        if (returned !== undefined) {
          followCallback(this, returned, "lineLengthExceeded");
        }
        return;
      }
      const returned = this.lineReceived(line);
      if (returned !== undefined) {
        followCallback(this, returned, "lineReceived");
      }
    }
    if (buffer.length > requireMaxLength(name, this.MAX_LENGTH)) {
      const returned = this.lineLengthExceeded(buffer.view().slice());
      if (returned !== undefined) {
        followCallback(this, returned, "lineLengthExceeded");
      }
    }
  }

  /**
   * Called with each line, without its delimiter. Override it (the
   * default throws, as Twisted's raises `NotImplementedError`).
   *
   * @example
   * ```ts
   * import { LineOnlyReceiver } from "@twisted-ts/core/net";
   * class L extends LineOnlyReceiver {
   *   override lineReceived(_line: Uint8Array) {}
   * }
   * new L().dataReceived(new TextEncoder().encode("x\r\n"));
   * ```
   */
  lineReceived(_line: Uint8Array): void {
    throw new Error(
      `${this.constructor.name}.lineReceived is not implemented: override it`,
    );
  }

  /**
   * Writes `line` and the delimiter (`writeSequence`, as Twisted).
   *
   * @example
   * ```ts
   * import { LineOnlyReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineOnlyReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.sendLine("ok");
   * if (t.value() !== "ok\r\n") throw new Error();
   * ```
   */
  sendLine(line: Uint8Array | string): void {
    const name = this.constructor.name;
    const bytes = toBytes(`${name}.sendLine: line`, line);
    this.transport.writeSequence([
      bytes,
      this.#delim.bytes(name, this.delimiter),
    ]);
  }

  /**
   * Called with a line over `MAX_LENGTH`; closes the connection by
   * default.
   *
   * @example
   * ```ts
   * import { LineOnlyReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new LineOnlyReceiver();
   * p.MAX_LENGTH = 2;
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.dataReceived(new TextEncoder().encode("long\r\n"));
   * if (!t.disconnecting) throw new Error();
   * ```
   */
  lineLengthExceeded(_line: Uint8Array): void {
    this.transport.loseConnection();
  }
}
