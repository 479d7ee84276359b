/** addCallbacks passes callbackArgs and errbackArgs after the result. */
import { Deferred, type Failure } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const cb = (r: unknown, ...args: unknown[]) => {
    emit("cb", r, args);
    throw new RangeError("from cb");
  };
  const eb = (f: Failure, ...args: unknown[]) => {
    emit("eb", f, args);
    return "recovered";
  };

  const d = new Deferred<string>();
  d.addCallbacks(cb, eb, { callbackArgs: [1, "two"], errbackArgs: [3] });
  d.addCallbacks(cb, eb, { callbackArgs: [4], errbackArgs: [5, null] });
  d.addCallbacks((r) => emit("last cb", r), eb, { errbackArgs: [6] });
  d.callback("start");
}
