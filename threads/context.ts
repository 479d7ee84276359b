/**
 * `context`: dynamic scoping, Twisted's `twisted.python.context`. A caller
 * pushes a plain object with {@linkcode context.call}; anything that runs
 * *during* that call reads its keys with {@linkcode context.get}, without the
 * values being passed down as arguments.
 *
 * How: one stack of plain objects per realm (JavaScript has one thread per
 * realm, so Twisted's per-thread trackers collapse into one). The bottom is
 * the shared default object that `setDefault` writes; `call` pushes the
 * object itself (not a copy) and pops it in a `finally`, so the stack is
 * restored after a throw; `get` searches from the innermost object outward,
 * O(depth). Keys are an object's own properties: strings or symbols (an
 * object is refused, where Twisted takes any hashable: use a `Symbol`).
 *
 * Limits, deliberate: `call` is synchronous, like Twisted's. A context is
 * visible only while `fn` itself runs — not in callbacks that run later
 * (after an `await`, in a `then`, a timer, a Deferred fired afterwards).
 * Carry it explicitly: capture {@linkcode context.current} and re-enter it
 * with `call`, which is what the thread pool does for each task (it forwards
 * only the innermost object, as Twisted does). A Web Worker is another realm
 * with its own stack and its own default object; a context forwarded to one
 * is structured-cloned, so only string-keyed, cloneable values arrive
 * (symbol-keyed entries are dropped by the clone; a function cannot be sent).
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";

/**
 * One level of context: a plain object whose own properties are the values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { context, type ContextDict } from "@twisted-ts/core/threads";
 * const request: ContextDict = { user: "ada" };
 * const user = context.call(request, () => context.get("user"));
 * assert.equal(user, "ada");
 * ```
 */
export type ContextDict = Readonly<Record<PropertyKey, unknown>>;

// null prototype: setDefault("__proto__", v) stores a value like any key
const defaultContextDict: Record<PropertyKey, unknown> = Object.create(null);
const stack: ContextDict[] = [defaultContextDict];
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Twisted's `twisted.python.context`: `call`, `get`, `setDefault`, the
 * shared `defaultContextDict`, and `current()` (the innermost object, so work
 * handed elsewhere can carry it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { context } from "@twisted-ts/core/threads";
 * function render(): string {
 *   return `request ${context.get("request-id")}`;
 * }
 * const html = context.call({ "request-id": 7 }, render);
 * assert.equal(html, "request 7");
 * assert.equal(context.get("request-id"), undefined, "no leak");
 * ```
 */
export const context: {
  /**
   * Calls `fn(...args)` with `ctx` (any object; its own properties are the
   * values) pushed as the innermost context, and
   * returns what it returns. `ctx` is popped when `fn` returns or throws —
   * synchronously: callbacks that `fn` schedules for later do not see it.
   */
  call<A extends unknown[], R>(
    ctx: object,
    fn: (...args: A) => R,
    ...args: A
  ): R;
  /**
   * The innermost value for `key` (an own property of a context object),
   * or `defaultValue` (default `undefined`) when no context has it.
   */
  get(key: PropertyKey, defaultValue?: unknown): unknown;
  /** Sets `key` in the shared bottom-most context, visible everywhere. */
  setDefault(key: PropertyKey, value: unknown): void;
  /**
   * The innermost context object itself (`defaultContextDict` outside any
   * `call`). The thread pool captures it when a task is submitted and
   * re-enters it, with `call`, where the task runs.
   */
  current(): ContextDict;
  /** The shared bottom-most context, which `setDefault` writes. */
  readonly defaultContextDict: Record<PropertyKey, unknown>;
} = Object.freeze({
  call<A extends unknown[], R>(
    ctx: object,
    fn: (...args: A) => R,
    ...args: A
  ): R {
    if (typeof ctx !== "object" || ctx === null) {
      throw new TypeError(
        `context.call: ctx must be an object, got ${describeValue(ctx)}`,
      );
    }
    requireFunction("context.call: fn", fn);
    const depth = stack.length;
    stack.push(ctx as ContextDict);
    try {
      return fn(...args);
    } finally {
      stack.length = depth;
    }
  },
  get(key: PropertyKey, defaultValue?: unknown): unknown {
    checkKey("get", key);
    for (let i = stack.length - 1; i >= 0; i--) {
      const ctx = stack[i]!;
      if (hasOwn.call(ctx, key)) return ctx[key];
    }
    return defaultValue;
  },
  setDefault(key: PropertyKey, value: unknown): void {
    checkKey("setDefault", key);
    defaultContextDict[key] = value;
  },
  current(): ContextDict {
    return stack[stack.length - 1]!;
  },
  defaultContextDict,
});

/**
 * Keys are property keys: an object key would become `"[object Object]"`
 * and meet every other object key (Twisted's keys are any hashable, often
 * `object()`: a `Symbol` is the private key here).
 */
function checkKey(method: string, key: unknown): void {
  const type = typeof key;
  if (type === "string" || type === "symbol" || type === "number") return;
  throw new TypeError(
    `context.${method}: key must be a string, number or symbol (a Symbol makes a private key), got ${
      describeValue(key)
    }`,
  );
}
