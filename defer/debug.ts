/**
 * Debug mode and unhandled-error reporting.
 *
 * How: a Deferred that finishes a callback run holding a `Failure` parks it
 * in a small `DebugInfo` record, registered once with a
 * `FinalizationRegistry` keyed on the Deferred. Any later step that handles
 * the failure (a callback turning it into a value, chaining, awaiting)
 * clears the record. When the engine collects the Deferred, the registry
 * hands us the record; if it still holds a failure, it goes to `log` —
 * exactly once, since a record is only ever reported by its own finalizer.
 *
 * Why a registry: JavaScript has no destructors; this is the one standard
 * way to learn that an object died. Its timing is up to the engine, so
 * reports can come late or (at process exit) not at all; tests use
 * {@linkcode DebugInfo.reportUnhandled} for the deterministic path.
 *
 * Debug mode (`setDebugging(true)`) records where each Deferred was created
 * and first fired; both stacks then appear in `AlreadyCalledError` and in
 * unhandled-error reports.
 *
 * @module
 */
import type { Failure } from "./failure.ts";
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
 * import { getDebugging, setDebugging } from "@twisted-ts/core/defer";
 * setDebugging(true);
 * if (!getDebugging()) throw new Error("not on");
 * setDebugging(false);
 * ```
 */
export function setDebugging(on: boolean): void {
  debugging = Boolean(on);
}

/**
 * Whether debug mode is on.
 *
 * @example
 * ```ts
 * import { getDebugging } from "@twisted-ts/core/defer";
 * if (getDebugging() !== false) throw new Error("off by default");
 * ```
 */
export function getDebugging(): boolean {
  return debugging;
}

/** How many frames a debug stack keeps (the engines' default is 10). */
const DEBUG_STACK_FRAMES = 40;

/**
 * The current stack, without the header line and this function's frame: up
 * to {@linkcode DEBUG_STACK_FRAMES} frames, innermost first.
 */
export function captureStack(): string {
  const E = Error as { stackTraceLimit?: number | undefined };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = DEBUG_STACK_FRAMES;
  try {
    return (new Error().stack ?? "").split("\n").slice(2).join("\n");
  } finally {
    E.stackTraceLimit = limit;
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
  /** Whether this record is registered for collection. */
  registered = false;

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

  /** Logs the held failure, if any, as an unhandled error; then forgets it. */
  reportUnhandled(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    this.failure = undefined;
    const stacks = this.describe();
    log.err(
      failure,
      stacks
        ? `Unhandled error in Deferred:\n(debug: ${stacks})`
        : "Unhandled error in Deferred:",
    );
  }
}

const registry = new FinalizationRegistry<DebugInfo>((info) =>
  info.reportUnhandled()
);

/** Arranges for `info` to be reported when `owner` is collected. */
export function watchForCollection(owner: object, info: DebugInfo): void {
  if (info.registered) return;
  info.registered = true;
  registry.register(owner, info);
}
