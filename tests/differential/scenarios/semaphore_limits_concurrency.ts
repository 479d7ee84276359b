/** DeferredSemaphore(2): two acquires fire, the third waits for a release; tokens and limit track it. */
import { DeferredSemaphore } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const sem = new DeferredSemaphore(2);
  emit("fresh", sem.tokens, sem.limit);
  for (const n of [1, 2, 3]) {
    sem.acquire().addCallback((s) =>
      emit("acquired", n, s === sem, sem.tokens)
    );
  }
  emit("waiting", sem.waiting.length, sem.tokens);
  sem.release();
  emit("after release", sem.tokens, sem.waiting.length);
  sem.release();
  sem.release();
  emit("all released", sem.tokens);
}
