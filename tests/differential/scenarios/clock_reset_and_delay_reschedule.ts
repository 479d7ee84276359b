/** DelayedCall.reset moves a call relative to now, delay moves it relative to its time; getTime reflects both. */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const a = clock.callLater(10, emit, "a");
  const b = clock.callLater(10, emit, "b");
  clock.advance(2);
  a.reset(1);
  b.delay(5);
  emit("times", a.getTime(), b.getTime());
  b.delay(-12);
  emit("b pulled in", b.getTime());
  clock.advance(1);
  emit("active", a.active(), b.active(), a.called, b.called);
}
