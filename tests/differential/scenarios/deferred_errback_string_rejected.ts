/** errback with a bare string is a TypeError and leaves the Deferred unfired. */
import { Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>();
  try {
    d.errback("just a string");
  } catch (e) {
    emit("raised", kind(e));
  }
  emit("called", d.called);
  d.callback("later");
  d.addCallback((r) => emit("result", r));
}
