/** CooperativeTask.pause() takes a task out of the rotation, resume() puts it back at the end, stop() ends it with TaskStopped. */
import { Clock, Cooperator, NotPaused, TaskStopped } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

function twoUnitsPerTick(): () => boolean {
  let used = 0;
  return () => ++used >= 2;
}

export function main(): void {
  const clock = new Clock();
  const coop = new Cooperator({
    terminationPredicateFactory: twoUnitsPerTick,
    scheduler: (f) => clock.callLater(1, f),
  });
  function* gen(name: string) {
    for (let i = 0;; i++) {
      emit("step", name, i);
      yield null;
    }
  }
  const a = coop.cooperate(gen("a"));
  const b = coop.cooperate(gen("b"));
  a.whenDone().addErrback((f) =>
    emit("a ended", f, f.check(TaskStopped) === TaskStopped)
  );
  b.whenDone().addErrback((f) => emit("b ended", f));
  const tick = () => {
    emit("tick");
    clock.advance(1);
  };
  a.pause();
  try {
    b.resume();
  } catch (e) {
    if (!(e instanceof NotPaused)) throw e;
    emit("resume unpaused", kind(e));
  }
  tick();
  a.resume();
  tick();
  a.stop();
  tick();
  b.stop();
  emit("pending ticks", clock.getDelayedCalls().length);
}
