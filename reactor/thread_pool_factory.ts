/**
 * The hook between the reactor and a thread pool. `reactor/` may not
 * import `threads/`, so the reactor only knows the small interface below,
 * and the threads layer registers a factory for it when it is imported.
 *
 * Contract, for the implementer of the threads layer:
 *
 * 1. On import, `threads/` (its `mod.ts`, so importing
 *    `@twisted-ts/core/threads` or `@twisted-ts/core` is enough) calls
 *    `setThreadPoolFactory((options) => new ThreadPool(...))`.
 * 2. `Reactor.getThreadPool()` calls the factory once per reactor, lazily,
 *    with `{ minthreads: 0, maxthreads: 10, name:
 *    "twisted.internet.reactor", reactor }` (Twisted's values).
 *    Immediately afterwards the reactor arranges `pool.start()` for when
 *    it is running (`callWhenRunning`; at once if it already is) and adds a
 *    `before`-`shutdown` trigger that calls `pool.stop()`.
 * 3. `stop()` may return a Deferred (or any promise-like); the reactor's
 *    shutdown then waits for it before its `during` phase (which ends the
 *    loop), so tasks still running can deliver their results through
 *    `callFromThread`. (Twisted's pool joins its threads in a `during`
 *    trigger; a JavaScript pool cannot block, so waiting happens in the
 *    `before` phase instead.) `stop()` also runs when `shutdown` is fired
 *    on a reactor that never ran.
 * 4. `callInThread(task, ...args)` queues work (before `start()` too: it
 *    runs once started). The reactor passes `task` and `args` through
 *    untouched, so their types are the pool's business.
 * 5. `adjustPoolsize(min, max)` resizes; `suggestThreadPoolSize(n)` calls it
 *    as `adjustPoolsize(undefined, n)` (keep the current minimum).
 *
 * Without a factory, `getThreadPool`, `callInThread` and
 * `suggestThreadPoolSize` throw an `Error` saying which module to import.
 *
 * @module
 */
import type { IReactorFromThreads } from "./interfaces.ts";

/**
 * A task for the reactor's pool, as the reactor layer sees it: the threads
 * layer's `ThreadTask` (`threadTask(moduleUrl, exportName)`) is one, and
 * its function's type checks `callInThread`'s arguments.
 *
 * @example
 * ```ts
 * import type { ReactorTask } from "@twisted-ts/core/reactor";
 * const task: ReactorTask<(a: number, b: number) => number> = {
 *   moduleUrl: "file:///srv/tasks.ts",
 *   exportName: "add",
 * };
 * if (task.exportName !== "add") throw new Error("unexpected");
 * ```
 */
export interface ReactorTask<
  F extends (...args: never[]) => unknown = (...args: never[]) => unknown,
> {
  /** The module the task's function lives in. */
  readonly moduleUrl: string;
  /** The name of its export there. */
  readonly exportName: string;
  /** The function's type, for the type checker (never set). */
  readonly signature?: F;
}

/**
 * What the reactor needs from its thread pool (Twisted's `ThreadPool`, as
 * far as `ReactorBase` uses it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type ReactorTask, type ReactorThreadPool, setThreadPoolFactory } from "@twisted-ts/core/reactor";
 * const log: string[] = [];
 * const recording: ReactorThreadPool = {
 *   start: () => log.push("start"),
 *   stop: () => { log.push("stop"); },
 *   callInThread: (task) => log.push(`task ${(task as ReactorTask).exportName}`),
 *   adjustPoolsize: (_min, max) => log.push(`max ${max}`),
 * };
 * const previous = setThreadPoolFactory(() => recording);
 * try {
 *   const r = new Reactor({ installSignalHandlers: false });
 *   r.callInThread({ moduleUrl: "file:///t.ts", exportName: "t1" });
 *   r.suggestThreadPoolSize(3);
 *   r.fireSystemEvent("shutdown"); // stops the pool
 * } finally {
 *   setThreadPoolFactory(previous);
 * }
 * assert.equal(log.join(), "task t1,max 3,stop", `${log}`);
 * ```
 */
export interface ReactorThreadPool {
  /** Starts the workers; called once the reactor is running. */
  start(): void;
  /**
   * Stops the pool after the work in flight; may return a Deferred or a
   * promise that settles when it has stopped (shutdown waits for it).
   */
  stop(): PromiseLike<unknown> | void;
  /** Queues `task(...args)` to run in a worker. */
  callInThread(task: unknown, ...args: unknown[]): void;
  /** Changes the pool's size; `undefined` keeps that bound as it is. */
  adjustPoolsize(minthreads?: number, maxthreads?: number): void;
  /**
   * Tasks waiting for a worker, if the pool says: a reactor never run
   * warns about its pool only while some wait (without it: whenever the
   * pool exists).
   */
  readonly backlog?: number;
}

