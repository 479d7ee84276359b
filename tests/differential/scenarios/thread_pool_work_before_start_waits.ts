/** Tasks submitted before start() wait in the backlog; start() grows the pool for them, up to maxthreads. */
import { MemoryPool } from "./_pool.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(0, 2);
  const pool = mp.pool;
  for (const n of [1, 2, 3]) {
    pool.callInThreadWithCallback(
      (ok, r) => emit("onResult", n, ok, r),
      T.add,
      n * 10,
      0,
    );
  }
  await mp.settle();
  emit("before start", mp.stats());
  pool.start();
  while (mp.coordinate());
  emit("started", mp.stats());
  await mp.settle();
  emit("done", mp.stats());
  pool.stop();
  await mp.settle();
}
