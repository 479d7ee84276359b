/** Cooperator.stop() ends every running task with SchedulerStopped; a task added afterwards ends at once the same way. */
import { Clock, Cooperator, SchedulerStopped } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const coop = new Cooperator({ scheduler: (f) => clock.callLater(1, f) });
  function* forever() {
    for (;;) yield null;
  }
  coop.coiterate(forever()).addErrback((f) =>
    emit("running task", f, f.check(SchedulerStopped) === SchedulerStopped)
  );
  emit("running", coop.running);
  coop.stop();
  emit("running", coop.running);
  coop.coiterate(forever()).addErrback((f) => emit("added after stop", f));
}
