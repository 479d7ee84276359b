/** A Failure left unhandled at first is not logged once an errback added later handles it. */
import { Deferred } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function make(): void {
  const d = new Deferred<unknown>();
  d.errback(new RangeError("late handling"));
  d.addErrback((f) => emit("handled late", f));
}

function makeAndConvert(): void {
  const d = new Deferred<unknown>();
  d.errback(new RangeError("first"));
  d.addErrback((f) => f.trap(TypeError));
}

export async function main(): Promise<void> {
  const capture = captureLog({ why: true });
  try {
    make();
    await collect();
    emit("collected");
    makeAndConvert();
    await collect();
    emit("collected the still-failing one");
  } finally {
    capture.stop();
  }
}
