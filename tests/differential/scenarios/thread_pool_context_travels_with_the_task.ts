/** The caller's innermost context travels with a task: context.get in the task sees what was set around callInThread. */
import { context } from "../../../mod.ts";
import { MemoryPool } from "./_pool.ts";
import { T } from "./_tasks.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const mp = new MemoryPool(0, 1);
  const pool = mp.pool;
  pool.start();
  const report = (ok: boolean, r: unknown) => emit("task saw", ok, r);
  context.call(
    { user: "ada" },
    () => pool.callInThreadWithCallback(report, T.contextValue, "user"),
  );
  pool.callInThreadWithCallback(report, T.contextValue, "user");
  emit("caller's context after", context.get("user"));
  await mp.settle();
  pool.stop();
  await mp.settle();
}
