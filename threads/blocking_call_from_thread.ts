/**
 * `blockingCallFromThread`: from a pool thread, run a function on the
 * reactor thread and wait for its result.
 *
 * @module
 */
import { isFailure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import type { Deferred } from "../defer/deferred.ts";
import { describeValue } from "../_util/describe.ts";
import { current } from "./_current.ts";
import { loadTask } from "./_transport/load_task.ts";
import { type TaskFunction, ThreadTask } from "./thread_task.ts";

/**
 * Runs `fn(...args)` on the reactor thread, waits for its result — the
 * result of the Deferred or promise it returns, if it returns one — and
 * returns it; if `fn` throws or its Deferred fails, throws that error.
 * Twisted's `blockingCallFromThread`.
 *
 * Inside a pool's Web Worker, `fn` must be something the reactor thread
 * can run: a function the task received as an argument (a function proxy)
 * or a {@linkcode ThreadTask}. The worker posts the call and blocks in
 * `Atomics.wait` until the answer is written into shared memory, so the
 * answer must be encodable: primitives, plain objects, arrays, `Date`,
 * `RegExp`, `Map`, `Set`, buffers and typed arrays, errors (not functions
 * or class identity). The call runs through the `callFromThread` of the
 * reactor the task was submitted with; `reactor` is accepted for Twisted's
 * signature and not otherwise used there.
 *
 * On the reactor thread itself (an in-process task), waiting would
 * deadlock, so `fn` runs at once and its result is returned if it is
 * already available; otherwise an `Error` says so.
 *
 * @example On the reactor thread, with a result that is ready
 * ```ts
 * import assert from "node:assert/strict";
 * import { blockingCallFromThread } from "@twisted-ts/core/threads";
 * import { succeed } from "@twisted-ts/core/defer";
 * const n = blockingCallFromThread(null, (x: number) => succeed(x * 2), 21);
 * assert.equal(n, 42);
 * ```
 */
export function blockingCallFromThread<A extends unknown[], R>(
  reactor: unknown,
  fn: (...args: A) => R | PromiseLike<R> | Deferred<R>,
  ...args: A
): R;
/**
 * A thread task: runs its function on the reactor thread; its arguments
 * and result are typed by the task's signature (`threadTask<typeof fn>`).
 */
export function blockingCallFromThread<F extends TaskFunction>(
  reactor: unknown,
  fn: ThreadTask<F>,
  ...args: Parameters<F>
): Awaited<ReturnType<F>>;
export function blockingCallFromThread(
  _reactor: unknown,
  fn: unknown,
  ...args: unknown[]
): unknown {
  if (typeof fn !== "function" && !(fn instanceof ThreadTask)) {
    throw new TypeError(
      `blockingCallFromThread: fn must be a function or a ThreadTask, got ${
        describeValue(fn)
      }`,
    );
  }
  const worker = current.worker;
  if (worker !== null) return worker.blockingCall(fn, args);
  let target: (...a: unknown[]) => unknown;
  if (fn instanceof ThreadTask) {
    const loaded = loadTask(fn.moduleUrl, fn.exportName, fn.key);
    if (typeof loaded !== "function") {
      loaded.catch(() => {});
      throw new Error(
        `blockingCallFromThread: on the reactor thread, task ${fn.key}'s module is not loaded yet; waiting would deadlock`,
      );
    }
    target = loaded;
  } else {
    target = (current.proxyTargets.get(fn as object) ?? fn) as (
      ...a: unknown[]
    ) => unknown;
  }
  let outcome: { value: unknown } | undefined;
  maybeDeferred(target, ...args).addBoth((result: unknown) => {
    if (outcome === undefined) outcome = { value: result };
    else if (isFailure(result)) {
      log.err(result, "blockingCallFromThread: late failure:");
    }
  });
  if (outcome === undefined) {
    outcome = { value: undefined }; // late results are logged if failures
    throw new Error(
      "blockingCallFromThread: called on the reactor thread and fn's result is not ready; waiting for it would deadlock (call it from a pool thread)",
    );
  }
  if (isFailure(outcome.value)) throw outcome.value.value;
  return outcome.value;
}
