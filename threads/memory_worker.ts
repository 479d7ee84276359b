/**
 * `createMemoryWorker`: a worker that only queues, and a `perform` function
 * that runs one queued item when a test says so. It is how the `Team` and
 * everything built on it are tested without threads or timers.
 *
 * @module
 */
import { log } from "../defer/log.ts";
import { requireFunction } from "../_util/describe.ts";
import { Quit } from "./_quit.ts";
import { settle } from "./_settle.ts";
import type { IWorker, Work } from "./interfaces.ts";

const STOP: unique symbol = Symbol("memory worker: no more work");

/**
 * Creates a worker that does nothing but queue work, and a `perform`
 * function that runs the oldest queued item: Twisted's
 * `twisted._threads.createMemoryWorker`.
 *
 * - `worker.do(work)` queues `work` (throws `AlreadyQuit` after `quit`).
 * - `worker.quit()` queues a stop marker; work queued before it still runs.
 * - `perform()` runs one item and returns `true`; it returns `false`, running
 *   nothing, when nothing is queued or the next item is the stop marker.
 *   An exception thrown by the item propagates out of `perform()`.
 *
 * Thenables (the `IWorker` extension): the worker models one thread, so an
 * item that returns an unsettled thenable keeps it busy — `perform()`
 * returns `false` until that thenable settles (synchronously for a
 * `Deferred`, a microtask later for a Promise). A rejection is reported to
 * `log.err`, since no caller is left to receive it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryWorker } from "@twisted-ts/core/threads";
 * const [worker, perform] = createMemoryWorker();
 * const done: number[] = [];
 * worker.do(() => done.push(1));
 * worker.do(() => done.push(2));
 * perform();
 * assert.deepEqual(done, [1], "one step runs one item");
 * perform();
 * assert.equal(perform(), false, "nothing left");
 * assert.deepEqual(done, [1, 2]);
 * ```
 */
export function createMemoryWorker(): [
  worker: IWorker,
  perform: () => boolean,
] {
  const quit = new Quit("memory worker");
  const pending: Array<Work | typeof STOP> = [];
  let busy = false;

  const worker: IWorker = {
    do(work: Work): void {
      quit.check("memory worker do");
      requireFunction("memory worker do: work", work);
      pending.push(work);
    },
    quit(): void {
      quit.set("memory worker quit");
      pending.push(STOP);
    },
  };

  const perform = (): boolean => {
    if (busy) return false;
    const next = pending[0];
    if (next === undefined || next === STOP) return false;
    pending.shift();
    const result = next(worker);
    busy = true;
    settle(result, (failure) => {
      busy = false;
      if (failure) {
        log.err(failure, "memory worker: work's thenable rejected");
      }
    });
    return true;
  };

  return [worker, perform];
}
