/** An iterator that raises ends its task with that failure; one yielding a failed Deferred ends the same way; the other tasks go on. */
import { Clock, Cooperator, fail } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const coop = new Cooperator({
    terminationPredicateFactory: () => () => false,
    scheduler: (f) => clock.callLater(1, f),
  });
  function* raising() {
    yield null;
    throw new RangeError("iterator raised");
  }
  function* yieldsFailure() {
    yield fail(new TypeError("yielded failure"));
  }
  function* fine() {
    for (let i = 0; i < 3; i++) {
      emit("fine", i);
      yield null;
    }
  }
  coop.coiterate(raising()).addErrback((f) => emit("raising", f));
  coop.coiterate(yieldsFailure()).addErrback((f) => emit("yields_failure", f));
  coop.coiterate(fine()).addCallback(() => emit("fine done"));
  while (clock.getDelayedCalls().length > 0) {
    emit("tick");
    clock.advance(1);
  }
}
