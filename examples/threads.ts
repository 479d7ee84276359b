/**
 * Seed program 3, *threads*, line for line: `loadRemoteData` runs in a
 * thread of the reactor's pool and calls the `d.callback` it was handed;
 * `getResult` prints the result; the reactor stops itself at four seconds.
 * The Python original is `examples/twisted/threads.py`. Ours prints
 *
 * ```text
 * main():thread[MainThread]
 * thread[PoolThread-twisted.internet.reactor-0] url = http://www.baidu.com
 * thread[MainThread] result = callback data
 * ```
 *
 * where Twisted's last line says `thread[PoolThread-twisted.internet.reactor-0]`.
 * That is the one honest difference (also in the README's migration
 * table): in Twisted the pool thread runs `d.callback` itself, so the
 * Deferred's callbacks run in that thread — a race Twisted's docs warn
 * about. Here `d.callback`, passed into the thread, arrives there as a
 * proxy; calling it runs the real `d.callback` on the reactor thread
 * (through `callFromThread`), so `getResult` always runs on `MainThread`.
 *
 * One more change JavaScript forces: a function cannot be sent to a Web
 * Worker, so the task crosses by module URL and export name (`threadTask`).
 * `loadRemoteData` is exported from this very module for that, and the
 * worker imports the module: top-level code here runs there too, which is
 * why the program itself only runs under `import.meta.main`. Python's
 * `threading.current_thread()` is `currentThread()`.
 *
 * Run it: `deno run --allow-read examples/threads.ts` or
 * `bun examples/threads.ts` (about 4 s, as in Twisted).
 *
 * @module
 */
import {
  currentThread,
  Deferred,
  type Failure,
  type Reactor,
  reactor as theReactor,
  threadTask,
} from "../mod.ts";
import type { Print } from "./single_callback.ts";

/**
 * Runs in a pool thread: prints the thread's name and the URL, then calls
 * `callback` (a proxy of the main thread's `d.callback`).
 */
export function loadRemoteData(
  callback: (data: string) => void,
  _errback: (reason: unknown) => void,
  url: string,
): void {
  console.log(`thread[${currentThread().name}] url = ${url}`);
  // callback and errback: only one of them may be called, else AlreadyCalledError
  callback("callback data");
  //  _errback(new RangeError("errback dat"))
}

/** `loadRemoteData`, named so that a pool's Web Worker can import it. */
export const loadRemoteDataTask = threadTask<typeof loadRemoteData>(
  import.meta.url,
  "loadRemoteData",
);

/**
 * The program, on `reactor`, printing the main thread's lines with `print`
 * (the worker prints to the process's stdout itself). Resolves once the
 * reactor has stopped.
 */
export async function main(
  reactor: Reactor = theReactor,
  print: Print = console.log,
): Promise<void> {
  function getResult(v: string): void {
    print(`thread[${currentThread().name}] result = ${v}`);
  }

  function getError(e: Failure): void {
    print(`thread[${currentThread().name}] error = ${String(e)}`);
  }

  const d = new Deferred<string>();
  d.addCallback(getResult);
  d.addErrback(getError);

  print(`main():thread[${currentThread().name}]`);
  reactor.callInThread(
    loadRemoteDataTask,
    d.callback,
    d.errback,
    "http://www.baidu.com",
  );
  reactor.callLater(4, reactor.stop);
  await reactor.run();
}

if (import.meta.main) await main();
