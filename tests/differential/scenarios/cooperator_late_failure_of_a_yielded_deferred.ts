/** A Deferred a Cooperator task yielded fails after the task was stopped: we report that failure itself to log (declared difference). */
import { Clock, Cooperator, Deferred } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function run(): void {
  const clock = new Clock();
  const coop = new Cooperator({
    terminationPredicateFactory: () => () => false,
    scheduler: (f) => clock.callLater(1, f),
  });
  const gate = new Deferred<unknown>();
  function* gen() {
    yield gate;
  }
  const task = coop.cooperate(gen());
  task.whenDone().addErrback((f) => emit("task ended", f));
  clock.advance(1);
  task.stop();
  gate.errback(new RangeError("late failure"));
}

export async function main(): Promise<void> {
  const capture = captureLog();
  try {
    run();
    await collect();
  } finally {
    capture.stop();
  }
  emit("done");
}
