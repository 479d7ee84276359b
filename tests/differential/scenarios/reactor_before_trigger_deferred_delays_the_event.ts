/** A before-trigger returning an unfired Deferred holds back the during and after phases until it fires, even if it fails. */
import { Deferred } from "../../../mod.ts";
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const gate = new Deferred<unknown>();
  r.addSystemEventTrigger("before", "custom", () => gate);
  r.addSystemEventTrigger(
    "before",
    "custom",
    () => emit("second before runs at once"),
  );
  r.addSystemEventTrigger("during", "custom", () => emit("during"));
  r.addSystemEventTrigger("after", "custom", () => emit("after"));
  r.addSystemEventTrigger(
    "during",
    "other",
    () => emit("other event is independent"),
  );
  r.fireSystemEvent("custom");
  emit("waiting on the gate");
  r.fireSystemEvent("other");
  gate.errback(new RangeError("before trigger failed"));
  emit("done");
}
