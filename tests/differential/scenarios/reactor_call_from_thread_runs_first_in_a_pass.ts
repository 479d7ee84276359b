/** callFromThread calls run at the start of the next pass, in order, before timed calls; a callLater(0) they make runs in the same pass, a callFromThread waits. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  r.callLater(0, emit, "timed call");
  const threadCall = (n: number) => {
    emit("thread call", n);
    if (n === 1) {
      r.callLater(0, emit, "callLater(0) from a thread call");
      r.callFromThread(emit, "callFromThread from a thread call");
    }
  };
  r.callFromThread(threadCall, 1);
  r.callFromThread(threadCall, 2);
  emit("queued");
  r.runUntilCurrent();
  emit("next pass");
  r.runUntilCurrent();
}
