/**
 * `decode` and `encode`: UTF-8 between bytes (what protocols receive) and
 * text, as Python's `bytes.decode()` and `str.encode()`.
 *
 * `decode` is tuned for the short lines protocols hand out: pure ASCII up
 * to 64 bytes is built with `String.fromCharCode` (no call into the
 * host's decoder, which costs more than the work on short input);
 * anything else goes to one shared `TextDecoder`.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/**
 * Bytes as text, UTF-8 (invalid sequences become U+FFFD): Python's
 * `line.decode()`.
 *
 * @example
 * ```ts
 * import { decode } from "@twisted-ts/core/net";
 * if (decode(new Uint8Array([104, 195, 169])) !== "hé") throw new Error();
 * ```
 */
export function decode(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `decode: bytes must be a Uint8Array, got ${describeValue(bytes)}`,
    );
  }
  const n = bytes.length;
  if (n <= 64) {
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (bytes[i]! > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
  }
  return textDecoder.decode(bytes);
}

/**
 * Text as UTF-8 bytes: Python's `text.encode()`.
 *
 * @example
 * ```ts
 * import { encode } from "@twisted-ts/core/net";
 * if (encode("hé").join() !== "104,195,169") throw new Error();
 * ```
 */
export function encode(text: string): Uint8Array {
  if (typeof text !== "string") {
    throw new TypeError(
      `encode: text must be a string, got ${describeValue(text)}`,
    );
  }
  return textEncoder.encode(text);
}
