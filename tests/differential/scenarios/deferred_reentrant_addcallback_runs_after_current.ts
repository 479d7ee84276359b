/** A callback that adds a callback to its own Deferred: the new one runs after the current one returns. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<number>();
  const added = (r: number) => {
    emit("added runs", r);
    return r + 1;
  };
  d.addCallback((r) => {
    emit("first enters", r);
    d.addCallback(added);
    emit("first leaves");
    return r + 1;
  });
  d.addCallback((r) => {
    emit("second", r);
    return r + 1;
  });
  d.callback(0);
  d.addCallback((r) => emit("after", r));
}
