/**
 * Finds a task's function: imports its module (once per realm) and picks
 * the export. The result is cached per `(module, export)`, so every task
 * after the first gets its function synchronously — which is what lets a
 * worker run a batch of tasks back to back without awaiting.
 *
 * @module
 */
import { describeError, describeValue } from "../../_util/describe.ts";

/** A task's function, as loaded. */
export type TaskFn = (...args: unknown[]) => unknown;

interface Entry {
  fn: TaskFn | undefined;
  error: unknown;
  loading: Promise<void> | undefined;
}

const modules = new Map<string, Promise<Record<string, unknown>>>();
const entries = new Map<string, Entry>();

/**
 * The function `exportName` of module `url`: returned directly once loaded,
 * else a promise of it. Throws (or rejects) with a clear error when the
 * module cannot be imported or the export is not a function.
 */
export function loadTask(
  url: string,
  exportName: string,
  key: string = `${url}#${exportName}`,
): TaskFn | Promise<TaskFn> {
  let entry = entries.get(key);
  if (entry === undefined) {
    entry = { fn: undefined, error: undefined, loading: undefined };
    entries.set(key, entry);
    const e = entry;
    e.loading = importModule(url).then(
      (mod) => {
        const fn = mod[exportName];
        if (typeof fn !== "function") {
          e.error = new TypeError(
            `task ${key}: the module has no exported function "${exportName}" (it is ${
              describeValue(fn)
            })`,
          );
        } else e.fn = fn as TaskFn;
      },
      (cause: unknown) => {
        e.error = new Error(
          `task ${key}: could not import its module: ${describeError(cause)}`,
          { cause },
        );
      },
    ).finally(() => {
      e.loading = undefined;
    });
  }
  if (entry.fn !== undefined) return entry.fn;
  const loading = entry.loading;
  if (loading === undefined) throw entry.error;
  const e = entry;
  return loading.then(() => {
    if (e.fn === undefined) throw e.error;
    return e.fn;
  });
}

function importModule(url: string): Promise<Record<string, unknown>> {
  let p = modules.get(url);
  if (p === undefined) {
    // an absolute URL chosen at run time: `deno publish` warns that it
    // cannot analyze this import, and there is nothing to rewrite
    p = import(url) as Promise<Record<string, unknown>>;
    modules.set(url, p);
  }
  return p;
}
