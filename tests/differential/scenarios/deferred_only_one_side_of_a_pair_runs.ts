/** When a callback raises, its own pair's errback is skipped; the next pair's errback gets the failure. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d = new Deferred<number>();
  d.addCallbacks((r) => {
    emit("cb", r);
    throw new TypeError("cb failed");
  }, (f) => emit("same pair errback", f));
  d.addCallbacks(
    (r) => emit("next callback", r),
    (f) => emit("next errback", f),
  );
  d.addCallbacks(
    (r) => emit("then callback", r),
    (f) => emit("then errback", f),
  );
  d.callback(1);
}
