/** logException itself raising: we log both errors and hand the worker back (declared difference). */
import { createMemoryWorker, Team } from "../../../mod.ts";
import { captureLog, emit } from "../trace.ts";

export function main(): void {
  const [coordinator, coordinate] = createMemoryWorker();
  const performers: Array<() => boolean> = [];
  const team = new Team(coordinator, () => {
    const [worker, perform] = createMemoryWorker();
    performers.push(perform);
    return worker;
  }, () => {
    emit("logException called");
    throw new TypeError("logger broke");
  });
  team.do(() => {
    throw new RangeError("task failed");
  });
  while (coordinate());
  const capture = captureLog({ why: true });
  try {
    performers[0]!();
  } catch (e) {
    emit("worker raised", e);
  } finally {
    capture.stop();
  }
  while (coordinate());
  const s = team.statistics();
  emit("after", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount);
}
