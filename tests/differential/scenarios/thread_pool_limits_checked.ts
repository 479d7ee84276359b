/** ThreadPool with a negative minimum, or a minimum above the maximum: we raise RangeError (declared difference). */
import { ThreadPool } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  for (const [lo, hi] of [[-1, 5], [5, 3]] as const) {
    try {
      new ThreadPool({ minthreads: lo, maxthreads: hi, inProcess: true });
      emit("accepted", lo, hi);
    } catch (e) {
      emit("rejected", lo, hi, kind(e));
    }
  }
}
