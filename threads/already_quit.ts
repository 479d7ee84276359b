/**
 * `AlreadyQuit`: what every worker of the `_threads` layer throws when it is
 * given work, or told to quit, after it has quit.
 *
 * @module
 */

/**
 * Thrown by `do`, `quit` (and a `Team`'s `grow`/`shrink`) on a worker that
 * has already quit: Twisted's `twisted._threads.AlreadyQuit`.
 *
 * @example
 * ```ts
 * import { AlreadyQuit, createMemoryWorker } from "@twisted-ts/core/threads";
 * const [worker] = createMemoryWorker();
 * worker.quit();
 * try {
 *   worker.do(() => {});
 *   throw new Error("expected AlreadyQuit");
 * } catch (e) {
 *   if (!(e instanceof AlreadyQuit)) throw e;
 * }
 * ```
 */
export class AlreadyQuit extends Error {
  /** The error's name, `"AlreadyQuit"`. */
  override readonly name: string = "AlreadyQuit";

  /** Creates the error; `message` says which worker refused what. */
  constructor(message = "this worker has already quit") {
    super(message);
  }
}
