/**
 * Length-prefixed messages: `IntNStringReceiver` and its
 * `Int8StringReceiver`, `Int16StringReceiver`, `Int32StringReceiver` —
 * Twisted's `twisted.protocols.basic` classes of those names. A message is
 * an unsigned big-endian length of `prefixLength` bytes, then that many
 * bytes.
 *
 * How it parses: in place, like `LineReceiver`. A message inside one
 * chunk is handed to `stringReceived` as a `Uint8Array` view of it; a
 * message spread over chunks is gathered in a growable buffer (O(n) for n
 * bytes) and handed out as a fresh copy. Pausing (`pauseProducing`) stops
 * delivery of the messages already buffered, as in Twisted.
 *
 * Differences from Twisted 22.4, both about its buffer bookkeeping:
 * - after `lengthLimitExceeded`, the offending prefix and what follows
 *   stay buffered, so more data (or `resumeProducing`) reports the limit
 *   again; Twisted also keeps the messages it already delivered in that
 *   buffer and delivers them a second time;
 * - `dataReceived` called from inside `stringReceived` (directly or via
 *   `resumeProducing`) queues its data after the current buffer; Twisted
 *   re-parses its buffer from the start there, delivering messages twice.
 * The deprecated `recvd` attribute is not provided.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { IPushProducer } from "../reactor/io_interfaces.ts";
import { followCallback, Protocol } from "./protocol.ts";
import { requireMaxLength, toBytes } from "./_bytes.ts";
import { GrowableBuffer } from "./_buffer.ts";
import { ChunkQueue } from "./_chunk_queue.ts";

const EMPTY = new Uint8Array(0);

/**
 * A message too long for the length prefix was given to `sendString`
 * (Twisted's `StringTooLongError`, an `AssertionError` there).
 *
 * @example
 * ```ts
 * import { Int8StringReceiver, StringTooLongError, StringTransport } from "@twisted-ts/core/net";
 * const p = new Int8StringReceiver();
 * p.makeConnection(new StringTransport());
 * try {
 *   p.sendString(new Uint8Array(256));
 *   throw new Error("not refused");
 * } catch (e) {
 *   if (!(e instanceof StringTooLongError)) throw e;
 * }
 * ```
 */
export class StringTooLongError extends RangeError {
  /** The error's name. */
  override readonly name: string = "StringTooLongError";
}

