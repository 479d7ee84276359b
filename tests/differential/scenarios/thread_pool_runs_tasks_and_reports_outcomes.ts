/** A started ThreadPool grows to minthreads, runs each task on a worker and calls onResult(True, value) or onResult(False, failure). */
import { MemoryPool } from "./_pool.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(1, 2);
  const pool = mp.pool;
  emit("before start", mp.stats());
  pool.start();
  await mp.settle();
  emit("started", pool.started, mp.stats());
  pool.callInThreadWithCallback(
    (ok, r) => emit("onResult", ok, r),
    T.add,
    2,
    3,
  );
  await mp.settle();
  pool.callInThreadWithCallback(
    (ok, r) => emit("onResult", ok, r),
    T.raise,
    "task failed",
  );
  await mp.settle();
  emit("after", mp.stats());
  pool.stop();
  await mp.settle();
  emit("stopped", pool.started, mp.stats());
}
