/** deferLater's function returning a Deferred: the result waits for that Deferred. */
import { Clock, deferLater, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const inner = new Deferred<string>();
  const d = deferLater(clock, 1, () => inner);
  d.addCallback((r) => emit("result", r, clock.seconds()));
  clock.advance(1);
  emit("waiting on the inner Deferred", d.called, d.paused);
  clock.callLater(2, inner.callback, "inner value");
  clock.advance(2);
}
