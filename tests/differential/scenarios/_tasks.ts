/**
 * Task functions for the thread_pool_* scenarios (a task crosses into a
 * thread by module and export name; the Python sides define theirs inline).
 *
 * @module
 */
import { context, currentThread, threadTask } from "../../../mod.ts";

/** `a + b`. */
export function add(a: number, b: number): number {
  return a + b;
}

/** Throws `RangeError(message)` (Python: `ValueError`). */
export function raise(message: string): never {
  throw new RangeError(message);
}

/** The context value for `key` where the task runs. */
export function contextValue(key: string): unknown {
  return context.get(key) ?? null;
}

/** Calls `callback` with the name of the thread it runs in. */
export function fireWithThreadName(callback: (name: string) => unknown): void {
  callback(currentThread().name);
}

const HERE = new URL(import.meta.url);

/** The tasks above, as thread tasks. */
export const T = {
  add: threadTask<typeof add>(HERE, "add"),
  raise: threadTask<typeof raise>(HERE, "raise"),
  contextValue: threadTask<typeof contextValue>(HERE, "contextValue"),
  fireWithThreadName: threadTask<typeof fireWithThreadName>(
    HERE,
    "fireWithThreadName",
  ),
};
