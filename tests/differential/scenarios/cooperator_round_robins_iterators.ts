/** A Cooperator steps its tasks round-robin, one item each per turn, within a tick until the terminator says stop; coiterate's Deferred fires with the iterator. */
import { Clock, Cooperator } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  let budget = 0;
  const terminator = () => --budget <= 0;
  const coop = new Cooperator({
    terminationPredicateFactory: () => terminator,
    scheduler: (f) => clock.callLater(1, f),
  });
  function* gen(name: string, n: number) {
    for (let i = 0; i < n; i++) {
      emit("step", name, i);
      yield null;
    }
  }
  const a = gen("a", 3);
  coop.coiterate(a).addCallback((it) => emit("a done", it === a));
  coop.coiterate(gen("b", 2)).addCallback(() => emit("b done"));
  emit("ticks scheduled", clock.getDelayedCalls().length);
  let turn = 0;
  while (clock.getDelayedCalls().length > 0) {
    turn++;
    budget = 3;
    emit("tick", turn);
    clock.advance(1);
  }
  emit("idle", coop.running);
}
