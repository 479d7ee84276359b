/**
 * `AnyFn`: a function of any signature, for the places that store callbacks
 * of different signatures side by side (a Deferred's chain, the reactor's
 * queues) and call them with the arguments they were given.
 *
 * @module
 */

/**
 * Any function: its arguments and result are the caller's business.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { AnyFn } from "./any_fn.ts";
 * const calls: [AnyFn, unknown[]][] = [[(a: number) => a + 1, [1]]];
 * assert.equal(calls[0]![0](...calls[0]![1]), 2);
 * ```
 */
// deno-lint-ignore no-explicit-any -- the point of the type: callbacks of any signature side by side
export type AnyFn = (...args: any[]) => unknown;
