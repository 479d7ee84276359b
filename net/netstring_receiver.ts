/**
 * `NetstringReceiver`: messages framed as netstrings (`5:hello,`) —
 * Twisted's `twisted.protocols.basic.NetstringReceiver`, with its exact
 * parsing rules and error messages.
 *
 * How it parses: a two-state machine over each chunk, in place. The
 * length is read digit by digit (the digits of a length split across
 * chunks are kept, a few bytes at most); a payload that lies inside one
 * chunk is handed to `stringReceived` as a `Uint8Array` view of it; one
 * spread over chunks is gathered in a growable buffer and handed out
 * copied. So a chunk costs O(its bytes) and one call per string, where
 * Twisted's re-joins its buffer per string.
 *
 * Rules (Twisted's): the length is `0` or digits without a leading zero,
 * then `:`; a length with more digits than `MAX_LENGTH` has, or above
 * `MAX_LENGTH` (99999 by default), is refused as soon as its digits are
 * seen (before the payload); the payload must be followed by `,`. On a
 * violation (Twisted raises and catches a {@linkcode NetstringParseError}
 * inside) the connection is closed (`loseConnection`), `brokenPeer` is
 * set, and every later call that brings or finds data does the same
 * again, without delivering anything.
 *
 * Difference from Twisted 22.4: `dataReceived` called from inside
 * `stringReceived` queues its data behind the chunk being parsed, and it
 * is parsed once that callback has returned; Twisted parses it at once,
 * inside the callback. The strings come in the same order either way. A
 * `stringReceived` that throws keeps the strings after it for the next
 * call, as Twisted's buffer does.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { followCallback, Protocol } from "./protocol.ts";
import type { ITransport } from "../reactor/io_interfaces.ts";
import { requireMaxLength, toBytes } from "./_bytes.ts";
import { GrowableBuffer } from "./_buffer.ts";
import { ChunkQueue } from "./_chunk_queue.ts";

const COLON = 0x3a;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;
const encoder = new TextEncoder();

/**
 * The input is not a valid netstring (Twisted's `NetstringParseError`,
 * a `ValueError` there). `NetstringReceiver` handles it by closing the
 * connection; it is exported so code can recognise it.
 *
 * @example
 * ```ts
 * import { NetstringParseError } from "@twisted-ts/core/net";
 * const e = new NetstringParseError("The received netstring is not terminated by a comma.");
 * if (e.name !== "NetstringParseError") throw new Error();
 * ```
 */
export class NetstringParseError extends Error {
  /** The error's name. */
  override readonly name: string = "NetstringParseError";
}

/**
 * Twisted's `_maxLengthSize`: `ceil(log10(MAX_LENGTH)) + 1` digits, exact
 * for integers (a floating-point `log10` can miss a power of ten).
 */
function maxLengthSize(max: number): number {
  if (max < 1) return 1;
  if (Number.isInteger(max)) return max === 1 ? 1 : String(max - 1).length + 1;
  return Math.ceil(Math.log10(max)) + 1;
}

const tooLong = (max: number) =>
  `The received netstring is longer than the maximum ${max} specified by self.MAX_LENGTH`;

/**
 * Receives and sends netstrings: override `stringReceived(string)`, send
 * with `sendString(string)`. Malformed input closes the connection and
 * sets `brokenPeer` (see the module doc for the exact rules).
 *
 * @example
 * ```ts
 * import { decode, NetstringReceiver, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const got: string[] = [];
 * class N extends NetstringReceiver {
 *   override stringReceived(s: Uint8Array) {
 *     got.push(decode(s));
 *     this.sendString("ok");
 *   }
 * }
 * const p = new N();
 * const t = new StringTransport();
 * p.makeConnection(t);
 * p.dataReceived(new TextEncoder().encode("5:hello,0:,"));
 * assert.deepEqual(got, ["hello", ""]);
 * assert.equal(t.value(), "2:ok,2:ok,");
 * ```
 */
export class NetstringReceiver extends Protocol {
  /** The longest payload accepted, in bytes. */
  MAX_LENGTH = 99999;
  /** Whether the peer sent something that is not a netstring. */
  brokenPeer = false;

  /** the digits of the length read so far (parsing the length) */
  #digits = "";
  /** parsing the payload, and how many bytes (with the comma) it still needs */
  #inPayload = false;
  #need = 0;
  #payload = new GrowableBuffer();
  /** a parse error happened, and how many bytes Twisted would still hold */
  #broken = false;
  #brokenRemaining = 0;
  /** input not parsed yet (a call from inside `stringReceived` queues) */
  #input = new ChunkQueue();
  readonly #step = (chunk: Uint8Array) => (this.#parse(chunk), true);

  /**
   * Attaches the transport and resets the parser (as Twisted's).
   *
   * @example
   * ```ts
   * import { NetstringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new NetstringReceiver();
   * p.makeConnection(new StringTransport());
   * if (p.brokenPeer) throw new Error();
   * ```
   */
  override makeConnection(transport: ITransport): void {
    this.#digits = "";
    this.#inPayload = false;
    this.#need = 0;
    this.#payload.clear();
    this.#broken = false;
    this.#brokenRemaining = 0;
    this.#input.chunks = [];
    this.brokenPeer = false;
    super.makeConnection(transport);
  }

