/**
 * `taskSignal`: how a running task learns that its Deferred was cancelled.
 *
 * @module
 */
import { current } from "./_current.ts";

const never = new AbortController().signal;

/**
 * Inside a task run by a thread pool (in a Web Worker or in-process), the
 * `AbortSignal` that aborts — with a `CancelledError` as its reason — when
 * the task's Deferred is cancelled. Call it during the task's synchronous
 * part (before its first `await`) and keep it. Outside a task it returns a
 * signal that never aborts, so a task function can be called directly.
 *
 * Cancelling never terminates a worker: a task that ignores its signal runs
 * to the end, and its result is dropped.
 *
 * @example
 * ```ts
 * import { taskSignal } from "@twisted-ts/core/threads";
 * // in a task module:
 * export async function slowSum(n: number): Promise<number> {
 *   const signal = taskSignal();
 *   let sum = 0;
 *   for (let i = 0; i < n; i++) {
 *     if (i % 1000 === 0) await Promise.resolve();
 *     signal.throwIfAborted();
 *     sum += i;
 *   }
 *   return sum;
 * }
 * if (await slowSum(3) !== 3) throw new Error("unexpected");
 * ```
 */
export function taskSignal(): AbortSignal {
  return current.task?.signal() ?? never;
}
