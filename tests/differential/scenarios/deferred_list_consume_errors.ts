/** consumeErrors turns each member's failure into None in its own chain (and so nothing is logged); without it the failure stays. */
import { Deferred, DeferredList } from "../../../mod.ts";
import { captureLog, collect, emit } from "../trace.ts";

function run(consume: boolean): void {
  const d = new Deferred<unknown>();
  const dl = new DeferredList([d], { consumeErrors: consume });
  dl.addCallback((r) => emit("list", consume, r));
  d.errback(new RangeError("member failed"));
  d.addBoth((r) => emit("member chain sees", consume, r));
}

export async function main(): Promise<void> {
  const capture = captureLog({ why: true });
  try {
    run(true);
    run(false);
    await collect();
  } finally {
    capture.stop();
  }
  emit("done");
}
