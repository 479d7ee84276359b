/** A ThreadPool names its threads PoolThread-<name>-<n>, numbering them from 0. */
import { ThreadPool } from "../../../mod.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const pool = new ThreadPool({
    minthreads: 2,
    maxthreads: 2,
    name: "named",
    inProcess: true,
  });
  pool.start();
  emit("names", pool.threads.map((t) => t.name).sort());
  await pool.stop();
}
