/** The outer returns an already-fired middle Deferred that itself waits on an inner: the middle's callbacks run when the inner fires, then the outer's. */
import { Deferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = new Deferred<string>();
  const middle = succeed<unknown>("m");
  middle.addCallback((r) => {
    emit("middle first", r);
    return inner;
  });
  middle.addCallback((r) => {
    emit("middle second", r);
    return r + "+middle";
  });
  const outer = new Deferred<string>();
  outer.addCallback(() => middle);
  outer.addCallback((r) => emit("outer", r));
  outer.callback("o");
  emit("waiting", middle.paused, outer.paused);
  inner.callback("i");
  emit("done", middle.paused, outer.paused);
}
