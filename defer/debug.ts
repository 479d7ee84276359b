/**
 * Debug mode and unhandled-error reporting.
 *
 * How: a Deferred that finishes a callback run holding a `Failure` parks it
 * in its `DebugInfo` and registers itself, once, with a
 * `FinalizationRegistry`. Any later step that handles the failure (a
 * callback turning it into a value, chaining) clears the record. Awaiting
 * leaves the failure in the chain (as Twisted does) but marks it handled
 * (`DebugInfo.handled`), so that one is never parked.
 * When the engine collects the Deferred, the registry hands us its report;
 * if the failure was never handled, it goes to `log` — exactly once.
 *
 * Why a separate report, and a copy of the error: the registry must not
 * reach the Deferred, or the Deferred could never be collected. But a live
 * `Error` can reach it: engines keep the frames of its stack trace, and with
 * them the `this` and the closures of every function on the stack when it
 * was thrown — such as the Deferred's own loop. (V8 lets go of them once the
 * stack is formatted; Deno's formatting hook keeps them regardless.) So at
 * the end of the tick in which a Deferred ended a run on a failure, if the
 * failure is still unhandled, the report takes a copy of it: an object of the
 * same class with the message and the stack as text, no live frames
 * (Twisted's `cleanFailure`, in effect), and those own properties that
 * cannot reach the Deferred — primitives, plain data that does not hold it,
 * errors (copied the same way); other objects become their descriptions, so
 * an error that carries its request, Deferred included, is still collected
 * and reported. This costs one stack formatting per failure left unhandled
 * at the end of a tick; failures handled in the same tick cost nothing. Two
 * limits: a thrown value that is not an `Error` is kept as it is (one that
 * refers to its Deferred keeps it alive, and is reported only when the
 * reactor layer sees the program end), and the engine decides when, or whether (at exit),
 * collection happens; tests use {@linkcode DebugInfo.reportUnhandled} for the
 * deterministic path.
 *
 * Debug mode (`setDebugging(true)`) records where each Deferred was created
 * and first fired; both stacks then appear in `AlreadyCalledError` and in
 * unhandled-error reports.
 *
 * @module
 */
import {
  describeError,
  describeValue,
  requireBoolean,
} from "../_util/describe.ts";
import { Failure } from "./failure.ts";
import { log } from "./log.ts";

let debugging = false;

/**
 * Turns debug mode on or off. While it is on, new Deferreds record where
 * they were created, firing records where (first invoker), and a second
 * fire's `AlreadyCalledError` and unhandled-error reports show both stacks.
 * A single Deferred can override it with its `debug` property.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getDebugging, setDebugging } from "@twisted-ts/core/defer";
 * setDebugging(true);
 * assert.ok(getDebugging(), "not on");
 * setDebugging(false);
 * ```
 */
export function setDebugging(on: boolean): void {
  requireBoolean("setDebugging: on", on); // "false" would turn it on
  debugging = on;
}

/**
 * Whether debug mode is on.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getDebugging } from "@twisted-ts/core/defer";
 * assert.equal(getDebugging(), false, "off by default");
 * ```
 */
export function getDebugging(): boolean {
  return debugging;
}

/** How many frames a debug stack keeps (the engines' default is 10). */
const DEBUG_STACK_FRAMES = 40;

/** The files whose frames open every debug stack: not the user's code. */
const INTERNAL_FILES = ["./deferred.ts", "./debug.ts"].map((f) =>
  new URL(f, import.meta.url).pathname
);

/**
 * The current stack without the header line and without the Deferred
 * machinery's own frames on top: up to {@linkcode DEBUG_STACK_FRAMES}
 * frames, innermost first.
 */
export function captureStack(): string {
  const E = Error as { stackTraceLimit?: number | undefined };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = DEBUG_STACK_FRAMES;
  let lines: string[];
  try {
    lines = (new Error().stack ?? "").split("\n").slice(1);
  } finally {
    E.stackTraceLimit = limit;
  }
  let first = 0;
  while (
    first < lines.length - 1 &&
    INTERNAL_FILES.some((f) => lines[first]!.includes(f))
  ) first++;
  return lines.slice(first).join("\n");
}

/** What the registry keeps for one Deferred: never anything that reaches it. */
class Report {
  /** A frame-free copy of the unhandled failure, once taken; else undefined. */
  copy: Failure | undefined = undefined;
  /** The log message, with the debug stacks if any. */
  why = "";
}

