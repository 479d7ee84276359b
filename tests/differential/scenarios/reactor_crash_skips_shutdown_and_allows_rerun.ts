/** crash() stops the loop without shutdown triggers; the reactor can run again, and its startup triggers fire again. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  r.addSystemEventTrigger("before", "shutdown", () => emit("shutdown trigger"));
  r.addSystemEventTrigger(
    "after",
    "startup",
    () => emit("after startup", r.seconds()),
  );
  r.callLater(1, () => {
    emit("crashing");
    r.crash();
  });
  await r.run();
  emit("first run returned", r.running);
  r.callLater(1, () => r.stop());
  await r.run();
  emit("second run returned", r.running, r.seconds());
}
