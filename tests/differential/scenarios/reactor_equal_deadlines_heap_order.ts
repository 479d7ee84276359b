/** Twelve calls due at the same instant on the reactor: ours run first-in-first-out (declared difference: Twisted uses heap order). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  const order: number[] = [];
  for (let n = 0; n < 12; n++) r.callLater(5, (x: number) => order.push(x), n);
  r.now = 5;
  r.runUntilCurrent();
  emit("order", order);
}
