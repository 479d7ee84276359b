/**
 * `Failure`: a thrown value with its traceback, as it travels down a
 * Deferred's errback chain.
 *
 * @module
 */

/** A class (constructor) that {@linkcode Failure.check} can match against. */
// deno-lint-ignore no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => unknown;

/**
 * Wraps any thrown value — an `Error`, a string, `undefined`, anything — so
 * an errback can inspect it (`check`, `trap`), describe it
 * (`getErrorMessage`, `getTraceback`) or re-throw it (`raiseException`).
 *
 * Twisted's `Failure(exc)`; wrapping a Failure copies it (same `value`).
 *
 * @example
 * ```ts
 * import { Failure } from "@twisted-ts/core/defer";
 * const f = new Failure(new RangeError("too big"));
 * if (f.check(TypeError, RangeError) !== RangeError) throw new Error("no match");
 * if (f.getErrorMessage() !== "too big") throw new Error("bad message");
 * ```
 */
export class Failure {
  /** The thrown value itself (the exception object, or whatever was thrown). */
  readonly value: unknown;
  /**
   * The thrown value's class: its constructor for objects, the wrapper
   * constructor (`String`, `Number`, …) for primitives, `null` for `null` and
   * `undefined`.
   */
  readonly type: ErrorClass | null;
  /** The stack captured where the value was thrown (or this Failure made). */
  readonly stack: string;

  /** Wraps `value`; a `Failure` is copied rather than nested. */
  constructor(value: unknown) {
    if (value instanceof Failure) {
      this.value = value.value;
      this.type = value.type;
      this.stack = value.stack;
      return;
    }
    this.value = value;
    this.type = classOf(value);
    this.stack = value instanceof Error && typeof value.stack === "string"
      ? value.stack
      : `${typeName(this.type)}: ${messageOf(value)}\n${creationStack()}`;
  }

  /**
   * The first of `types` that the value is an instance of, or `undefined`.
   * A string matches the name of any class in the value's prototype chain,
   * or the value's own `name` (useful for errors that crossed a worker).
   */
  check<C extends ErrorClass | string>(...types: C[]): C | undefined {
    for (const t of types) {
      if (typeof t === "string") {
        if (namesOf(this.value).includes(t)) return t;
      } else if (typeof t === "function") {
        if (this.value instanceof t || this.type === t) return t;
      }
    }
    return undefined;
  }

  /**
   * Like {@linkcode Failure.check}, but re-throws the original value when
   * nothing matches: the idiom for "handle these errors, pass the rest on".
   */
  trap<C extends ErrorClass | string>(...types: C[]): C {
    const matched = this.check(...types);
    if (matched === undefined) throw this.value;
    return matched;
  }

  /** The value's message: `Error.message`, or the value as a string. */
  getErrorMessage(): string {
    return messageOf(this.value);
  }

  /** A readable traceback: the stack of the thrown value (or of this Failure). */
  getTraceback(): string {
    return this.stack.endsWith("\n") ? this.stack : this.stack + "\n";
  }

  /** Throws the original value (not the Failure). */
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
  return type?.name || "null";
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
      const n = (p as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof n === "string") names.push(n);
    }
  } catch {
    // an exotic value (revoked proxy): no names to match
  }
  return names;
}

function messageOf(value: unknown): string {
  try {
    if (value instanceof Failure) return value.getErrorMessage();
    if (value instanceof Error) return value.message;
    if (typeof value === "symbol") return value.toString();
    return String(value);
  } catch {
    return "<unprintable value>";
  }
}

function creationStack(): string {
  const lines = (new Error().stack ?? "").split("\n");
  // drop the "Error" header and the Failure-internal frames
  return lines.slice(4).join("\n");
}
