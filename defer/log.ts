/**
 * `log`: where every error the library does not hand back to a caller goes —
 * a timed call that threw, a trigger that failed, a Deferred collected with
 * an unhandled failure. Observers receive one event object per message.
 *
 * By default, error events are written to stderr (`console.error`) and
 * `msg` events are dropped, as Twisted does before logging is started.
 * Remove {@linkcode defaultObserver} to silence it.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { Failure, isFailure } from "./failure.ts";

/**
 * One log message, as an observer receives it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log, type LogEvent } from "@twisted-ts/core/defer";
 * const events: LogEvent[] = [];
 * const observer = (e: LogEvent) => events.push(e);
 * log.addObserver(observer);
 * try {
 *   log.msg("hello", 42);
 * } finally {
 *   log.removeObserver(observer);
 * }
 * const [e] = events;
 * assert.ok(e);
 * assert.ok(!e.isError);
 * assert.equal(e.message.join(" "), "hello 42");
 * ```
 */
export interface LogEvent {
  /** `true` for `log.err` events. */
  readonly isError: boolean;
  /** The parts given to `log.msg` (empty for errors). */
  readonly message: readonly unknown[];
  /** For errors: the failure being reported. */
  readonly failure?: Failure;
  /** For errors: what was going on (`"Unhandled error in Deferred:"`, …). */
  readonly why?: string;
  /** Wall-clock time of the event, in seconds since the epoch. */
  readonly time: number;
}

/**
 * A function that receives every {@linkcode LogEvent}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultObserver, log, type LogObserver } from "@twisted-ts/core/defer";
 * const whys: string[] = [];
 * const collect: LogObserver = (e) => {
 *   if (e.isError) whys.push(e.why ?? "");
 * };
 * log.removeObserver(defaultObserver); // keep stderr quiet
 * log.addObserver(collect);
 * try {
 *   log.err(new Error("disk full"), "While saving:");
 * } finally {
 *   log.removeObserver(collect);
 *   log.addObserver(defaultObserver);
 * }
 * assert.equal(whys[0], "While saving:");
 * ```
 */
export type LogObserver = (event: LogEvent) => void;

/**
 * The observer installed at start-up: writes error events (the `why` line and
 * the traceback) to stderr and ignores the rest.
 *
 * @example
 * ```ts
 * import { defaultObserver, log } from "@twisted-ts/core/defer";
 * log.removeObserver(defaultObserver); // silence stderr, e.g. in tests
 * log.addObserver(defaultObserver);    // and restore it
 * ```
 */
export const defaultObserver: LogObserver = (event) => {
  if (!event.isError) return;
  const lines: string[] = [];
  if (event.why) lines.push(textOf(event.why));
  if (event.failure) lines.push(event.failure.getTraceback().trimEnd());
  console.error(lines.join("\n"));
};

/** `value` as text, for a `why` that is not the string it should be. */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return describeValue(value); // a throwing `toString`, a revoked Proxy
  }
}

/**
 * The last resort for an error no observer could take: stderr, as plain
 * text (`console.error` of the value itself could run its code again).
 */
function lastResort(why: string, error: unknown): void {
  let text: string;
  try {
    text = new Failure(error).getTraceback();
  } catch {
    text = describeValue(error);
  }
  try {
    console.error(`${why}\n${text}`);
  } catch {
    // stderr itself is gone: nowhere is left to report to
  }
}

const observers: LogObserver[] = [defaultObserver];
let publishing = 0;

/**
 * Hands `event` to every observer but `except`. An observer that throws is
 * reported to the others; if reporting fails too, stderr gets it.
 */
function publish(event: LogEvent, except?: LogObserver): number {
  let reached = 0;
  publishing++;
  try {
    for (const observer of observers.slice()) {
      if (observer === except) continue;
      try {
        observer(event);
        reached++;
      } catch (e) {
        // an observer failed while reporting another observer's failure,
        // or there is no other observer to report it to: stderr is the
        // last place that cannot lose it (nor the event it failed on)
        if (
          publishing > 1 ||
          publish({
              isError: true,
              message: [],
              failure: new Failure(e),
              why: "Log observer raised an exception:",
              time: Date.now() / 1000,
            }, observer) === 0
        ) {
          if (event.isError) {
            lastResort(textOf(event.why ?? ""), event.failure?.value);
          }
          lastResort("log observer failed:", e);
        }
      }
    }
  } finally {
    publishing--;
  }
  return reached;
}

/**
 * Twisted's `twisted.python.log`: `msg`, `err`, `addObserver`,
 * `removeObserver`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultObserver, log, type LogEvent } from "@twisted-ts/core/defer";
 * const seen: LogEvent[] = [];
 * const observer = (e: LogEvent) => seen.push(e);
 * log.removeObserver(defaultObserver);
 * log.addObserver(observer);
 * log.err(new Error("disk full"), "while saving");
 * log.removeObserver(observer);
 * log.addObserver(defaultObserver);
 * assert.equal(seen[0]?.why, "while saving");
 * ```
 */
export const log: {
  /** Logs an informational message made of `parts`. */
  msg(...parts: unknown[]): void;
  /**
   * Logs an error: `failure` may be a `Failure` or any thrown value (it is
   * required: with no argument, a `TypeError`, where Twisted logs the
   * exception being handled).
   */
  err(failure: unknown, why?: string): void;
  /** Adds `observer` (a second add of the same function is ignored). */
  addObserver(observer: LogObserver): void;
  /** Removes `observer` (unknown observers are ignored). */
  removeObserver(observer: LogObserver): void;
} = {
  msg(...parts: unknown[]): void {
    publish({ isError: false, message: parts, time: Date.now() / 1000 });
  },
  err(failure: unknown, why?: string): void {
    if (arguments.length === 0) {
      // Twisted's log.err() logs the exception being handled; JavaScript
      // has no such thing
      throw new TypeError(
        "log.err: give the error to log (a Failure or the thrown value); there is no current exception to take",
      );
    }
    const event: { -readonly [K in keyof LogEvent]: LogEvent[K] } = {
      isError: true,
      message: [],
      failure: isFailure(failure) ? failure : new Failure(failure),
      time: Date.now() / 1000,
    };
    if (why !== undefined) event.why = textOf(why);
    publish(event);
  },
  addObserver(observer: LogObserver): void {
    requireFunction("log.addObserver: observer", observer);
    if (!observers.includes(observer)) observers.push(observer);
  },
  removeObserver(observer: LogObserver): void {
    const i = observers.indexOf(observer);
    if (i >= 0) observers.splice(i, 1);
  },
};
