/**
 * Seed program 3, *threads*: `reactor.callInThread(loadRemoteData,
 * d.callback, d.errback, "http://www.baidu.com")`. `loadRemoteData` runs in
 * a thread of the reactor's pool, prints its thread's name and the URL, and
 * calls the callback it was given with the page; the Deferred's callback
 * prints the result and stops the reactor. The Python original is
 * `examples/twisted/threads.py`; both print
 *
 * ```text
 * loadRemoteData in PoolThread-twisted.internet.reactor-0
 * fetching http://www.baidu.com
 * Result: <html>canned page for http://www.baidu.com</html>
 * ```
 *
 * Two differences, both forced by JavaScript having no shared-memory
 * threads: the task is named by module URL and export (`threadTask`), since
 * a function cannot be sent to a Web Worker; and `d.callback`, passed into
 * the thread, arrives there as a proxy that runs the real `d.callback` on
 * the reactor thread (through `callFromThread`). In Twisted the pool thread
 * fires the Deferred itself, so its callbacks run in that thread — a race
 * Twisted's docs warn about; here they always run on the reactor thread.
 *
 * Run it: `deno run --allow-read examples/threads.ts` or
 * `bun examples/threads.ts`.
 *
 * @module
 */
import {
  Deferred,
  type Failure,
  type Reactor,
  reactor as theReactor,
  threadTask,
} from "../mod.ts";
import type { Print } from "./single_callback.ts";

/** `loadRemoteData` in `load_remote_data.ts`, as a task a worker can run. */
export const loadRemoteData = threadTask<
  typeof import("./load_remote_data.ts").loadRemoteData
>(new URL("./load_remote_data.ts", import.meta.url), "loadRemoteData");

/**
 * The program, on `reactor`, printing with `print` (the worker prints to
 * the process's stdout itself). Resolves once the reactor has stopped.
 */
export async function main(
  reactor: Reactor = theReactor,
  print: Print = console.log,
): Promise<void> {
  function getResult(page: string): void {
    print(`Result: ${page}`);
    // safe from any thread, like Twisted's; here we are on the reactor's
    reactor.callFromThread(reactor.stop);
  }

  function getError(failure: Failure): void {
    print(`Error: ${failure.getErrorMessage()}`);
    reactor.callFromThread(reactor.stop);
  }

  const d = new Deferred<string>();
  d.addCallbacks(getResult, getError);
  reactor.callInThread(
    loadRemoteData,
    d.callback,
    d.errback,
    "http://www.baidu.com",
  );
  await reactor.run();
}

if (import.meta.main) await main();
