/** addTimeout on a Deferred waiting on an inner one: the timeout cancels the inner, and the outer gets TimeoutError. */
import { Clock, Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const inner = new Deferred<unknown>(() =>
    emit("inner canceller", clock.seconds())
  );
  const outer = new Deferred<unknown>();
  outer.addCallback(() => inner);
  outer.addTimeout(4, clock);
  outer.addBoth((r) => emit("outer", r));
  outer.callback(null);
  clock.advance(4);
  emit("inner", inner.called);
}
