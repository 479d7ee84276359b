/** adjustPoolsize on a started pool grows it to the new minimum and shrinks it to the new maximum. */
import { MemoryPool } from "./_pool.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(1, 4);
  const pool = mp.pool;
  pool.start();
  await mp.settle();
  emit("started", pool.min, pool.max, mp.stats());
  pool.adjustPoolsize(3, 4);
  await mp.settle();
  emit("min 3", pool.min, pool.max, mp.stats());
  pool.adjustPoolsize(0, 1);
  await mp.settle();
  emit("max 1", pool.min, pool.max, mp.stats());
  pool.adjustPoolsize(undefined, 2);
  await mp.settle();
  emit("max 2", pool.min, pool.max, mp.stats());
  pool.stop();
  await mp.settle();
}
