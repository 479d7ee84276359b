/** DelayedCall.cancel unschedules; cancel, reset or delay after a cancel or a call raises AlreadyCancelled or AlreadyCalled. */
import {
  AlreadyCalled,
  AlreadyCancelled,
  Clock,
  type DelayedCall,
} from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

function attempt(what: string, f: () => void): void {
  try {
    f();
    emit(what, "ok");
  } catch (e) {
    if (!(e instanceof AlreadyCalled) && !(e instanceof AlreadyCancelled)) {
      throw e;
    }
    emit(what, kind(e));
  }
}

export function main(): void {
  const clock = new Clock();
  const c = clock.callLater(1, emit, "cancelled call ran");
  const done: DelayedCall = clock.callLater(1, () => {
    emit("inside: cancelling myself");
    attempt("cancel self", () => done.cancel());
  });
  c.cancel();
  emit("state", c.active(), c.cancelled, c.called);
  clock.advance(1);
  emit("done state", done.active(), done.called, done.cancelled);
  for (const [call, name] of [[c, "cancelled"], [done, "called"]] as const) {
    attempt(name + " cancel", () => call.cancel());
    attempt(name + " reset", () => call.reset(1));
    attempt(name + " delay", () => call.delay(1));
  }
  emit("pending", clock.getDelayedCalls().length);
}
