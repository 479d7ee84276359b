/** fireSystemEvent runs before, during and after triggers in that order; triggers added meanwhile to a pending phase run too; removed ones do not; all are consumed. */
import type { SystemEventTriggerID } from "../../../mod.ts";
import { DeterministicReactor } from "./_reactor.ts";
import { captureLog, emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  let doomed: SystemEventTriggerID | undefined = undefined;
  r.addSystemEventTrigger(
    "after",
    "custom",
    (x: string) => emit("after", x),
    "arg",
  );
  r.addSystemEventTrigger("during", "custom", () => emit("during"));
  r.addSystemEventTrigger("before", "custom", () => {
    emit("before 1");
    r.addSystemEventTrigger(
      "before",
      "custom",
      () => emit("before added by before 1"),
    );
    r.addSystemEventTrigger(
      "after",
      "custom",
      () => emit("after added by before 1"),
    );
    r.removeSystemEventTrigger(doomed!);
  });
  doomed = r.addSystemEventTrigger(
    "during",
    "custom",
    () => emit("removed: never"),
  );
  const gone = r.addSystemEventTrigger(
    "before",
    "custom",
    () => emit("removed before firing: never"),
  );
  r.removeSystemEventTrigger(gone);
  r.addSystemEventTrigger("during", "custom", () => {
    throw new RangeError("trigger failed");
  });
  r.addSystemEventTrigger(
    "during",
    "custom",
    () => emit("during after the failing one"),
  );
  const capture = captureLog();
  try {
    r.fireSystemEvent("custom");
  } finally {
    capture.stop();
  }
  emit("fired again");
  r.fireSystemEvent("custom");
  r.fireSystemEvent("no such event");
  emit("done");
}
