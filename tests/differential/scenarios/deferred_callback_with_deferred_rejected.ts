/** callback() refuses a Deferred as the result (ours: TypeError; declared difference). */
import { Deferred, succeed } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<unknown>();
  try {
    d.callback(succeed(1));
  } catch (e) {
    emit("raised", kind(e));
  }
  emit("called", d.called);
}
