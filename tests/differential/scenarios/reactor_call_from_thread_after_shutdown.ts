/** A call handed to callFromThread after the reactor has shut down: ours runs it soon, on the host (Twisted queues it for a loop that never runs again). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  r.callWhenRunning(r.stop);
  await r.run();
  emit("shut down");
  r.callFromThread(emit, "late call");
  await new Promise((resolve) => setTimeout(resolve, 0));
  emit("end");
}
