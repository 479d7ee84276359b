/** When the timeout cancels, a canceller that calls back provides the result; one that errbacks with another error keeps that error. */
import { Clock, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = new Deferred<string>((d) => d.callback("canceller's value"));
  d.addTimeout(1, clock);
  d.addBoth((r) => emit("calling-back canceller", r));

  const e = new Deferred<string>((d) =>
    d.errback(new RangeError("canceller's error"))
  );
  e.addTimeout(1, clock);
  e.addBoth((r) => emit("errbacking canceller", r));

  const g = new Deferred<unknown>();
  g.addErrback((f) => {
    emit("errback inside the timeout swallows", f);
    return "swallowed";
  });
  g.addTimeout(1, clock);
  g.addBoth((r) => emit("after swallowing", r));
  clock.advance(1);
}
