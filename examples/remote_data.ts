/**
 * A fourth program, after the seed's three: the thread program as a real
 * application would write it. `reactor.callInThread(loadRemoteData,
 * d.callback, d.errback, "http://www.baidu.com")` again, but the task lives
 * in a module of its own (`load_remote_data.ts`), so the pool's worker
 * imports only that part of the program; the task turns an
 * exception into a call of the `errback` it was handed; and the reactor
 * stops when the result arrives (`getResult` / `getError` call
 * `reactor.stop` through `callFromThread`) instead of after a fixed four
 * seconds. The Python original is `examples/twisted/remote_data.py`; both
 * print
 *
 * ```text
 * loadRemoteData in PoolThread-twisted.internet.reactor-0
 * fetching http://www.baidu.com
 * Result: <html>canned page for http://www.baidu.com</html>
 * ```
 *
 * As in the seed's `threads.ts`: the task is named by module URL and
 * export (`threadTask`), since a function cannot be sent to a Web Worker;
 * and `d.callback`, passed into the thread, arrives there as a proxy that
 * runs the real `d.callback` on the reactor thread (through
 * `callFromThread`), where Twisted's pool thread would run it itself.
 *
 * Run it: `deno run --allow-read examples/remote_data.ts` or
 * `bun examples/remote_data.ts`.
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
