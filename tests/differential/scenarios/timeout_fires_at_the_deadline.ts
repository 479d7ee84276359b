/** addTimeout cancels the Deferred exactly at the deadline and turns the CancelledError into TimeoutError; callbacks added before see CancelledError. */
import { Clock, Deferred, TimeoutError } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = new Deferred<unknown>(() => emit("canceller", clock.seconds()));
  d.addErrback((f) => {
    emit("inside the timeout", f);
    return f;
  });
  d.addTimeout(10, clock);
  d.addErrback((f) =>
    emit("after addTimeout", f, f.check(TimeoutError) === TimeoutError)
  );
  clock.advance(9.999);
  emit("not yet", d.called);
  clock.advance(0.001);
  emit("timed out", d.called, clock.getDelayedCalls().length);
}
