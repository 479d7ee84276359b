/** ThreadPool(maxthreads=n) with n below the default minimum (5). */
import { ThreadPool } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  try {
    const pool = new ThreadPool({ maxthreads: 2, inProcess: true });
    emit("made", "minthreads", pool.min, "maxthreads", pool.max);
  } catch (e) {
    emit("raised", e);
  }
}
