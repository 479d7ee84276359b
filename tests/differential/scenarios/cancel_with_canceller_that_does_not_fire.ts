/** A canceller that does not fire: cancel() then errbacks CancelledError, and nothing later is suppressed. */
import { AlreadyCalledError, Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>(() => emit("canceller called"));
  d.addErrback((f) => emit("errback", f));
  d.cancel();
  try {
    d.callback("late");
  } catch (e) {
    if (!(e instanceof AlreadyCalledError)) throw e;
    emit("late callback", kind(e));
  }
}
