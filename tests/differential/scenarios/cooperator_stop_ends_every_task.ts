/** Cooperator.stop() with three running tasks: we end all three with SchedulerStopped (declared difference). */
import { Clock, Cooperator } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const coop = new Cooperator({ scheduler: (f) => clock.callLater(1, f) });
  function* forever() {
    for (;;) yield null;
  }
  for (const n of [1, 2, 3]) {
    coop.coiterate(forever()).addBoth((r) => emit("task ended", n, r));
  }
  coop.stop();
  emit("stopped");
}
