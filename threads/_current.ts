/**
 * What is running right now in this realm, for the helpers a task calls
 * (`taskSignal`, `blockingCallFromThread`): the current task's run record,
 * and — inside a pool's Web Worker — the worker side's blocking-call hook.
 *
 * The state lives on `globalThis` under a registered symbol, so a task
 * module that imports a different copy of this package (another version,
 * or the same code by another URL) still sees the worker it runs in.
 *
 * @module
 */
import { CancelledError } from "../defer/errors.ts";

/**
 * One running task: its cancellation state and, made on first request, the
 * `AbortSignal` the task can watch.
 */
export class TaskRun {
  #controller: AbortController | undefined = undefined;
  #cancelled = false;

  /** Whether the task was cancelled. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** The task's signal (aborted already if it was cancelled). */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelled) this.#controller.abort(cancelReason());
    }
    return this.#controller.signal;
  }

  /** Marks the task cancelled and aborts its signal, if one was made. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#controller?.abort(cancelReason());
  }
}

function cancelReason(): CancelledError {
  return new CancelledError("the task's Deferred was cancelled");
}

/** The worker side's hook for `blockingCallFromThread`. */
export interface WorkerSide {
  /**
   * Runs `target` on the main thread with `args` and waits for its result;
   * `target` is a function proxy or a thread task. Throws what it threw.
   */
  blockingCall(target: unknown, args: unknown[]): unknown;
}

/** This realm's shared state. */
export interface Current {
  /** The task whose synchronous part is running, or `null`. */
  task: TaskRun | null;
  /** Set by the worker entry module inside a pool's Web Worker. */
  worker: WorkerSide | null;
  /** In-process proxies: the function each one stands for. */
  readonly proxyTargets: WeakMap<object, (...args: never[]) => unknown>;
}

const KEY = Symbol.for("@twisted-ts/core/threads: current");
const g = globalThis as unknown as Record<symbol, Current | undefined>;

/** The shared state of this realm. */
export const current: Current = g[KEY] ??= {
  task: null,
  worker: null,
  proxyTargets: new WeakMap(),
};

/**
 * Calls `fn(...args)` as task `run`: `run` is the current task during the
 * call, and `ctx` (when not `null`) the innermost context.
 */
export function invoke(
  run: TaskRun,
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
  ctx: object | null,
  call: (
    ctx: object,
    fn: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) => unknown,
): unknown {
  const previous = current.task;
  current.task = run;
  try {
    return ctx === null ? fn(...args) : call(ctx, fn, ...args);
  } finally {
    current.task = previous;
  }
}
