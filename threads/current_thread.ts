/**
 * `currentThread()`: which thread the calling code runs in, as Python's
 * `threading.current_thread()` tells a Twisted program.
 *
 * @module
 */

/**
 * The thread the calling code runs in (see {@linkcode currentThread}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentThread, type CurrentThread } from "@twisted-ts/core/threads";
 * const here: CurrentThread = currentThread();
 * assert.equal(typeof here.name, "string");
 * ```
 */
export interface CurrentThread {
  /**
   * The thread's name: `"MainThread"` for the main thread, Twisted's
   * `PoolThread-<pool>-<n>` in a `ThreadPool`'s Web Worker.
   */
  readonly name: string;
}

/**
 * The thread the calling code runs in, like Python's
 * `threading.current_thread()`: on the main thread its name is
 * `"MainThread"`; inside a `ThreadPool`'s Web Worker it is the worker's name,
 * which Twisted's scheme gives it: `PoolThread-<pool name>-<n>` (the
 * reactor's pool is named `twisted.internet.reactor`). A task run in-process
 * (where there is no `Worker`) is on the main thread.
 *
 * The name is the realm's own (`globalThis.name`, which a Web Worker gets
 * from its `name` option), so a Worker started by other code reports the
 * name it was given, or `"MainThread"` if it has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentThread } from "@twisted-ts/core/threads";
 * assert.equal(currentThread().name, "MainThread");
 * ```
 */
export function currentThread(): CurrentThread {
  const name = (globalThis as { name?: unknown }).name;
  return {
    name: typeof name === "string" && name !== "" ? name : "MainThread",
  };
}
