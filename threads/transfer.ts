/**
 * `transfer`: mark a task argument or result so its buffers move to the
 * other side instead of being copied.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";

const marks = new WeakMap<object, Transferable[]>();

/**
 * Returns `value` itself, remembering that when it is passed as a task
 * argument (or returned by a task) the `transferables` (e.g. its
 * `ArrayBuffer`s) are *transferred* rather than copied: fast for large
 * buffers, and the sender's copy becomes detached (length 0) once the
 * message carrying it is posted — at the latest by the end of the current
 * turn. Only an object can be marked; the mark applies to a top-level
 * argument, a function proxy's argument, or the returned value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { transfer } from "@twisted-ts/core/threads";
 * const pixels = new Uint8Array(1024);
 * const arg = transfer(pixels, [pixels.buffer]);
 * assert.equal(arg, pixels);
 * ```
 */
export function transfer<T extends object>(
  value: T,
  transferables: Transferable[],
): T {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(
      `transfer: value must be an object, got ${describeValue(value)}`,
    );
  }
  if (!Array.isArray(transferables)) {
    throw new TypeError(
      `transfer: transferables must be an array, got ${
        describeValue(transferables)
      }`,
    );
  }
  marks.set(value, transferables);
  return value;
}

/** The transferables `value` was marked with, if any. */
export function transferablesOf(value: unknown): Transferable[] | undefined {
  return typeof value === "object" && value !== null
    ? marks.get(value)
    : undefined;
}
