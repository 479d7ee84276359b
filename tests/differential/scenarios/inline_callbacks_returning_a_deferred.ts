/** An inlineCallbacks generator that returns a Deferred: we fail the returned Deferred with a TypeError (declared difference). */
import { inlineCallbacks, succeed } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const returnsDeferred = inlineCallbacks(function* () {
    yield null;
    return succeed("inner");
  });
  try {
    const d = returnsDeferred();
    d.addBoth((r) => emit("outcome", kind(r)));
  } catch (e) {
    emit("call raised", kind(e));
  }
}
