/** Cancelling an inlineCallbacks Deferred cancels the Deferred it waits on; CancelledError is raised at the yield and can be caught. */
import { CancelledError, Deferred, inlineCallbacks } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const inner = new Deferred<unknown>(() => emit("inner canceller"));
  const catches = inlineCallbacks(function* () {
    try {
      yield inner;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      emit("caught", e);
    }
    return "clean exit";
  });
  const d = catches();
  d.addBoth((r) => emit("outcome", r));
  d.cancel();

  const inner2 = new Deferred<unknown>();
  const letsItThrough = inlineCallbacks(function* () {
    yield inner2;
    emit("never");
  });
  const d2 = letsItThrough();
  d2.addBoth((r) => emit("outcome 2", r));
  d2.cancel();

  const inner3 = new Deferred<string>((d) =>
    d.callback("value from canceller")
  );
  const getsValue = inlineCallbacks(function* () {
    const v = yield inner3;
    emit("resumed with", v);
    return v;
  });
  const d3 = getsValue();
  d3.addBoth((r) => emit("outcome 3", r));
  d3.cancel();
}
