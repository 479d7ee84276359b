/** DeferredSemaphore(0) is a ValueError; run() releases the token after the function's result. */
import { DeferredSemaphore } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  try {
    new DeferredSemaphore(0);
  } catch (e) {
    emit("zero tokens", kind(e));
  }
  const sem = new DeferredSemaphore(1);
  sem.run((x: number) => {
    emit("running", x, sem.tokens);
    return x * 2;
  }, 21).addCallback((r) => emit("result", r, sem.tokens));
}
