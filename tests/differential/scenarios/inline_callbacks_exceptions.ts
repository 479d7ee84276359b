/** A failed yielded Deferred raises its exception at the yield; an uncaught exception (even before the first yield) fails the returned Deferred. */
import { Deferred, fail, inlineCallbacks } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const catches = inlineCallbacks(function* () {
    try {
      yield fail(new RangeError("at the yield"));
    } catch (e) {
      emit("caught", e);
    }
    const d = new Deferred<unknown>();
    d.errback(new TypeError("async failure"));
    try {
      yield d;
    } catch (e) {
      emit("caught again", e);
    }
    return "recovered";
  });
  catches().addCallback((r) => emit("catches result", r));

  const escapes = inlineCallbacks(function* () {
    yield null;
    throw new RangeError("escaped");
  });
  escapes().addErrback((f) => emit("escapes", f));

  // deno-lint-ignore require-yield
  const early = inlineCallbacks(function* () {
    throw new TypeError("before any yield");
  });
  const d = early();
  emit("early call returned a Deferred", d.called);
  d.addErrback((f) => emit("early", f));

  const waiting = new Deferred<unknown>();
  const waits = inlineCallbacks(function* () {
    yield waiting;
  });
  const w = waits();
  w.addErrback((f) => emit("waits", f));
  waiting.errback(new RangeError("later failure"));
}
