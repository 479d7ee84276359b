/** callLater with a negative delay on the reactor is refused (ours: RangeError; declared difference). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  try {
    r.callLater(-1, emit, "never");
  } catch (e) {
    emit("rejected", kind(e));
  }
  emit("pending", r.getDelayedCalls().length);
}
