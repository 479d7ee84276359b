/** cancel() without a canceller errbacks CancelledError; the first later fire is silently ignored, the second raises. */
import { AlreadyCalledError, Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>();
  d.addErrback((f) => {
    emit("errback", f);
    return "swallowed";
  });
  d.cancel();
  emit("called", d.called, d.result);
  d.callback("the work finished anyway");
  emit("first late callback ignored", d.result);
  try {
    d.callback("again");
  } catch (e) {
    if (!(e instanceof AlreadyCalledError)) throw e;
    emit("second late callback", kind(e));
  }
}