/**
 * What a {@linkcode ThreadPoolFactory} is asked to build.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   Reactor,
 *   setThreadPoolFactory,
 *   type ThreadPoolFactoryOptions,
 * } from "@twisted-ts/core/reactor";
 * let asked: ThreadPoolFactoryOptions | undefined;
 * const previous = setThreadPoolFactory((options) => {
 *   asked = options;
 *   return { start() {}, stop() {}, callInThread() {}, adjustPoolsize() {} };
 * });
 * try {
 *   const r = new Reactor({ installSignalHandlers: false });
 *   r.getThreadPool();
 *   assert.equal(asked?.name, "twisted.internet.reactor");
 *   assert.equal(asked?.reactor, r);
 * } finally {
 *   setThreadPoolFactory(previous);
 * }
 * ```
 */
export interface ThreadPoolFactoryOptions {
  /** Workers kept even when idle (the reactor asks for 0). */
  minthreads: number;
  /** Most workers at once (the reactor asks for 10). */
  maxthreads: number;
  /** The pool's name (`"twisted.internet.reactor"`). */
  name: string;
  /**
   * The reactor the pool serves: it delivers results with
   * `callFromThread`, all it may assume of the reactor.
   */
  reactor: IReactorFromThreads;
}

/**
 * Builds a reactor's thread pool; registered by the threads layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   Reactor,
 *   type ReactorTask,
 *   setThreadPoolFactory,
 *   type ThreadPoolFactory,
 * } from "@twisted-ts/core/reactor";
 * // a pool that records the tasks it is given, for a test
 * const given: string[] = [];
 * const recording: ThreadPoolFactory = () => ({
 *   start() {},
 *   stop() {},
 *   callInThread(task, ...args) {
 *     given.push(`${(task as ReactorTask).exportName}(${args})`);
 *   },
 *   adjustPoolsize() {},
 * });
 * const add: ReactorTask<(a: number, b: number) => number> = {
 *   moduleUrl: "file:///srv/tasks.ts",
 *   exportName: "add",
 * };
 * const previous = setThreadPoolFactory(recording);
 * try {
 *   new Reactor({ installSignalHandlers: false }).callInThread(add, 2, 3);
 *   assert.deepEqual(given, ["add(2,3)"]);
 * } finally {
 *   setThreadPoolFactory(previous);
 * }
 * ```
 */
export type ThreadPoolFactory = (
  options: ThreadPoolFactoryOptions,
) => ReactorThreadPool;

let current: ThreadPoolFactory | undefined;

/**
 * Registers the factory `Reactor.getThreadPool()` uses and returns the
 * previous one (`undefined` unregisters). The threads layer calls this when
 * imported; call it yourself to give reactors a pool of your own (pools
 * already created are kept).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   Reactor,
 *   type ReactorTask,
 *   type ReactorThreadPool,
 *   setThreadPoolFactory,
 * } from "@twisted-ts/core/reactor";
 * // a pool that records the tasks it is given
 * const given: ReactorTask[] = [];
 * const recording: ReactorThreadPool = {
 *   start() {},
 *   stop() {},
 *   callInThread(task) {
 *     given.push(task as ReactorTask);
 *   },
 *   adjustPoolsize() {},
 * };
 * const previous = setThreadPoolFactory(() => recording);
 * try {
 *   const r = new Reactor({ installSignalHandlers: false });
 *   const job: ReactorTask = { moduleUrl: "file:///srv/t.ts", exportName: "job" };
 *   r.callInThread(job);
 *   assert.deepEqual(given, [job]);
 * } finally {
 *   setThreadPoolFactory(previous);
 * }
 * ```
 */
export function setThreadPoolFactory(
  factory: ThreadPoolFactory | undefined,
): ThreadPoolFactory | undefined {
  if (factory !== undefined && typeof factory !== "function") {
    throw new TypeError(
      `setThreadPoolFactory: factory must be a function or undefined, got ${typeof factory}`,
    );
  }
  const previous = current;
  current = factory;
  return previous;
}

/** The registered factory, if any. */
export function getThreadPoolFactory(): ThreadPoolFactory | undefined {
  return current;
}
