/** createWorker raising while the coordinator places a task: we keep the task in the backlog (declared difference). */
import { createMemoryWorker, type IWorker, Team } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  let attempts = 0;
  const performers: Array<() => boolean> = [];
  const team = new Team(coordinator, (): IWorker => {
    attempts++;
    if (attempts === 1) throw new RangeError("cannot start a worker");
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    return worker;
  }, (f) => emit("logged", f));
  team.do(() => emit("task runs"));
  try {
    coordinate();
  } catch (e) {
    emit("coordinator raised", e);
  }
  let s = team.statistics();
  emit("after", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount);
  team.grow(1);
  while (coordinate());
  for (const perform of performers) while (perform());
  while (coordinate());
  s = team.statistics();
  emit(
    "after growing",
    s.idleWorkerCount,
    s.busyWorkerCount,
    s.backloggedWorkCount,
  );
}
