/** Team.grow(n) creates idle workers at once; shrink(n) quits idle ones now and busy ones when they finish. */
import { createMemoryWorker, Team } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  const performers: Array<() => boolean> = [];
  const team = new Team(coordinator, () => {
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    return worker;
  }, (f) => emit("logged", f));
  const settle = (what: string) => {
    while (coordinate());
    const s = team.statistics();
    emit(
      what,
      s.idleWorkerCount,
      s.busyWorkerCount,
      s.backloggedWorkCount,
      performers.length,
    );
  };
  team.grow(3);
  settle("grew by 3");
  team.shrink(1);
  settle("shrank by 1");
  team.do(() => emit("task runs"));
  settle("one busy");
  team.shrink();
  settle("shrink() with one busy");
  emit("tasks performed", performers.filter((p) => p()).length);
  settle("busy one finished and quit");
  team.grow(1);
  settle("grew again");
}
