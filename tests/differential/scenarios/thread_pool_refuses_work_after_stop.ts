/** callInThread on a stopped ThreadPool: we report AlreadyQuit to onResult (or log.err) instead of dropping the task (declared difference). */
import { MemoryPool } from "./_pool.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(0, 1);
  const pool = mp.pool;
  pool.start();
  pool.stop();
  await mp.settle();
  pool.callInThreadWithCallback(
    (ok, r) => emit("onResult", ok, r),
    T.add,
    1,
    1,
  );
  await mp.settle();
  emit("after", mp.stats());
}
