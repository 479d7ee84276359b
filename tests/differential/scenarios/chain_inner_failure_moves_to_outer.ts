/** A chained inner Deferred's Failure moves to the outer; the inner holds None and nothing is logged as unhandled. */
import { Deferred } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function run(): void {
  const inner = new Deferred<unknown>();
  const outer = new Deferred<unknown>();
  outer.addCallback(() => inner);
  outer.addErrback((f) => {
    emit("outer errback", f);
    return "recovered";
  });
  outer.callback(null);
  inner.errback(new RangeError("inner failed"));
  emit("inner result", inner.result);
  emit("outer result", outer.result);
}

export async function main(): Promise<void> {
  const capture = captureLog({ why: true });
  try {
    run();
    await collect();
  } finally {
    capture.stop();
  }
  emit("done");
}
