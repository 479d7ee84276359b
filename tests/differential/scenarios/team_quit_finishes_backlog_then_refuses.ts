/** After Team.quit() the backlog still runs, busy workers quit when done, the coordinator quits last, and further calls raise AlreadyQuit. */
import { AlreadyQuit, createMemoryWorker, Team } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  const performers: Array<() => boolean> = [];
  const team = new Team(coordinator, () => {
    if (performers.length > 0) return null;
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    return worker;
  }, (f) => emit("logged", f));
  team.do(() => emit("first task"));
  team.do(() => emit("backlogged task"));
  while (coordinate());
  team.quit();
  for (
    const call of [
      () => team.do(() => {}),
      () => team.quit(),
      () => team.grow(1),
      () => team.shrink(),
    ]
  ) {
    try {
      call();
    } catch (e) {
      if (!(e instanceof AlreadyQuit)) throw e;
      emit("refused", kind(e));
    }
  }
  while (coordinate());
  let s = team.statistics();
  emit("quitting", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount);
  while (performers[0]!() || coordinate());
  s = team.statistics();
  emit("quit", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount);
  try {
    coordinator.do(() => {});
  } catch (e) {
    if (!(e instanceof AlreadyQuit)) throw e;
    emit("coordinator quit too", kind(e));
  }
}
