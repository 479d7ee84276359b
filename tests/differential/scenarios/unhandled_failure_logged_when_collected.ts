/** A Deferred dropped while holding a Failure is logged as "Unhandled error in Deferred:" when collected; handled ones are not. */
import { Deferred } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function make(handled: boolean): void {
  const d = new Deferred<unknown>();
  if (handled) d.addErrback(() => null);
  d.errback(new RangeError(handled ? "handled" : "nobody looked"));
}

export async function main(): Promise<void> {
  const capture = captureLog({ why: true });
  try {
    make(true);
    await collect();
    emit("handled one collected");
    make(false);
    await collect();
    emit("unhandled one collected");
  } finally {
    capture.stop();
  }
}