/** Reads the big-endian unsigned prefix of `size` bytes at `at`. */
function readPrefix(bytes: Uint8Array, at: number, size: number): number {
  switch (size) {
    case 1:
      return bytes[at]!;
    case 2:
      return (bytes[at]! << 8) | bytes[at + 1]!;
    case 4:
      return ((bytes[at]! << 24) >>> 0) +
        ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + bytes[at + i]!;
  return n;
}

/**
 * Receives and sends messages each prefixed by its length
 * (`prefixLength` bytes, big-endian): override `stringReceived(string)`,
 * send with `sendString(string)`. A length over `MAX_LENGTH` (99999) calls
 * `lengthLimitExceeded(length)`, which closes the connection. Use
 * `Int8StringReceiver`, `Int16StringReceiver` or `Int32StringReceiver`,
 * or set `prefixLength` in a subclass.
 *
 * @example
 * ```ts
 * import { decode, Int16StringReceiver, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const got: string[] = [];
 * class P extends Int16StringReceiver {
 *   override stringReceived(s: Uint8Array) { got.push(decode(s)); }
 * }
 * const p = new P();
 * p.makeConnection(new StringTransport());
 * p.dataReceived(new Uint8Array([0, 2, 104, 105, 0, 0]));
 * assert.deepEqual(got, ["hi", ""]);
 * ```
 */
export class IntNStringReceiver extends Protocol implements IPushProducer {
  /** The largest message length accepted. */
  MAX_LENGTH = 99999;
  /** How many bytes the length prefix has (1, 2 or 4 in the subclasses). */
  prefixLength = 4;
  /** Whether delivery is paused (`pauseProducing`). */
  paused = false;

  /** an incomplete message (its prefix, then its bytes so far) */
  #partial = new GrowableBuffer();
  /** input not parsed yet: arrived while paused or busy, or after the limit */
  #input = new ChunkQueue();
  readonly #step = (chunk: Uint8Array) => this.#parse(chunk);

  /**
   * Parses `data`, calling `stringReceived` per complete message.
   *
   * @example
   * ```ts
   * import { Int8StringReceiver } from "@twisted-ts/core/net";
   * const sizes: number[] = [];
   * class P extends Int8StringReceiver {
   *   override stringReceived(s: Uint8Array) { sizes.push(s.length); }
   * }
   * const p = new P();
   * p.dataReceived(new Uint8Array([3, 1, 2]));
   * p.dataReceived(new Uint8Array([3]));
   * if (sizes.join() !== "3") throw new Error();
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

  /** Parses one chunk; false when delivery stops (the rest is queued). */
  #parse(chunk: Uint8Array): boolean {
    const name = this.constructor.name;
    const size = this.prefixLength;
    if (!Number.isInteger(size) || size < 1 || size > 6) {
      throw new RangeError(
        `${name}.prefixLength must be an integer from 1 to 6, got ${
          describeValue(size)
        }`,
      );
    }
    const partial = this.#partial;
    let pos = 0;
    const n = chunk.length;
    try {
      for (;;) {
        if (this.paused) {
          if (pos < n) this.#input.chunks.unshift(chunk.subarray(pos));
          return false;
        }
        const max = requireMaxLength(name, this.MAX_LENGTH);
        if (partial.length > 0) {
          // a message begun in an earlier chunk
          if (partial.length < size) {
            const take = Math.min(size - partial.length, n - pos);
            partial.append(chunk.subarray(pos, pos + take));
            pos += take;
            if (partial.length < size) return true;
          }
          const length = readPrefix(partial.view(), 0, size);
          if (length > max) {
            this.#limit(length, chunk.subarray(pos), true);
            return false;
          }
          const missing = size + length - partial.length;
          if (n - pos < missing) {
            partial.append(chunk.subarray(pos));
            return true;
          }
          partial.append(chunk.subarray(pos, pos + missing));
          pos += missing;
          const whole = partial.take();
          const returned = this.stringReceived(whole.subarray(size));
          if (returned !== undefined) {
            followCallback(this, returned, "stringReceived");
          }
          continue;
        }
        if (n - pos < size) {
          if (pos < n) partial.append(chunk.subarray(pos));
          return true;
        }
        const length = readPrefix(chunk, pos, size);
        if (length > max) {
          this.#limit(length, chunk.subarray(pos), false);
          return false;
        }
        const end = pos + size + length;
        if (end > n) {
          partial.append(chunk.subarray(pos));
          return true;
        }
        const string = chunk.subarray(pos + size, end);
        pos = end;
        const returned = this.stringReceived(string);
        if (returned !== undefined) {
          followCallback(this, returned, "stringReceived");
        }
      }
    } catch (e) {
      if (pos < n) this.#input.chunks.unshift(chunk.subarray(pos));
      throw e;
    }
  }

  /**
   * The limit was exceeded: keep the offending message and what follows
   * buffered (as Twisted does), then tell `lengthLimitExceeded`.
   */
  #limit(length: number, rest: Uint8Array, inPartial: boolean): void {
    const parts: Uint8Array[] = [];
    if (inPartial) parts.push(this.#partial.take());
    if (rest.length > 0) parts.push(rest);
    this.#input.chunks.unshift(...parts);
    const returned = this.lengthLimitExceeded(length);
    if (returned !== undefined) {
      followCallback(this, returned, "lengthLimitExceeded");
    }
  }

  /**
   * Called with each message received. Override it (the default throws,
   * as Twisted's raises `NotImplementedError`).
   *
   * @example
   * ```ts
   * import { Int32StringReceiver } from "@twisted-ts/core/net";
   * let got = 0;
   * class P extends Int32StringReceiver {
   *   override stringReceived(s: Uint8Array) { got = s.length; }
   * }
   * new P().dataReceived(new Uint8Array([0, 0, 0, 1, 42]));
   * if (got !== 1) throw new Error();
   * ```
   */
  stringReceived(_string: Uint8Array): void {
    throw new Error(
      `${this.constructor.name}.stringReceived is not implemented: override it`,
    );
  }

  /**
   * Called when a length prefix is over `MAX_LENGTH`; closes the
   * connection by default.
   *
   * @example
   * ```ts
   * import { Int8StringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new Int8StringReceiver();
   * p.MAX_LENGTH = 2;
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.dataReceived(new Uint8Array([3, 1, 2, 3]));
   * if (!t.disconnecting) throw new Error();
   * ```
   */
  lengthLimitExceeded(_length: number): void {
    this.transport.loseConnection();
  }

  /**
   * Writes `string` (bytes, or a string UTF-8 encoded) after its length.
   * A `StringTooLongError` if the length does not fit the prefix.
   *
   * @example
   * ```ts
   * import { Int8StringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new Int8StringReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.sendString("hi");
   * if (t.value() !== "\x02hi") throw new Error();
   * ```
   */
  sendString(string: Uint8Array | string): void {
    const name = this.constructor.name;
    const bytes = toBytes(`${name}.sendString: string`, string);
    const size = this.prefixLength;
    const limit = 2 ** (8 * size);
    if (bytes.length >= limit) {
      throw new StringTooLongError(
        `${name}.sendString: Try to send ${bytes.length} bytes whereas maximum is ${limit}`,
      );
    }
    const out = new Uint8Array(size + bytes.length);
    let n = bytes.length;
    for (let i = size - 1; i >= 0; i--) {
      out[i] = n % 256;
      n = Math.floor(n / 256);
    }
    out.set(bytes, size);
    this.transport.write(out);
  }

  /**
   * Pauses: the transport stops reading and buffered messages wait.
   *
   * @example
   * ```ts
   * import { Int8StringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const got: number[] = [];
   * class P extends Int8StringReceiver {
   *   override stringReceived(s: Uint8Array) {
   *     got.push(s[0]!);
   *     this.pauseProducing();
   *   }
   * }
   * const p = new P();
   * p.makeConnection(new StringTransport());
   * p.dataReceived(new Uint8Array([1, 7, 1, 8]));
   * if (got.join() !== "7") throw new Error();
   * p.resumeProducing();
   * if (got.join() !== "7,8") throw new Error();
   * ```
   */
  pauseProducing(): void {
    this.paused = true;
    this.transport.pauseProducing();
  }

  /**
   * Resumes: the transport reads again and buffered messages are
   * delivered now.
   *
   * @example
   * ```ts
   * import { Int8StringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new Int8StringReceiver();
   * p.makeConnection(new StringTransport());
   * p.pauseProducing();
   * p.resumeProducing();
   * if (p.paused) throw new Error();
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
   * import { Int8StringReceiver, StringTransport } from "@twisted-ts/core/net";
   * const p = new Int8StringReceiver();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * p.stopProducing();
   * if (t.producerState !== "stopped") throw new Error();
   * ```
   */
  stopProducing(): void {
    this.paused = true;
    this.transport.stopProducing();
  }
}

