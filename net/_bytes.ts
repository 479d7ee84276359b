/**
 * Byte helpers shared inside `net/`: checking what a `write` was given,
 * encoding strings, and the "binary string" view tests compare against.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";

const encoder = new TextEncoder();

/**
 * `data` as bytes: a `Uint8Array` as is, a string UTF-8 encoded; anything
 * else is a `TypeError` naming `what` and the value.
 */
export function toBytes(what: string, data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string") return encoder.encode(data);
  throw new TypeError(
    `${what} must be a Uint8Array or a string, got ${describeValue(data)}`,
  );
}

/** Latin-1 view of bytes: one character per byte (Python's `b"..."`). */
export function binaryString(bytes: Uint8Array): string {
  let out = "";
  const CHUNK = 0x2000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(
      null,
      bytes.subarray(i, i + CHUNK) as unknown as number[],
    );
  }
  return out;
}

/** Joins byte chunks into one array. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!.slice();
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Checks `MAX_LENGTH` where it is used (it is a plain field). */
export function requireMaxLength(owner: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0)) {
    throw new (typeof value === "number" ? RangeError : TypeError)(
      `${owner}.MAX_LENGTH must be a number >= 0, got ${describeValue(value)}`,
    );
  }
  return value;
}
