/** An exception from a timed call is logged and the pass goes on with the next call. */
import { DeterministicReactor } from "./_reactor.ts";
import { captureLog, emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  r.callLater(1, emit, "before");
  r.callLater(2, () => {
    throw new RangeError("timed call failed");
  });
  r.callLater(3, emit, "after");
  r.now = 3;
  const capture = captureLog();
  try {
    r.runUntilCurrent();
  } finally {
    capture.stop();
  }
  emit("pending", r.getDelayedCalls().length);
}
