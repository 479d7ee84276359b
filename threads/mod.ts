/**
 * Twisted's thread machinery on Web Workers: `ThreadPool`, `deferToThread`,
 * the `_threads` team (`Team`, `LockWorker`, memory workers) and `context`.
 *
 * The `_threads` layer is pure and deterministic: a {@linkcode Team} hands
 * tasks to workers through an exclusive coordinator, and
 * {@linkcode createMemoryWorker} lets a test step every worker by hand.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LockWorker, Team } from "@twisted-ts/core/threads";
 * const seen: string[] = [];
 * const team = new Team(new LockWorker(), () => new LockWorker(), (f) => {
 *   seen.push(f.getErrorMessage());
 * });
 * team.do(() => seen.push("ran"));
 * team.do(() => { throw new Error("boom"); });
 * assert.deepEqual(seen, ["ran", "boom"]);
 * team.quit();
 * ```
 *
 * @module
 */
export { AlreadyQuit } from "./errors.ts";
export type { IWorker, Work } from "./interfaces.ts";
export { Team } from "./team.ts";
export type { Statistics } from "./team.ts";
export { LockWorker } from "./lock_worker.ts";
export { createMemoryWorker } from "./memory_worker.ts";
export { context } from "./context.ts";
export type { ContextDict } from "./context.ts";
export { ThreadTask, threadTask } from "./thread_task.ts";
export type {
  TaskFunction,
  ThreadTaskOptions,
  UntypedTask,
} from "./thread_task.ts";
export { ThreadPool } from "./thread_pool.ts";
export type { ThreadPoolOptions } from "./thread_pool.ts";
export type { PoolMetrics, TaskTrace } from "./pool_metrics.ts";
export { setWorkerEntry, ThreadWorker } from "./thread_worker.ts";
export { pool } from "./lane_pool.ts";
export type { ThreadWorkerOptions } from "./thread_worker.ts";
export {
  deferToThread,
  deferToThreadPool,
  reactorThreadPool,
} from "./defer_to_thread.ts";
export type { TaskResult } from "./defer_to_thread.ts";
export { blockingCallFromThread } from "./blocking_call_from_thread.ts";
export { type CurrentThread, currentThread } from "./current_thread.ts";
export { taskSignal } from "./task_signal.ts";
export { transfer } from "./transfer.ts";
export {
  ModuleNotAllowed,
  QueueFull,
  WorkerCallRefused,
  WorkerDied,
} from "./errors.ts";
export type { CallFromThread, OnResult } from "./interfaces.ts";
export type { ThreadPermissions } from "./_transport/host_worker.ts";
export type { LatencySummary } from "../_util/latency_histogram.ts";
