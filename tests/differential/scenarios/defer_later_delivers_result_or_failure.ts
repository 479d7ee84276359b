/** deferLater calls the function after the delay and fires with its result or failure; without a function it fires with None. */
import { Clock, deferLater } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  deferLater(clock, 2, (a: number, b: number) => a * b, 6, 7).addCallback((r) =>
    emit("result", r, clock.seconds())
  );
  deferLater(clock, 1, () => {
    throw new RangeError("later failure");
  }).addErrback((f) => emit("failure", f, clock.seconds()));
  deferLater(clock, 3).addCallback((r) => emit("no function", r));
  emit("scheduled", clock.getDelayedCalls().length);
  clock.advance(3);
}
