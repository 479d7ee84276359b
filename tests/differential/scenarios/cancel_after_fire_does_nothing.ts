/** cancel() on a Deferred that already has a result calls no canceller and changes nothing. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>(() => emit("canceller must not run"));
  d.callback("done");
  d.cancel();
  d.addBoth((r) => emit("result", r));
}
