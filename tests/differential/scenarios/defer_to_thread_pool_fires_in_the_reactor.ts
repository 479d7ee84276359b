/** deferToThreadPool runs the task on the pool and fires its Deferred from the reactor thread: only on the reactor's next pass. */
import { deferToThreadPool } from "../../../mod.ts";
import { MemoryPool } from "./_pool.ts";
import { DeterministicReactor } from "./_reactor.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  const mp = new MemoryPool(0, 1);
  mp.pool.start();
  const ok = deferToThreadPool(r, mp.pool, T.add, 20, 22);
  ok.addCallback((v) => emit("result", v));
  const bad = deferToThreadPool(r, mp.pool, T.raise, "in the thread");
  bad.addErrback((f) => emit("failure", f));
  await mp.settle();
  emit("task ran; Deferreds fired?", ok.called, bad.called);
  r.runUntilCurrent();
  emit("after the reactor's pass", ok.called, bad.called);
  mp.pool.stop();
  await mp.settle();
}
