/**
 * The thread layer's contracts: Twisted's `IWorker` (shared by the Team,
 * `LockWorker`, memory workers and the Web-Worker-backed `ThreadWorker`),
 * the `callFromThread` a pool delivers through, and the shape of a task's
 * outcome callback.
 *
 * One deliberate extension: JavaScript work that runs elsewhere (in a Web
 * Worker) finishes later, so a work function may return a thenable; a
 * worker that runs it stays busy until it settles.
 *
 * @module
 */

/**
 * A unit of work: runs, and may return a thenable to say "busy until this
 * settles". A worker calls it with itself — the worker that performs it —
 * as the only argument (an extension: Twisted's work takes none), so work
 * that needs to know where it runs is told rather than left to look it up;
 * work that does not care declares no parameter.
 *
 * @example
 * ```ts
 * import { createMemoryWorker, type Work } from "@twisted-ts/core/threads";
 * const [worker, perform] = createMemoryWorker();
 * let settle = () => {};
 * const work: Work = () => new Promise<void>((resolve) => { settle = resolve; });
 * worker.do(work);
 * perform(); // starts it; the worker stays busy until the promise settles
 * settle();
 * ```
 */
export type Work = (performer: IWorker) => unknown;

/**
 * Something that performs work: Twisted's `IWorker`. `do` queues `work`;
 * `quit` ends the worker. Both throw `AlreadyQuit` after `quit`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AlreadyQuit, type IWorker, LockWorker } from "@twisted-ts/core/threads";
 * const worker: IWorker = new LockWorker();
 * const seen: string[] = [];
 * worker.do(() => seen.push("done"));
 * worker.quit();
 * assert.throws(() => worker.do(() => seen.push("too late")), AlreadyQuit);
 * assert.deepEqual(seen, ["done"]);
 * ```
 */
export interface IWorker {
  /** Performs `work` (now, or when the worker gets to it). */
  do(work: Work): void;
  /** Stops accepting work; work already queued may still run. */
  quit(): void;
}

/**
 * Anything with Twisted's `callFromThread` (a `Reactor`, or a stand-in):
 * where a pool delivers outcomes, function-proxy calls and blocking calls.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CallFromThread } from "@twisted-ts/core/threads";
 * import { Reactor } from "@twisted-ts/core/reactor";
 * const real: CallFromThread = new Reactor({ installSignalHandlers: false });
 * const atOnce: CallFromThread = { callFromThread: (fn, ...args) => fn(...args) };
 * let ran = false;
 * atOnce.callFromThread(() => { ran = true; });
 * assert.ok(ran);
 * assert.equal(typeof real.callFromThread, "function");
 * ```
 */
export interface CallFromThread {
  /** Runs `fn(...args)` on the reactor's next turn. */
  // deno-lint-ignore no-explicit-any -- any function with matching arguments; a Reactor's generic method must fit
  callFromThread(fn: (...args: any[]) => unknown, ...args: unknown[]): unknown;
}

/**
 * Receives a task's outcome: `(true, result)` or `(false, failure)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { OnResult } from "@twisted-ts/core/threads";
 * const seen: unknown[] = [];
 * const onResult: OnResult = (ok, result) => seen.push(ok, result);
 * onResult(true, 42);
 * assert.deepEqual(seen, [true, 42]);
 * ```
 */
export type OnResult = (ok: boolean, result: unknown) => void;
