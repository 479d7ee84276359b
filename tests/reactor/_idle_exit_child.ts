/**
 * Run by `idle_exit_test.ts`: a program that ends with something left
 * undone, in one of five ways (the first argument).
 *
 * - `never-ran`: work scheduled on the default reactor, which is never run.
 * - `await-pool`: `await deferToThread(...)` without `reactor.run()`.
 * - `unhandled`: a failed Deferred kept alive and never handled.
 * - `unhandled-exit`: the same, then an explicit exit (`Deno.exit`,
 *   `process.exit`), which skips the idle-exit event.
 * - `pool-only`: the reactor's pool made and sized, given no work (a tool
 *   that sets up, then ends on `--help`): nothing to say.
 *
 * @module
 */
import { fail } from "../../defer/succeed.ts";
import { reactor } from "../../reactor/reactor.ts";
import { deferToThread } from "../../threads/defer_to_thread.ts";
import { threadTask } from "../../threads/thread_task.ts";

const mode = (globalThis as { Deno?: { args: string[] } }).Deno?.args[0] ??
  (globalThis as unknown as { process: { argv: string[] } }).process.argv[2];

if (mode === "never-ran") {
  reactor.callLater(1, () => console.log("never printed"));
} else if (mode === "await-pool") {
  const add = threadTask<(a: number, b: number) => number>(
    new URL("../threads/fixtures/tasks.ts", import.meta.url),
    "add",
  );
  console.log(await deferToThread(add, 1, 2));
} else if (mode === "pool-only") {
  reactor.getThreadPool();
  reactor.suggestThreadPoolSize(4);
} else if (mode === "unhandled" || mode === "unhandled-exit") {
  (globalThis as { kept?: unknown }).kept = fail(
    new RangeError("kept and lost"),
  );
  if (mode === "unhandled-exit") {
    const g = globalThis as {
      Deno?: { exit(code: number): never };
      process?: { exit(code: number): never };
    };
    if (g.Deno !== undefined) g.Deno.exit(0);
    else g.process!.exit(0);
  }
}