/** The reports holding a copy now: unhandled failures of live Deferreds. */
const pending = new Set<Report>();

const registry = new FinalizationRegistry<Report>((report) => {
  pending.delete(report);
  const copy = report.copy;
  if (copy === undefined) return;
  report.copy = undefined;
  log.err(copy, report.why);
});

/**
 * Reports, now, every unhandled failure still held by a Deferred that has
 * not been collected — what collection would report, for failures the
 * process is about to exit with. The reactor layer calls it when the host
 * says the program is about to end (its event loop ran out of work); each
 * failure is reported once. Returns how many were.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportPendingUnhandled } from "./debug.ts";
 * assert.equal(typeof reportPendingUnhandled(), "number");
 * ```
 */
export function reportPendingUnhandled(): number {
  copyUnhandled(); // failures held since the last end of a tick
  const reports = [...pending];
  pending.clear();
  for (const report of reports) {
    const copy = report.copy;
    if (copy === undefined) continue;
    report.copy = undefined;
    log.err(copy, report.why);
  }
  return reports.length;
}

/** Records whose failure may need copying at the end of this tick. */
let toCopy: DebugInfo[] = [];

function copyUnhandled(): void {
  const infos = toCopy;
  toCopy = [];
  for (const info of infos) {
    info.queued = false;
    const failure = info.failure;
    if (failure !== undefined && info.report !== undefined) {
      try {
        info.report.copy = frameFreeCopy(failure);
        info.report.why = info.why();
      } catch (e) {
        // a value that resists copying: report it as it is
        info.report.copy = failure;
        log.err(e, "Could not copy an unhandled failure for its report:");
      }
      pending.add(info.report);
    }
  }
}

/**
 * What a Deferred remembers for debugging: its creation and first-invocation
 * stacks (debug mode) and the failure it currently holds unhandled.
 *
 * @example
 * ```ts
 * import { DebugInfo } from "./debug.ts";
 * const info = new DebugInfo();
 * info.reportUnhandled(); // nothing held: nothing logged
 * ```
 */
export class DebugInfo {
  /** The unhandled failure, if the Deferred ended its last run on one. */
  failure: Failure | undefined = undefined;
  /** Where the Deferred was created (debug mode). */
  creator: string | undefined = undefined;
  /** Where the Deferred was first fired (debug mode). */
  invoker: string | undefined = undefined;
  /** This Deferred's own debug setting, overriding the global one. */
  debug: boolean | undefined = undefined;
  /** What the registry will report if the Deferred is collected. */
  report: Report | undefined = undefined;
  /** Whether this record waits for the end-of-tick copy. */
  queued = false;
  /**
   * The failure an `await` (`then`/`asPromise`) was just handed: it stays
   * the Deferred's result but counts as handled, so the callback run that
   * awaited it does not report it. As in Twisted, a later run that ends on
   * it again (a callback added afterwards passed it on) reports it again.
   */
  handled: Failure | undefined = undefined;

  /** The debug stacks, formatted as Twisted does (` C:` and ` I:` lines). */
  describe(): string {
    let text = "";
    if (this.creator !== undefined) {
      text += " C: Deferred was created:\n C:" +
        this.creator.split("\n").join("\n C:") + "\n";
    }
    if (this.invoker !== undefined) {
      text += " I: First Invoker was:\n I:" +
        this.invoker.split("\n").join("\n I:") + "\n";
    }
    return text;
  }

  /** The message an unhandled-error report carries. */
  why(): string {
    const stacks = this.describe();
    return stacks
      ? `Unhandled error in Deferred:\n(debug: ${stacks})`
      : "Unhandled error in Deferred:";
  }

  /**
   * Records `failure` as unhandled by the Deferred `owner`, to be reported
   * if `owner` is collected before something handles it — unless an
   * `await` was just handed it ({@linkcode handled}): that one is handled.
   */
  hold(owner: object, failure: Failure): void {
    if (failure === this.handled) {
      this.clear(); // awaited: handled, though still the result
      return;
    }
    if (failure === this.failure && this.report?.copy !== undefined) return;
    this.failure = failure;
    if (this.report === undefined) {
      this.report = new Report();
      registry.register(owner, this.report);
    } else {
      this.report.copy = undefined;
      pending.delete(this.report);
    }
    if (!this.queued) {
      this.queued = true;
      if (toCopy.push(this) === 1) Promise.resolve().then(copyUnhandled);
    }
  }

