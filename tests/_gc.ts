/**
 * Test helper: a full garbage collection, on Bun (`Bun.gc`) or on Deno run
 * with `--v8-flags=--expose-gc` (as `tools/test.ts` runs it).
 *
 * @module
 */

const host = globalThis as {
  gc?: () => void;
  Bun?: { gc(force: boolean): void };
};

/** Collects garbage now; throws when the runtime offers no way to. */
export function collectGarbage(): void {
  if (host.Bun !== undefined) host.Bun.gc(true);
  else if (host.gc !== undefined) host.gc();
  else {
    throw new Error(
      "no garbage collector to call: run Deno with --v8-flags=--expose-gc",
    );
  }
}
