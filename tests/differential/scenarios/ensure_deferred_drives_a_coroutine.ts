/** ensureDeferred drives a coroutine: awaiting a fired Deferred continues at once, an unfired one suspends until it fires. */
import { Deferred, ensureDeferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const gate = new Deferred<number>();
  function* work() {
    emit("coroutine starts");
    const a = (yield succeed(1)) as number;
    emit("after fired await", a);
    const b = (yield gate) as number;
    emit("after gate", b);
    return a + b;
  }
  const d = ensureDeferred(work());
  emit("ensureDeferred returned", d.called);
  d.addCallback((r) => emit("result", r));
  gate.callback(2);
  emit("after firing the gate", d.called);
}
