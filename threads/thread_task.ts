/**
 * `threadTask`: the handle by which work crosses to a Web Worker. Workers
 * share no memory with the main thread, so a function cannot be sent; its
 * module URL and export name can. The worker imports the module (once) and
 * calls the export with structured-cloned arguments.
 *
 * @module
 */
import { describeValue, requireOptions } from "../_util/describe.ts";

/**
 * Any function type a task may have: the bound on `threadTask<F>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { TaskFunction } from "@twisted-ts/core/threads";
 * const ok: TaskFunction = (a: number, b: string) => `${a}${b}`;
 * assert.equal(ok.length, 2);
 * ```
 */
export type TaskFunction = (...args: never[]) => unknown;

/**
 * What an untyped handle (`threadTask(url, name)` without `F`) stands for:
 * any arguments, an `unknown` result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadTask, type ThreadTask, type UntypedTask } from "@twisted-ts/core/threads";
 * const task: ThreadTask<UntypedTask> = threadTask("file:///srv/t.ts", "f");
 * assert.equal(task.exportName, "f");
 * ```
 */
export type UntypedTask = (...args: unknown[]) => unknown;

/**
 * A typed handle to an exported function of a module that a worker can
 * import: made by {@linkcode threadTask}. `F` is the function's type, so
 * `deferToThread(task, ...args)` checks the arguments and types the result.
 *
 * @typeParam F the exported function's type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadTask } from "@twisted-ts/core/threads";
 * const task = threadTask<(a: number, b: number) => number>(
 *   "https://example.com/tasks.ts",
 *   "add",
 * );
 * assert.equal(task.toString(), "https://example.com/tasks.ts#add");
 * ```
 */
export class ThreadTask<F extends TaskFunction = TaskFunction> {
  /** The module's absolute URL. */
  readonly moduleUrl: string;
  /** The export's name (`"default"` for a default export). */
  readonly exportName: string;
  /** `moduleUrl#exportName`: how errors and logs name the task. */
  readonly key: string;
  /**
   * Seconds a call may take before its Deferred fails with `TimeoutError`
   * and the call is cancelled; `undefined`: the pool's `taskTimeout`.
   */
  readonly timeout: number | undefined;
  /** Type-only: never set; carries `F` for the type checker. */
  declare readonly signature?: F;

  /** Use {@linkcode threadTask}, which checks its arguments. */
  constructor(moduleUrl: string, exportName: string, timeout?: number) {
    this.moduleUrl = moduleUrl;
    this.exportName = exportName;
    this.key = `${moduleUrl}#${exportName}`;
    this.timeout = timeout;
  }

  /** `moduleUrl#exportName`. */
  toString(): string {
    return this.key;
  }
}

/**
 * A handle to `exportName` (default `"default"`) of the module at
 * `moduleUrl`, which must be absolute: write
 * `new URL("./tasks.ts", import.meta.url)` so it resolves the same from a
 * local checkout, a JSR import or an installed package. Give the function's
 * type as `F` (e.g. `typeof import("./tasks.ts").add`) to keep the
 * parameter and return types; without it, the handle takes any arguments
 * and its result is `unknown`.
 *
 * Nothing is imported here: the module is loaded by the worker that first
 * runs the task, and a missing module or export fails that task with a
 * clear error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadTask } from "@twisted-ts/core/threads";
 * const hash = threadTask<(text: string) => Promise<string>>(
 *   new URL("./tasks/hash.ts", "file:///srv/app/"),
 *   "sha256",
 * );
 * assert.equal(hash.moduleUrl, "file:///srv/app/tasks/hash.ts");
 * ```
 */
export function threadTask<F extends TaskFunction = UntypedTask>(
  moduleUrl: string | URL,
  exportName = "default",
  options: ThreadTaskOptions = {},
): ThreadTask<F> {
  let url: string;
  if (moduleUrl instanceof URL) url = moduleUrl.href;
  else if (typeof moduleUrl === "string" && URL.canParse(moduleUrl)) {
    url = new URL(moduleUrl).href;
  } else {
    throw new TypeError(
      `threadTask: moduleUrl must be an absolute URL (write new URL("./tasks.ts", import.meta.url)), got ${
        describeValue(moduleUrl)
      }`,
    );
  }
  if (typeof exportName !== "string" || exportName === "") {
    throw new TypeError(
      `threadTask: exportName must be a non-empty string, got ${
        describeValue(exportName)
      }`,
    );
  }
  requireOptions("threadTask: options", options, ["timeout"]);
  const { timeout } = options;
  if (
    timeout !== undefined && (typeof timeout !== "number" || !(timeout >= 0))
  ) {
    throw new (typeof timeout === "number" ? RangeError : TypeError)(
      `threadTask: options.timeout must be a number of seconds >= 0, got ${
        describeValue(timeout)
      }`,
    );
  }
  return new ThreadTask<F>(url, exportName, timeout);
}

/**
 * Options of a {@linkcode threadTask} handle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadTask, type ThreadTaskOptions } from "@twisted-ts/core/threads";
 * const options: ThreadTaskOptions = { timeout: 2.5 };
 * const resize = threadTask("file:///srv/app/images.ts", "resize", options);
 * assert.equal(resize.timeout, 2.5);
 * ```
 */
export interface ThreadTaskOptions {
  /**
   * Seconds each call may take, from submission, before its Deferred fails
   * with `TimeoutError` and the call is cancelled (the pool's
   * `cancelGrace` then applies). Default: the pool's `taskTimeout`.
   */
  readonly timeout?: number;
}

/** Throws a `TypeError` naming `what` unless `task` is a {@linkcode ThreadTask}. */
export function requireTask(what: string, task: unknown): ThreadTask {
  if (task instanceof ThreadTask) return task;
  throw new TypeError(
    `${what} must be a ThreadTask (threadTask(new URL("./tasks.ts", import.meta.url), "name")): functions cannot cross to a Web Worker, got ${
      describeValue(task)
    }`,
  );
}
