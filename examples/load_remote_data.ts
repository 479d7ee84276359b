/**
 * The worker side of seed program 3 (`threads.ts`): the function that runs
 * in a pool thread. Tasks cross into a Web Worker by module URL, so it
 * lives in a module of its own, which the worker imports.
 *
 * It never touches the network: it prints the URL and hands back a canned
 * page.
 *
 * @module
 */

/**
 * The name of the thread running this code, as Python's
 * `threading.current_thread().name`: a pool worker's name
 * (`PoolThread-<pool>-<n>`, which the pool gives each Web Worker), or
 * `"MainThread"` when the pool runs tasks in-process.
 */
export function currentThreadName(): string {
  const name = (globalThis as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : "MainThread";
}

/**
 * "Loads" `url`: prints which thread it runs in and the URL, then calls
 * `callback` with a canned page. `callback` and `errback` are functions of
 * the main thread; here they are proxies, and calling one runs the original
 * on the reactor thread (through `callFromThread`).
 */
export function loadRemoteData(
  callback: (page: string) => unknown,
  errback: (reason: unknown) => unknown,
  url: string,
): void {
  try {
    console.log(`loadRemoteData in ${currentThreadName()}`);
    console.log(`fetching ${url}`);
    callback(`<html>canned page for ${url}</html>`);
  } catch (e) {
    errback(e);
  }
}
