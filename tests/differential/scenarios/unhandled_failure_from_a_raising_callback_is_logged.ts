/** A Deferred whose callback raised, dropped without an errback, is reported as unhandled once collected (the exception's traceback does not keep it alive). */
import { Deferred } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function make(): void {
  const d = new Deferred<string>();
  d.addCallback((r) => {
    throw new RangeError(`raised in a callback: ${r}`);
  });
  d.callback("x");
}

export async function main(): Promise<void> {
  const capture = captureLog({ why: true });
  try {
    make();
    await collect();
    emit("collected");
  } finally {
    capture.stop();
  }
}