  /**
   * Parses `data`, calling `stringReceived` for each complete netstring.
   *
   * @example
   * ```ts
   * import { NetstringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * const p = new NetstringReceiver();
   * p.makeConnection(t);
   * p.dataReceived(new TextEncoder().encode("x:"));
   * if (!p.brokenPeer || !t.disconnecting) throw new Error();
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
    this.#input.feed(data, this.#step);
  }

  /** Parses one chunk (see {@linkcode NetstringReceiver.dataReceived}). */
  #parse(data: Uint8Array): void {
    if (this.#broken) {
      // Twisted keeps the input it failed on and fails on it again
      this.#brokenRemaining += data.length;
      if (this.#brokenRemaining > 0) this.#handleParseError();
      return;
    }
    let pos = 0;
    const n = data.length;
    while (pos < n) {
      if (!this.#inPayload) {
        // the length: digits, then ':'
        const prior = this.#digits;
        let digits = prior;
        let end = pos;
        while (end < n && digits !== "0") {
          const b = data[end]!;
          if (b < ZERO || b > NINE) break;
          digits += String.fromCharCode(b);
          end++;
        }
        const kept = prior.length + (n - pos);
        if (end === n) {
          // digits only, so far: Twisted checks them as a partial length
          this.#digits = digits;
          if (digits !== "" && this.#lengthError(digits) !== undefined) {
            this.#fail(kept);
          }
          return;
        }
        if (data[end] !== COLON || digits === "") {
          this.#fail(kept);
          return;
        }
        const error = this.#lengthError(digits);
        if (error !== undefined) {
          this.#fail(kept);
          return;
        }
        this.#digits = "";
        this.#inPayload = true;
        this.#need = Number(digits) + 1;
        pos = end + 1;
        continue;
      }
      // the payload and its comma
      const need = this.#need;
      const payload = this.#payload;
      if (n - pos < need) {
        payload.append(data.subarray(pos));
        this.#need = need - (n - pos);
        return;
      }
      const end = pos + need;
      let string: Uint8Array;
      let last: number;
      if (payload.length === 0) {
        string = data.subarray(pos, end - 1);
        last = data[end - 1]!;
      } else {
        payload.append(data.subarray(pos, end));
        const whole = payload.take();
        string = whole.subarray(0, whole.length - 1);
        last = whole[whole.length - 1]!;
      }
      pos = end;
      this.#need = 0;
      if (last !== COMMA) {
        // Twisted stays in the payload state, holding what follows
        this.#fail(n - pos);
        return;
      }
      this.#inPayload = false;
      try {
        const returned = this.stringReceived(string);
        if (returned !== undefined) {
          followCallback(this, returned, "stringReceived");
        }
      } catch (e) {
        // the strings after it stay, for the next call (as in Twisted)
        if (pos < n) this.#input.chunks.unshift(data.subarray(pos));
        throw e;
      }
    }
  }

  /** Why `digits` is not an acceptable length (Twisted's `_extractLength`). */
  #lengthError(digits: string): string | undefined {
    const max = requireMaxLength(this.constructor.name, this.MAX_LENGTH);
    if (digits.length > maxLengthSize(max) || Number(digits) > max) {
      return tooLong(max);
    }
    return undefined;
  }

  /** Twisted's `_handleParseError`. */
  #handleParseError(): void {
    this.transport.loseConnection();
    this.brokenPeer = true;
  }

  /** A parse error: Twisted would still hold `kept` bytes. */
  #fail(kept: number): void {
    this.#broken = true;
    this.#brokenRemaining = kept;
    this.#handleParseError();
  }

  /**
   * Called with each payload received. Override it (the default throws,
   * as Twisted's raises `NotImplementedError`).
   *
   * @example
   * ```ts
   * import { NetstringReceiver, StringTransport } from "@twisted-ts/core/net";
   * let n = 0;
   * class N extends NetstringReceiver {
   *   override stringReceived(s: Uint8Array) { n += s.length; }
   * }
   * const p = new N();
   * p.makeConnection(new StringTransport());
   * p.dataReceived(new TextEncoder().encode("3:abc,"));
   * if (n !== 3) throw new Error();
   * ```
   */
  stringReceived(_string: Uint8Array): void {
    throw new Error(
      `${this.constructor.name}.stringReceived is not implemented: override it`,
    );
  }

  /**
   * Writes `string` (bytes, or a string UTF-8 encoded) as a netstring.
   *
   * @example
   * ```ts
   * import { NetstringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new NetstringReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.sendString("abc");
   * if (t.value() !== "3:abc,") throw new Error();
   * ```
   */
  sendString(string: Uint8Array | string): void {
    const bytes = toBytes(
      `${this.constructor.name}.sendString: string`,
      string,
    );
    const head = encoder.encode(`${bytes.length}:`);
    const out = new Uint8Array(head.length + bytes.length + 1);
    out.set(head);
    out.set(bytes, head.length);
    out[out.length - 1] = COMMA;
    this.transport.write(out);
  }
}
