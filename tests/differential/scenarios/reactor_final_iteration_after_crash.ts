/** The pass that ends the loop (shutdown's crash) is followed by one last doIteration, told not to wait (`running and timeout()` is False), before run() returns. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

class Recording extends DeterministicReactor {
  override doIteration(delay: number | undefined): void {
    emit("doIteration", delay, "running", this.running);
    super.doIteration(delay);
  }
}

export async function main(): Promise<void> {
  const r = new Recording();
  r.callLater(1, () => emit("tick at", r.now));
  r.callLater(2, r.stop);
  r.addSystemEventTrigger("after", "shutdown", () => emit("after shutdown"));
  await r.run();
  emit("run returned at", r.now);
}
