/** run() fires startup triggers, runs timed calls as time passes, and stop() fires shutdown triggers after that pass's due calls. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  for (const phase of ["before", "during", "after"] as const) {
    r.addSystemEventTrigger(
      phase,
      "startup",
      () => emit("startup", phase, r.running),
    );
    r.addSystemEventTrigger(
      phase,
      "shutdown",
      () => emit("shutdown", phase, r.running),
    );
  }
  r.callWhenRunning(() => emit("callWhenRunning", r.running, r.seconds()));
  r.callLater(1.5, () => {
    emit("stopping", r.seconds());
    r.stop();
    emit("stop returned", r.running);
  });
  r.callLater(1.5, emit, "same pass as stop");
  r.callLater(2, emit, "never: after stop");
  await r.run();
  emit("run returned", r.running, r.seconds());
}
