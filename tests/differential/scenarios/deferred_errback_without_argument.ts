/** errback() with no argument: we fail with an Error saying no reason was given (declared difference). */
import { Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  d.addErrback((f) => emit("errback", kind(f)));
  try {
    d.errback();
  } catch (e) {
    emit("raised", kind(e));
  }
  emit("called", d.called);
}
