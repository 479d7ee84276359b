/**
 * Twisted's `twisted.internet.defer`: the {@linkcode Deferred} callback
 * chain, {@linkcode Failure}, combinators, coroutines, concurrency
 * primitives, and {@linkcode log}, where every swallowed error goes.
 *
 * Pure ECMAScript: no timers, no host globals. Time enters only through the
 * clock passed to `addTimeout`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred } from "@twisted-ts/core/defer";
 * const d = new Deferred<number>();
 * d.addCallback((n) => n + 1);
 * d.callback(1);
 * assert.equal(await d, 2);
 * ```
 *
 * @module
 */
export { Deferred } from "./deferred.ts";
export type {
  CallbacksOptions,
  ChainValue,
  FireCallback,
  TimeoutClock,
} from "./deferred.ts";
export { Failure } from "./failure.ts";
export type { ErrorClass } from "./failure.ts";
export {
  AlreadyCalledError,
  CancelledError,
  FailureGroup,
  FirstError,
  NotACoroutineError,
  QueueOverflow,
  QueueUnderflow,
  TimeoutError,
} from "./errors.ts";
export { defaultObserver, log } from "./log.ts";
export type { LogEvent, LogObserver } from "./log.ts";
export { getDebugging, setDebugging } from "./debug.ts";
export { fail, maybeDeferred, succeed } from "./succeed.ts";
export { DeferredList, gatherResults, race } from "./deferred_list.ts";
export type {
  DeferredListEntries,
  DeferredListEntry,
  DeferredListFirstResult,
  DeferredListOptions,
  DeferredListResult,
  Deferreds,
  RaceResult,
} from "./deferred_list.ts";
export { ensureDeferred, inlineCallbacks, wait } from "./inline_callbacks.ts";
export type { InlineGenerator } from "./inline_callbacks.ts";
export { DeferredLock } from "./deferred_lock.ts";
export { DeferredSemaphore } from "./deferred_semaphore.ts";
export { DeferredQueue } from "./deferred_queue.ts";
export { cancelOnAbort, fromAbortable } from "./abort.ts";
