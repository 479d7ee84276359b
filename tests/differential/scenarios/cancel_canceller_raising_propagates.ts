/** An exception raised by a canceller propagates out of cancel() and leaves the Deferred unfired. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>(() => {
    throw new RangeError("canceller broke");
  });
  try {
    d.cancel();
  } catch (e) {
    emit("cancel raised", e);
  }
  emit("called", d.called);
  d.callback("still usable");
  d.addCallback((r) => emit("result", r));
}
