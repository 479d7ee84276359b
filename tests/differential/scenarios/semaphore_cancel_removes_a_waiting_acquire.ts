/** Cancelling a waiting DeferredSemaphore acquire removes it; the token goes to the next waiter. */
import { DeferredSemaphore } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const sem = new DeferredSemaphore(1);
  sem.acquire();
  const a = sem.acquire();
  const b = sem.acquire();
  a.addErrback((f) => emit("a", f));
  b.addCallback(() => emit("b acquired", sem.tokens));
  a.cancel();
  emit("waiting", sem.waiting.length);
  sem.release();
  emit("tokens", sem.tokens, sem.waiting.length);
}
