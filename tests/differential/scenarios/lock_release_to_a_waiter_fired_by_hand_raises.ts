/** Releasing a DeferredLock or DeferredSemaphore whose next waiter was fired by hand raises AlreadyCalledError from release(); that waiter keeps the token, and the next acquire waits. */
import { DeferredLock, DeferredSemaphore } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  for (
    const [name, prim] of [
      ["lock", new DeferredLock()],
      ["semaphore", new DeferredSemaphore(1)],
    ] as const
  ) {
    prim.acquire();
    const waiter = prim.acquire();
    waiter.callback("fired by hand" as never);
    try {
      prim.release();
      emit(name, "release returned");
    } catch (e) {
      emit(name, "release raised", kind(e));
    }
    const next = prim.acquire();
    emit(name, "waiting", prim.waiting.length, "next fired", next.called);
  }
}
