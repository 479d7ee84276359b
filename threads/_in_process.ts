/**
 * Runs a job on the main thread: the pool's fallback where the host has no
 * `Worker`, and what the same pool code does under memory workers in
 * deterministic tests.
 *
 * It keeps the worker path's contract where it can: the module is imported
 * (once) and the export called with the job's arguments inside its context
 * and with its `taskSignal`; a function argument becomes a proxy whose
 * calls run the original through the reactor's `callFromThread`; the
 * outcome is reported the same way. What differs: arguments and results
 * are not cloned (as with Twisted's threads, both sides see the same
 * objects), and the task blocks the reactor while its synchronous part
 * runs.
 *
 * @module
 */
import { context } from "./context.ts";
import { current, invoke, TaskRun } from "./_current.ts";
import { type Job, type JobRunner, STARTED } from "./_job.ts";
import { followResult } from "./_then.ts";
import { loadTask, type TaskFn } from "./_transport/load_task.ts";

class InProcessRun extends TaskRun implements JobRunner {
  constructor(readonly job: Job) {
    super();
  }
  cancelJob(): void {
    this.cancel();
  }
}

/** Runs `job` here (now, or once its module is loaded). */
export function runInProcess(job: Job): void {
  const run = new InProcessRun(job);
  job.state = STARTED;
  job.runner = run;
  let fn: TaskFn | Promise<TaskFn>;
  try {
    fn = loadTask(job.task.moduleUrl, job.task.exportName, job.task.key);
  } catch (e) {
    job.finish(false, e);
    return;
  }
  if (typeof fn === "function") call(run, fn);
  else {
    fn.then(
      (loaded) => call(run, loaded),
      (e: unknown) => job.finish(false, e),
    );
  }
}

function call(run: InProcessRun, fn: TaskFn): void {
  const job = run.job;
  if (run.cancelled) {
    job.finish(false, run.signal().reason);
    return;
  }
  const args = job.args.slice();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "function") args[i] = proxyFor(job, a as TaskFn);
  }
  let result: unknown;
  try {
    result = invoke(run, fn, args, job.ctx, context.call as never);
  } catch (e) {
    job.finish(false, e);
    return;
  }
  if (
    (typeof result !== "object" || result === null) &&
    typeof result !== "function"
  ) {
    job.finish(true, result);
    return;
  }
  // settled as `Promise.resolve(result)` would be, once (see `_then.ts`)
  followResult(
    result,
    (v) => job.finish(true, v),
    (e: unknown) => job.finish(false, e),
  );
}

function proxyFor(job: Job, fn: TaskFn): TaskFn {
  const reactor = job.reactor;
  const proxy = (...args: unknown[]) => {
    reactor.callFromThread(fn, ...args);
  };
  current.proxyTargets.set(proxy, fn);
  return proxy;
}
