/** An inlineCallbacks function yielding another's Deferred waits for it; results and failures pass up. */
import { Deferred, inlineCallbacks } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const gate1 = new Deferred<number>();
  const gate2 = new Deferred<number>();
  const inner = inlineCallbacks(function* (x: number, gate: Deferred<number>) {
    emit("inner starts", x);
    const y = (yield gate) as number;
    if (y < 0) throw new RangeError("negative");
    return x + y;
  });
  const outer = inlineCallbacks(function* () {
    emit("outer starts");
    const r = (yield inner(1, gate1)) as number;
    emit("outer got", r);
    try {
      yield inner(2, gate2);
    } catch (e) {
      emit("outer caught", e);
    }
    return r * 2;
  });
  const d = outer();
  d.addCallback((r) => emit("outer result", r));
  emit("waiting", d.called);
  gate1.callback(10);
  emit("gate1 now holds", gate1.result);
  gate2.callback(-1);
}
