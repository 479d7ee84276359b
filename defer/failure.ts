/**
 * `Failure`: a thrown value with its traceback, as it travels down a
 * Deferred's errback chain.
 *
 * The traceback text is built only when asked for (`stack`,
 * `getTraceback()`): engines capture stacks cheaply but format them slowly,
 * and most failures are handled without anyone reading it.
 *
 * @module
 */

/**
 * A class (constructor) that {@linkcode Failure.check} can match against.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type ErrorClass, Failure } from "@twisted-ts/core/defer";
 * const expected: ErrorClass[] = [RangeError, TypeError];
 * const f = new Failure(new TypeError("not a number"));
 * assert.equal(f.check(...expected), TypeError);
 * ```
 */
// deno-lint-ignore no-explicit-any -- any constructor signature can be matched
export type ErrorClass = abstract new (...args: any[]) => unknown;

/** The check behind {@linkcode isFailure}, set by `Failure`'s static block. */
let brand: (value: unknown) => boolean;

/**
 * Wraps any thrown value — an `Error`, a string, `undefined`, anything — so
 * an errback can inspect it (`check`, `trap`), describe it
 * (`getErrorMessage`, `getTraceback`) or re-throw it (`raiseException`).
 *
 * Twisted's `Failure(exc)`; wrapping a Failure copies it (same `value`).
 * JavaScript has no "exception being handled", so there is no argument-less
 * form: pass the caught value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Failure } from "@twisted-ts/core/defer";
 * const f = new Failure(new RangeError("too big"));
 * assert.equal(f.check(TypeError, RangeError), RangeError, "no match");
 * assert.equal(f.getErrorMessage(), "too big", "bad message");
 * ```
 */
export class Failure {
  static {
    // `instanceof` first: on V8, `#field in` costs ~40 ns for an object
    // that lacks the field (~5 for `instanceof`); it confirms only a match
    brand = (value) => {
      try {
        return value instanceof Failure && #stack in value;
      } catch {
        return false; // a Proxy whose getPrototypeOf trap throws
      }
    };
  }

  /** The thrown value itself (the exception object, or whatever was thrown). */
  readonly value: unknown;
  /**
   * The thrown value's class: its constructor for objects, the wrapper
   * constructor (`String`, `Number`, …) for primitives, `null` for `null` and
   * `undefined`.
   */
  readonly type: ErrorClass | null;
  /** Where a value without its own stack was wrapped. */
  #origin: Error | undefined;
  /** The formatted traceback, once asked for. */
  #stack: string | undefined = undefined;

  /**
   * Wraps `value`; a `Failure` is copied rather than nested.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * const f = new Failure(404);
   * assert.equal(f.type, Number);
   * assert.equal(f.value, 404);
   * ```
   */
  constructor(value: unknown) {
    let isError = false;
    if (isFailure(value)) {
      this.value = value.value;
      this.type = value.type;
      this.#origin = value.#origin;
      this.#stack = value.#stack;
      return;
    }
    try {
      isError = value instanceof Error;
    } catch {
      // an exotic value (a revoked proxy): neither a Failure nor an Error
    }
    this.value = value;
    this.type = classOf(value);
    // an Error's stack is formatted lazily by the engine: do not touch it
    this.#origin = isError || ownStack(value) !== undefined
      ? undefined
      : new Error();
  }

  /**
   * The traceback: the thrown value's own stack when it has one, else the
   * stack where this Failure was made, under a `Type: message` line.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * assert.ok(new Failure(new Error("x")).stack.startsWith("Error: x"));
   * ```
   */
  get stack(): string {
    if (this.#stack === undefined) {
      const own = ownStack(this.value);
      this.#stack = own !== undefined
        ? own
        : `${typeName(this.type)}: ${messageOf(this.value)}\n${
          (this.#origin?.stack ?? "").split("\n").slice(2).join("\n")
        }`;
    }
    return this.#stack;
  }

  /**
   * Twisted's `cleanFailure`: formats the traceback now and lets go of the
   * live stack frames this Failure captured itself (for a value without a
   * stack of its own), so that they keep nothing else alive. Returns this
   * Failure.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * const f = new Failure("thrown string").cleanFailure();
   * assert.ok(f.getTraceback().startsWith("String: thrown string"));
   * ```
   */
  cleanFailure(): this {
    void this.stack;
    this.#origin = undefined;
    return this;
  }

  /**
   * The first of `types` that the value is an instance of, or `undefined`.
   * A string matches the name of any class in the value's prototype chain,
   * or the value's own `name` (useful for errors that crossed a worker).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * const f = new Failure(new TypeError("bad"));
   * assert.equal(f.check(RangeError), undefined, "no");
   * assert.equal(f.check(RangeError, Error), Error, "base class");
   * assert.equal(f.check("TypeError"), "TypeError", "by name");
   * ```
   */
  check<C extends (ErrorClass | string)[]>(...types: C): C[number] | undefined {
    for (const t of types) {
      if (typeof t === "string") {
        if (namesOf(this.value).includes(t)) return t;
      } else if (typeof t === "function") {
        if (this.type === t || isInstance(this.value, t)) return t;
      }
    }
    return undefined;
  }