  /** Forgets the unhandled failure: something handled it. */
  clear(): void {
    this.failure = undefined;
    this.handled = undefined;
    if (this.report !== undefined) {
      this.report.copy = undefined;
      pending.delete(this.report);
    }
  }

  /**
   * Logs the held failure, if any, as an unhandled error (what collecting
   * the Deferred would do, but now and with the original failure); then
   * forgets it, so it is reported only once.
   */
  reportUnhandled(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    const why = this.why();
    this.clear();
    log.err(failure, why);
  }
}

/** `value instanceof Error`, false for a value whose Proxy trap throws. */
function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/**
 * A copy of `failure` that cannot keep its Deferred alive: the same value
 * unless it is an `Error` (whose engine-held frames may reach the
 * Deferred), else {@linkcode frameFreeError}'s copy of it.
 */
function frameFreeCopy(failure: Failure): Failure {
  const value = failure.value;
  if (!isError(value)) return failure.cleanFailure();
  return new Failure(frameFreeError(value, failure.stack, 0));
}

/** How deep errors held by errors (`cause`, `errors`) are copied. */
const ERROR_DEPTH = 4;
/** The most objects of plain data a copy keeps per property. */
const PLAIN_DATA_LIMIT = 1000;

/**
 * An object of `error`'s class with its message, `stack` as text and those
 * own data properties that cannot reach a Deferred: primitives, and plain
 * data (plain objects and arrays of such; a Deferred is neither). An error
 * held there (a `cause`, an `AggregateError`'s `errors`) is copied the same
 * way; any other object (a class instance such as a Deferred, a function
 * whose closure could hold one) becomes its description. Else an error
 * that referred to its Deferred (`error.request = { d }`) would keep it,
 * and itself, alive and unreported for good.
 */
function frameFreeError(error: Error, stack: string, depth: number): Error {
  let copy: Error;
  try {
    copy = Object.create(Object.getPrototypeOf(error)) as Error;
    for (const key of Reflect.ownKeys(error)) {
      if (key === "stack") continue;
      const d = Object.getOwnPropertyDescriptor(error, key);
      if (d === undefined || !("value" in d)) continue;
      d.value = keepable(d.value, depth);
      Object.defineProperty(copy, key, d);
    }
    if (!Object.hasOwn(copy, "message")) {
      Object.defineProperty(copy, "message", {
        value: String(error.message),
        configurable: true,
        writable: true,
      });
    }
    Object.defineProperty(copy, "stack", {
      value: stack,
      configurable: true,
      writable: true,
    });
  } catch {
    copy = new Error(describeError(error));
    copy.stack = stack;
  }
  return copy;
}

/** What a report's copy keeps of `value` (see {@linkcode frameFreeError}). */
function keepable(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? describeValue(value) : value;
  }
  if (isError(value)) {
    if (depth >= ERROR_DEPTH) return describeValue(value);
    let stack: string;
    try {
      stack = String(value.stack);
    } catch {
      stack = "";
    }
    return frameFreeError(value, stack, depth + 1);
  }
  if (Array.isArray(value) && value.some(isError)) {
    return value.map((v) => keepable(v, depth));
  }
  return isPlainData(value) ? value : describeValue(value);
}

/**
 * Whether `value` is plain data: plain objects and arrays, data properties
 * only, no functions, at most {@linkcode PLAIN_DATA_LIMIT} objects — so
 * nothing in it is, or can hold, a Deferred.
 */
function isPlainData(value: object): boolean {
  try {
    const seen = new Set<object>();
    const next: object[] = [value];
    while (next.length > 0) {
      const o = next.pop()!;
      if (seen.has(o)) continue;
      seen.add(o);
      if (seen.size > PLAIN_DATA_LIMIT) return false;
      const proto = Object.getPrototypeOf(o);
      if (
        proto !== Object.prototype && proto !== null &&
        proto !== Array.prototype
      ) return false;
      for (const key of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (d === undefined || !("value" in d)) return false;
        const v: unknown = d.value;
        if (typeof v === "function") return false;
        if (typeof v === "object" && v !== null) next.push(v);
      }
    }
    return true;
  } catch {
    return false; // a Proxy's trap threw: not plain
  }
}
