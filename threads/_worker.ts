/**
 * The worker interface shared by the `_threads` layer (Team, LockWorker,
 * memory workers) and the Web-Worker-backed `ThreadWorker`: Twisted's
 * `IWorker`.
 *
 * One deliberate extension: JavaScript work that runs elsewhere (in a Web
 * Worker) finishes later, so a work function may return a thenable; a
 * worker that runs it stays busy until it settles.
 *
 * @module
 */

/**
 * A unit of work: runs, and may return a thenable to say "busy until this
 * settles".
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
export type Work = () => unknown;

/**
 * Something that performs work: Twisted's `IWorker`. `do` queues `work`;
 * `quit` ends the worker. Both throw `AlreadyQuit` after `quit`.
 *
 * @example
 * ```ts
 * import { AlreadyQuit, type IWorker, LockWorker } from "@twisted-ts/core/threads";
 * const worker: IWorker = new LockWorker();
 * const seen: string[] = [];
 * worker.do(() => seen.push("done"));
 * worker.quit();
 * try {
 *   worker.do(() => seen.push("too late"));
 * } catch (e) {
 *   if (!(e instanceof AlreadyQuit)) throw e;
 * }
 * if (seen.join() !== "done") throw new Error("unexpected");
 * ```
 */
export interface IWorker {
  /** Performs `work` (now, or when the worker gets to it). */
  do(work: Work): void;
  /** Stops accepting work; work already queued may still run. */
  quit(): void;
}
