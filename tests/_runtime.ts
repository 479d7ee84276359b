/**
 * Test helper: which runtime runs the suite — Deno and Bun run the `.ts`
 * sources; Node runs the `.js` build that `tools/node_build.ts` makes
 * (`deno task test`'s third column) — and how a test starts a child
 * program on it.
 *
 * @module
 */
import process from "node:process";

/** A runtime the suite runs on. */
export type Runtime = "deno" | "bun" | "node";

const G = globalThis as { Deno?: unknown; Bun?: unknown };

/** The runtime running this file. */
export const RUNTIME: Runtime = G.Bun !== undefined
  ? "bun"
  : G.Deno !== undefined
  ? "deno"
  : "node";

/** Whether Deno runs this file. */
export const IS_DENO: boolean = RUNTIME === "deno";
/** Whether Bun runs this file. */
export const IS_BUN: boolean = RUNTIME === "bun";
/** Whether Node runs this file (from the `.js` build). */
export const IS_NODE: boolean = RUNTIME === "node";

/**
 * A test's `skip` option for a test about the TypeScript sources (the
 * layering, the README, the API docs): Node runs the `.js` build, which
 * has none; Deno and Bun check them.
 */
export const SOURCE_TEST: string | false = IS_NODE &&
  "reads the TypeScript sources, which Node's .js build does not have; Deno and Bun run it";

/**
 * The file a child process of this runtime runs for the module at `path`
 * (a `.ts` path): the path itself on Deno and Bun; on Node, the `.js` the
 * build made of it.
 */
export function script(path: string): string {
  return IS_NODE ? path.replace(/\.ts$/, ".js") : path;
}

/**
 * The arguments that run `path` as a program on this runtime, with
 * `process.execPath` as the command: `run --no-check -A path …` on Deno,
 * `path …` on Bun and Node (the `.js` build on Node).
 */
export function runArgs(path: string, ...args: string[]): string[] {
  return IS_DENO
    ? ["run", "--no-check", "-A", path, ...args]
    : [script(path), ...args];
}

/**
 * Deno's `node:child_process` runs a `deno` child with every permission
 * when the child's arguments grant none (for Node compatibility), so
 * `spawn(deno, ["run", "x.ts"])` does not test "no permissions". A test
 * that means it adds this flag: it denies what nobody uses, and the child
 * then gets exactly what its other flags grant.
 */
export const DENO_NO_IMPLICIT_PERMISSIONS = "--deny-env=TWISTED_TS_UNUSED";

/** The command that runs this runtime (`process.execPath`). */
export const EXEC_PATH: string = process.execPath;
