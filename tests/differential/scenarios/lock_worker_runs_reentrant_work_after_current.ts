/** LockWorker runs work at once on the caller's stack; work submitted from inside an item runs after it, in order. */
import { AlreadyQuit, LockWorker } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const worker = new LockWorker();
  worker.do(() => {
    emit("outer starts");
    worker.do(() => emit("inner 1"));
    worker.do(() => emit("inner 2"));
    emit("outer ends");
  });
  emit("do returned");
  worker.quit();
  try {
    worker.do(() => {});
  } catch (e) {
    if (!(e instanceof AlreadyQuit)) throw e;
    emit("after quit", kind(e));
  }
}
