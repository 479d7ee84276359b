/**
 * `taskSignal`: how a running task learns that its Deferred was cancelled.
 *
 * @module
 */
import { current } from "./_current.ts";

const never = new AbortController().signal;

/**
 * Inside a task run by a thread pool (in a worker or in-process), the
 * `AbortSignal` that aborts — with a `CancelledError` as its reason — when
 * the task's Deferred is cancelled (or its timeout runs out). Call it
 * during the task's synchronous part (before its first `await`) and keep
 * it. Outside a task it returns a signal that never aborts, so a task
 * function can be called directly.
 *
 * The cancel reaches a worker as a message, and a worker reads messages
 * only between tasks of its event loop: a task that wants to notice it
 * must yield to the event loop now and then — a timer does
 * (`await new Promise((r) => setTimeout(r, 0))`), a resolved promise
 * (`await Promise.resolve()`) does not, since a microtask runs before any
 * message. A task that does not stop within the pool's `cancelGrace` has
 * its worker terminated and replaced.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskSignal } from "@twisted-ts/core/threads";
 * // in a task module:
 * export async function slowSum(n: number): Promise<number> {
 *   const signal = taskSignal();
 *   let sum = 0;
 *   for (let i = 0; i < n; i++) {
 *     if (i % 100_000 === 0) {
 *       // yield to the event loop: lets the cancel message in
 *       await new Promise((r) => setTimeout(r, 0));
 *       signal.throwIfAborted();
 *     }
 *     sum += i;
 *   }
 *   return sum;
 * }
 * assert.equal(await slowSum(3), 3);
 * ```
 */
export function taskSignal(): AbortSignal {
  return current.task?.signal() ?? never;
}
