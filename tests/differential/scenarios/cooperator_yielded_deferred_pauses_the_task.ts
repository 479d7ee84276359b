/** A Cooperator task that yields an unfired Deferred is paused until it fires; its result is dropped and the task resumes. */
import { Clock, Cooperator, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const coop = new Cooperator({
    terminationPredicateFactory: () => () => false,
    scheduler: (f) => clock.callLater(1, f),
  });
  const gate = new Deferred<string>();
  function* waiting(): Generator<unknown, void, unknown> {
    emit("waiting: before the gate");
    const got = yield gate;
    emit("waiting: after the gate", got);
  }
  function* other() {
    for (let i = 0; i < 3; i++) {
      emit("other", i);
      yield null;
    }
  }
  coop.coiterate(waiting()).addCallback(() => emit("waiting done"));
  coop.coiterate(other()).addCallback(() => emit("other done"));
  clock.advance(1);
  emit("gate fires");
  gate.callback("gate value");
  emit("gate now holds", gate.result);
  while (clock.getDelayedCalls().length > 0) {
    emit("tick");
    clock.advance(1);
  }
}
