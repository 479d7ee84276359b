/** A callback returning its own Deferred: we fail it with a TypeError and go on (declared difference). */
import { Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.addCallback(() => d);
  d.addBoth((r) => emit("next", kind(r)));
  d.callback(1);
  emit("paused", d.paused);
}
