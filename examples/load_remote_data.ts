/**
 * The worker side of `remote_data.ts`: the function that runs in a pool
 * thread. Tasks cross into a Web Worker by module URL; in a module of its
 * own, it is all of the program that the worker has to import.
 *
 * It never touches the network: it prints the URL and hands back a canned
 * page.
 *
 * @module
 */
import { currentThread } from "../mod.ts";

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
    console.log(`loadRemoteData in ${currentThread().name}`);
    console.log(`fetching ${url}`);
    callback(`<html>canned page for ${url}</html>`);
  } catch (e) {
    errback(e);
  }
}
