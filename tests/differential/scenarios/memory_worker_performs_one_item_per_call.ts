/** A memory worker only queues; perform() runs one item per call, returns False when idle, and stops at quit(). */
import { AlreadyQuit, createMemoryWorker } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const [worker, perform] = createMemoryWorker();
  emit("perform on empty", perform());
  worker.do(() => emit("item", 1));
  worker.do(() => emit("item", 2));
  emit("queued, nothing ran yet");
  emit("perform", perform());
  worker.quit();
  try {
    worker.do(() => emit("never"));
  } catch (e) {
    if (!(e instanceof AlreadyQuit)) throw e;
    emit("do after quit", kind(e));
  }
  emit("perform", perform());
  emit("perform at the stop marker", perform());

  const [w2, p2] = createMemoryWorker();
  w2.do(() => {
    throw new RangeError("item failed");
  });
  try {
    p2();
  } catch (e) {
    emit("perform raised", e);
  }
}
