/** ThreadPool() and the reactor's pool default to a fixed number of threads (20 and 10; twisted-ts: the core count). */
import { ThreadPool } from "../../../mod.ts";
import { emit } from "../trace.ts";
import { DeterministicReactor } from "./_reactor.ts";

const cores = navigator.hardwareConcurrency;

/** A maximum as the rule that gives it (machines differ in cores). */
function max(n: number): number | string {
  return n === cores ? "the core count" : n;
}

/** A minimum as the rule that gives it. */
function min(n: number): number | string {
  return n === Math.min(5, cores) ? "min(5, the core count)" : n;
}

export async function main(): Promise<void> {
  const pool = new ThreadPool({ inProcess: true });
  emit(
    "ThreadPool()",
    "minthreads",
    min(pool.min),
    "maxthreads",
    max(pool.max),
  );
  const reactor = new DeterministicReactor();
  const threads = reactor.getThreadPool() as ThreadPool;
  emit(
    "reactor.getThreadPool()",
    "minthreads",
    threads.min,
    "maxthreads",
    max(threads.max),
  );
  reactor.callWhenRunning(reactor.stop);
  await reactor.run();
}
