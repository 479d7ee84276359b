/** Cancelling an outer Deferred that waits on an inner one cancels the inner (not the outer's canceller), through several levels. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const innermost = new Deferred<unknown>(() => emit("innermost canceller"));
  const middle = new Deferred<unknown>(() =>
    emit("middle canceller must not run")
  );
  middle.addCallback(() => innermost);
  const outer = new Deferred<unknown>(() =>
    emit("outer canceller must not run")
  );
  outer.addCallback(() => middle);
  outer.addBoth((r) => emit("outer outcome", r));
  middle.callback(null);
  outer.callback(null);
  outer.cancel();
  emit("states", innermost.called, middle.paused, outer.paused);
}
