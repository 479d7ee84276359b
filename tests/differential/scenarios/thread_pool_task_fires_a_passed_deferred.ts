/** A pool thread's task fires a Deferred through the d.callback it was handed (the seed's third program): the callbacks get the task's result, and run in that pool thread in Twisted, in the reactor's thread in twisted-ts (declared difference). */
import { currentThread, Deferred, ThreadPool } from "../../../mod.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  // a real Web Worker; results come back through this "reactor" at once
  const pool = new ThreadPool({
    minthreads: 1,
    maxthreads: 1,
    name: "seed",
    reactor: { callFromThread: (fn, ...args) => fn(...args) },
  });
  pool.start();
  const d = new Deferred<string>();
  d.addCallback((name) => {
    emit("the task ran in", name);
    emit("the callback runs in", currentThread().name);
  });
  pool.callInThread(T.fireWithThreadName, d.callback);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((r) => {
    timer = setTimeout(r, 10_000, false);
  });
  const came = await Promise.race([d.then(() => true), timeout]);
  clearTimeout(timer);
  emit("the result came back", came);
  await pool.stop();
}
