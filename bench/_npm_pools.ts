/**
 * piscina and tinypool, the npm worker pools the benches compare with:
 * optional dependencies, loaded by name when installed. Both take the
 * same constructor options and call a task module's default export with
 * one argument.
 *
 * @module
 */

/** Which npm pool. */
export type NpmPoolName = "piscina" | "tinypool";

/** A pool from npm, as far as the benches use it. */
export interface NpmPool<In, Out> {
  /** Runs the task module's default export on `task` in a worker. */
  run(task: In): Promise<Out>;
  /** Ends the pool's workers. */
  destroy(): Promise<void>;
}

/**
 * A `threads`-thread pool of `name` running the default export of the
 * module at `filename`, or `null` when the package is not installed.
 *
 * @example
 * ```ts
 * import { npmPool } from "./_npm_pools.ts";
 * const pool = await npmPool<{ a: number }, number>(
 *   "piscina",
 *   new URL("./_threads_tasks.ts", import.meta.url),
 *   1,
 * );
 * await pool?.destroy();
 * ```
 */
export async function npmPool<In, Out>(
  name: NpmPoolName,
  filename: URL,
  threads: number,
): Promise<NpmPool<In, Out> | null> {
  // a variable specifier: type-checking needs neither package
  const specifier: string = name;
  let module: Record<string, unknown>;
  try {
    module = await import(specifier);
  } catch {
    return null;
  }
  const Pool =
    (name === "piscina"
      ? module.Piscina ?? module.default
      : module.Tinypool ?? module.default) as new (
        options: object,
      ) => NpmPool<In, Out>;
  return new Pool({
    filename: filename.href,
    minThreads: threads,
    maxThreads: threads,
  });
}
