/** We reject a negative DeferredQueue size and a fractional DeferredSemaphore token count with RangeError (declared difference). */
import { DeferredQueue, DeferredSemaphore } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  try {
    const q = new DeferredQueue(-1);
    emit("negative size accepted", q.size);
  } catch (e) {
    emit("negative size", kind(e));
  }
  try {
    const s = new DeferredSemaphore(1.5);
    emit("fractional tokens accepted", s.limit);
  } catch (e) {
    emit("fractional tokens", kind(e));
  }
}