  /**
   * Like {@linkcode Failure.check}, but re-throws the original value when
   * nothing matches: the idiom for "handle these errors, pass the rest on".
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CancelledError, fail } from "@twisted-ts/core/defer";
   * let handled = false;
   * fail(new CancelledError()).addErrback((f) => {
   *   f.trap(CancelledError); // any other error would continue down the chain
   *   handled = true;
   * });
   * assert.ok(handled);
   * ```
   */
  trap<C extends (ErrorClass | string)[]>(...types: C): C[number] {
    const matched = this.check(...types);
    if (matched === undefined) throw this.value;
    return matched;
  }

  /**
   * The value's message: `Error.message` (or an error-like object's
   * `message`), or the value as a string.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * assert.equal(new Failure(new Error("disk full")).getErrorMessage(), "disk full");
   * ```
   */
  getErrorMessage(): string {
    return messageOf(this.value);
  }

  /**
   * A readable traceback ending in a newline: {@linkcode Failure.stack}.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * const text = new Failure(new SyntaxError("bad token")).getTraceback();
   * assert.ok(text.startsWith("SyntaxError: bad token"));
   * ```
   */
  getTraceback(): string {
    const stack = this.stack;
    return stack.endsWith("\n") ? stack : stack + "\n";
  }

  /**
   * Throws the original value (not the Failure).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Failure } from "@twisted-ts/core/defer";
   * const e = new Error("again");
   * assert.throws(() => new Failure(e).raiseException(), (x) => x === e);
   * ```
   */
  raiseException(): never {
    throw this.value;
  }

  /** `[Failure instance: Type: message]`, as Twisted prints it. */
  toString(): string {
    return `[Failure instance: ${
      typeName(this.type)
    }: ${this.getErrorMessage()}]`;
  }
}

/**
 * @internal Whether `value` is a `Failure`. Unlike `instanceof`, it runs no
 * code of the value's: `instanceof` asks a Proxy's `getPrototypeOf` trap,
 * which may throw (a revoked Proxy always does), and a Proxy may claim
 * `Failure.prototype` without being one. Code that receives thrown or
 * returned values uses this.
 */
export function isFailure(value: unknown): value is Failure {
  // the common primitive result pays no call
  return typeof value === "object" && value !== null && brand(value);
}

/** The value's own stack text: an `Error`'s, or an error-like object's. */
function ownStack(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    const stack = (value as { stack?: unknown }).stack;
    return typeof stack === "string" && stack !== "" ? stack : undefined;
  } catch {
    return undefined;
  }
}

function isInstance(value: unknown, type: ErrorClass): boolean {
  try {
    return value instanceof type;
  } catch {
    return false; // a class with a throwing Symbol.hasInstance
  }
}

function classOf(value: unknown): ErrorClass | null {
  if (value === null || value === undefined) return null;
  try {
    const ctor = (Object(value) as { constructor?: unknown }).constructor;
    return typeof ctor === "function" ? ctor as ErrorClass : null;
  } catch {
    return null;
  }
}

function typeName(type: ErrorClass | null): string {
  if (type === null) return "null";
  try {
    const name: unknown = type.name;
    if (typeof name === "string" && name !== "") return name;
  } catch {
    // a class whose static `name` getter throws
  }
  return "<anonymous class>";
}

function namesOf(value: unknown): string[] {
  const names: string[] = [];
  if (value === null || value === undefined) return names;
  try {
    const own = (value as { name?: unknown }).name;
    if (typeof own === "string") names.push(own);
    for (
      let p = Object.getPrototypeOf(Object(value));
      p;
      p = Object.getPrototypeOf(p)
    ) {
      const n = Object.hasOwn(p, "constructor")
        ? (p as { constructor?: { name?: unknown } }).constructor?.name
        : undefined;
      if (typeof n === "string") names.push(n);
    }
  } catch {
    // an exotic value (revoked proxy): no names to match
  }
  return names;
}

function messageOf(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message);
    if (typeof value === "symbol") return value.toString();
    if (typeof value === "object" && value !== null) {
      const message = (value as { message?: unknown }).message;
      if (typeof message === "string") return message;
      const text = String(value);
      // a plain object says nothing as "[object Object]": show its content
      if (text.startsWith("[object ")) return jsonOf(value) ?? text;
      return text;
    }
    return String(value);
  } catch {
    return "<unprintable value>";
  }
}

/** `value` as JSON, cut at 200 characters; `undefined` if it cannot be. */
function jsonOf(value: object): string | undefined {
  try {
    const json = JSON.stringify(value);
    if (typeof json !== "string") return undefined;
    return json.length > 200 ? `${json.slice(0, 199)}…` : json;
  } catch {
    return undefined; // a cycle, a BigInt, a throwing toJSON
  }
}
