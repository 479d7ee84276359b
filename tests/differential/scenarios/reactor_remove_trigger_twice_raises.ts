/** Removing a system-event trigger a second time raises an error (Twisted: ValueError from list.remove). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const tid = r.addSystemEventTrigger("during", "custom", () => emit("never"));
  r.removeSystemEventTrigger(tid);
  try {
    r.removeSystemEventTrigger(tid);
    emit("second removal accepted");
  } catch (e) {
    emit("second removal", kind(e));
  }
  r.fireSystemEvent("custom");
  emit("done");
}
