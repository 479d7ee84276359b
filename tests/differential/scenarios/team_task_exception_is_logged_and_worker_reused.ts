/** A task that raises is reported to logException; its worker goes back to the idle set and takes the next task. */
import { createMemoryWorker, Team } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  const performers: Array<() => boolean> = [];
  const team = new Team(coordinator, () => {
    if (performers.length > 0) return null;
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    return worker;
  }, (f) => emit("logException", f));
  team.do(() => {
    emit("bad task runs");
    throw new RangeError("task failed");
  });
  team.do(() => emit("good task runs"));
  while ((performers.length > 0 && performers[0]!()) || coordinate());
  const s = team.statistics();
  emit(
    "after",
    s.idleWorkerCount,
    s.busyWorkerCount,
    s.backloggedWorkCount,
    performers.length,
  );
}
