/** A Team whose createWorker refuses a third worker backlogs the third task; the first worker to finish picks it up. */
import { createMemoryWorker, type IWorker, Team } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  const performers: Array<() => boolean> = [];
  const createWorker = (): IWorker | null => {
    if (performers.length >= 2) {
      emit("createWorker refuses");
      return null;
    }
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    emit("createWorker", performers.length);
    return worker;
  };
  const team = new Team(coordinator, createWorker, (f) => emit("logged", f));
  const stats = (what: string) => {
    const s = team.statistics();
    emit(what, s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount);
  };
  for (const n of [1, 2, 3]) team.do(() => emit("task runs", n));
  stats("before coordinating");
  while (coordinate());
  stats("after coordinating");
  emit("worker 1 performs", performers[0]!());
  while (coordinate());
  stats("worker 1 recycled");
  emit("worker 1 performs again", performers[0]!());
  emit("worker 2 performs", performers[1]!());
  while (coordinate());
  stats("all done");
  emit("nothing left", performers[0]!(), performers[1]!(), coordinate());
}