/**
 * Messages prefixed by a 1-byte length (Twisted's `Int8StringReceiver`).
 *
 * @example
 * ```ts
 * import { Int8StringReceiver } from "@twisted-ts/core/net";
 * if (new Int8StringReceiver().prefixLength !== 1) throw new Error();
 * ```
 */
export class Int8StringReceiver extends IntNStringReceiver {
  /** One byte. */
  override prefixLength = 1;
}

/**
 * Messages prefixed by a 2-byte big-endian length (Twisted's
 * `Int16StringReceiver`).
 *
 * @example
 * ```ts
 * import { Int16StringReceiver } from "@twisted-ts/core/net";
 * if (new Int16StringReceiver().prefixLength !== 2) throw new Error();
 * ```
 */
export class Int16StringReceiver extends IntNStringReceiver {
  /** Two bytes. */
  override prefixLength = 2;
}

/**
 * Messages prefixed by a 4-byte big-endian length (Twisted's
 * `Int32StringReceiver`).
 *
 * @example
 * ```ts
 * import { Int32StringReceiver } from "@twisted-ts/core/net";
 * if (new Int32StringReceiver().prefixLength !== 4) throw new Error();
 * ```
 */
export class Int32StringReceiver extends IntNStringReceiver {
  /** Four bytes. */
  override prefixLength = 4;
}
