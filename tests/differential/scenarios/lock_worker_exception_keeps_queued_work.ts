/** An item raising in LockWorker: we still run the items queued behind it, then rethrow (declared difference). */
import { LockWorker } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const worker = new LockWorker();
  try {
    worker.do(() => {
      worker.do(() => emit("queued behind the failure"));
      throw new RangeError("item failed");
    });
  } catch (e) {
    emit("do raised", e);
  }
  worker.do(() => emit("next do"));
}
