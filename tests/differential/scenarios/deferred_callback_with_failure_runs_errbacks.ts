/** callback(aFailure) takes the errback path, exactly like errback(aFailure). */
import { Deferred, Failure } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const f = new Failure(new RangeError("carried"));
  const d = new Deferred<unknown>();
  d.addCallbacks(
    (r) => emit("callback", r),
    (g) => emit("errback", g, g === f),
  );
  d.callback(f);
}
