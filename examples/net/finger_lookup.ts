/**
 * The blocking half of `finger_server.ts`: the lookup a pool thread runs.
 * Tasks cross into a Web Worker by module URL, so it lives in a module of
 * its own, which the worker imports. It blocks for 50 ms (`Atomics.wait`,
 * allowed in a worker) to stand for a slow database, as the Python
 * original sleeps.
 *
 * @module
 */

/**
 * Looks `user` up in `users`, blocking for 50 ms; `"crash"` raises, as a
 * broken database would.
 */
export function lookup(users: Record<string, string>, user: string): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  if (user === "crash") throw new Error("the user database is down");
  // own entries only: "constructor" or "toString" are not users
  return Object.hasOwn(users, user) ? users[user]! : "No such user";
}
