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
 * (`PoolThread-<pool>-<n>`) or `"MainThread"`. Bun gives a Worker's global
 * no `name`, so there a pool thread can only say that it is one.
 */
export function currentThreadName(): string {
  const g = globalThis as {
    name?: unknown;
    WorkerGlobalScope?: abstract new () => unknown;
    Bun?: { isMainThread?: boolean };
  };
  if (typeof g.name === "string" && g.name !== "") return g.name;
  const inWorker = (typeof g.WorkerGlobalScope === "function" &&
    globalThis instanceof g.WorkerGlobalScope) ||
    g.Bun?.isMainThread === false;
  return inWorker ? "an unnamed worker thread" : "MainThread";
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
