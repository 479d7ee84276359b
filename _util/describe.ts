/**
 * Renders any value briefly for error messages, so that a message can name
 * the offending value without throwing on exotic inputs (revoked proxies,
 * objects whose `toString` throws, symbols), and the argument checks built
 * on it. Part of the library's shared ground floor (`_util/`), which every
 * layer may import and which imports nothing.
 *
 * @module
 */

/**
 * A short, safe description of `value` for an error message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeValue } from "./describe.ts";
 * assert.equal(describeValue(-1), "-1");
 * assert.equal(describeValue("x"), '"x"');
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case "string":
        return JSON.stringify(
          value.length > 60 ? value.slice(0, 57) + "..." : value,
        );
      case "number":
        return Object.is(value, -0) ? "-0" : String(value);
      case "bigint":
        return `${value}n`;
      case "symbol":
        return value.toString();
      case "function":
        return value.name ? `function ${value.name}` : "an anonymous function";
      case "undefined":
        return "undefined";
      case "boolean":
        return String(value);
    }
    if (value === null) return "null";
    const name = (value as { constructor?: { name?: unknown } }).constructor
      ?.name;
    if (Array.isArray(value)) return `an array of length ${value.length}`;
    return typeof name === "string" && name !== "" && name !== "Object"
      ? `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`
      : "an object";
  } catch {
    return "an unprintable value";
  }
}

/**
 * Throws a `TypeError` naming `what` unless `value` is a function.
 *
 * @example
 * ```ts
 * import { requireFunction } from "./describe.ts";
 * requireFunction("addCallback: callback", () => {});
 * ```
 */
export function requireFunction(what: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(
      `${what} must be a function, got ${describeValue(value)}`,
    );
  }
}

/**
 * Throws a `TypeError` naming `what` unless `value` is `true` or `false`.
 *
 * @example
 * ```ts
 * import { requireBoolean } from "./describe.ts";
 * requireBoolean("ThreadPool: sharedMemory", false);
 * ```
 */
export function requireBoolean(what: string, value: unknown): void {
  if (typeof value !== "boolean") {
    throw new TypeError(
      `${what} must be true or false, got ${describeValue(value)}`,
    );
  }
}

/**
 * Throws a `TypeError` naming `what` unless `value` is an options object
 * (not `null`, an array or a primitive) whose keys are all in `known`: a
 * misspelt option (`maxThreads` for `maxthreads`) would otherwise be
 * ignored without a word. The message suggests the known key it may mean.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireOptions } from "./describe.ts";
 * requireOptions("Pool: options", { size: 2 }, ["size"]);
 * assert.throws(
 *   () => requireOptions("Pool: options", { Size: 2 }, ["size"]),
 *   /unknown option "Size" \(did you mean "size"\?\)/,
 * );
 * ```
 */
export function requireOptions(
  what: string,
  value: unknown,
  known: readonly string[],
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${what} must be an object, got ${describeValue(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
    throw new TypeError(
      `${what}: unknown option ${JSON.stringify(key)}${
        near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`
      }; known: ${known.join(", ")}`,
    );
  }
}

/**
 * Throws a `RangeError` naming `what` unless `value` is a finite number >= 0
 * (a non-number is a `TypeError`).
 *
 * @example
 * ```ts
 * import { requireSeconds } from "./describe.ts";
 * requireSeconds("callLater: delay", 0.5);
 * ```
 */
export function requireSeconds(what: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(
      `${what} must be a finite number >= 0, got ${describeValue(value)}`,
    );
  }
  if (!(value >= 0) || value === Infinity) {
    throw new RangeError(
      `${what} must be a finite number >= 0, got ${describeValue(value)}`,
    );
  }
}

/**
 * `Name: message` for an error, `String(value)` for anything else; never
 * throws (an error whose getters throw reads "an unprintable error").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./describe.ts";
 * assert.equal(describeError(new TypeError("bad")), "TypeError: bad");
 * assert.equal(describeError(42), "42");
 * ```
 */
export function describeError(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "an unprintable error";
  }
}
