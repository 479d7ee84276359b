/** stop() on a pool that never got a worker for its backlog: we fail those tasks with AlreadyQuit (declared difference). */
import { MemoryPool } from "./_pool.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(0, 1);
  const pool = mp.pool;
  pool.callInThreadWithCallback(
    (ok, r) => emit("onResult", ok, r),
    T.add,
    1,
    1,
  );
  await mp.settle();
  pool.stop();
  await mp.settle();
  emit("after stop", mp.stats());
}
