/**
 * twisted-ts: Twisted's core for TypeScript — the `Deferred` callback chain,
 * the reactor (a binary-heap timer scheduler and its run loop), the thread
 * team on Web Workers, and networking (protocols, factories, transports),
 * for Deno and Bun.
 *
 * Import everything from here, or one layer from `@twisted-ts/core/defer`,
 * `@twisted-ts/core/reactor`, `@twisted-ts/core/threads` or
 * `@twisted-ts/core/net`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, succeed } from "@twisted-ts/core";
 * const d: Deferred<number> = succeed(20).addCallback((n) => n + 1);
 * assert.equal(await d, 21);
 * ```
 *
 * @module
 */
export * from "./defer/mod.ts";
export * from "./reactor/mod.ts";
export * from "./threads/mod.ts";
export * from "./net/mod.ts";
