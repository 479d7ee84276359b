/**
 * The TypeScript half of the differential trace format (see `trace.py`,
 * which prints the same bytes for the same observation).
 *
 * Every scenario prints its observations with `emit(event, ...values)`: one
 * JSON array per line, `[event, value, ...]`:
 *
 * - `undefined` and `null` → `null`; booleans, strings as JSON; arrays →
 *   arrays; plain objects → objects with sorted keys; no spaces.
 * - Numbers as `String(n)` (so Python's `2.0` and our `2` agree); `-0`
 *   prints `0`.
 * - A Deferred prints `<Deferred#n>`, numbered in order of first appearance
 *   within the scenario (likewise `<DelayedCall#n>`, `<LoopingCall#n>`, …).
 * - A `Failure` prints `<Failure Type: message>` and a thrown error
 *   `<Type: message>`, where `Type` is the *Python* name of the class:
 *   {@linkcode PYTHON_NAMES} is the one table mapping our error classes to
 *   the exceptions the Python scenarios raise. For Twisted's own errors
 *   ({@linkcode LIBRARY_ERRORS}) the message is left out: it is library
 *   wording, not scenario data.
 *
 * Use {@linkcode kind} to print only the type of an error whose message the
 * library words (an argument check's `TypeError`, say).
 *
 * Logged errors: while a {@linkcode captureLog} is active each one is emitted
 * in place as `["log.err", failure]`; otherwise they are collected and
 * appended, sorted, at the end of the scenario as
 * `["log.background", failure]` (see {@linkcode flushBackgroundLog}), so
 * nothing logged goes unnoticed.
 *
 * @module
 */
import {
  defaultObserver,
  Deferred,
  Failure,
  log,
  type LogEvent,
} from "../../mod.ts";

/**
 * JavaScript error class name → the Python exception a scenario's Python
 * side raises for it. Names not listed are the same in both languages.
 */
export const PYTHON_NAMES: Readonly<Record<string, string>> = {
  Error: "Exception",
  RangeError: "ValueError",
  ReferenceError: "NameError",
  EvalError: "RuntimeError",
  // twisted.internet.error.TimeoutError, renamed (see net/errors.ts)
  ConnectTimeoutError: "TimeoutError",
};

/** Twisted's own errors: compared by type only (see the module doc). */
export const LIBRARY_ERRORS: ReadonlySet<string> = new Set([
  "AlreadyCalledError",
  "CancelledError",
  "TimeoutError",
  "FirstError",
  "QueueOverflow",
  "QueueUnderflow",
  "NotACoroutineError",
  "AlreadyCalled",
  "AlreadyCancelled",
  "ReactorNotRunning",
  "ReactorAlreadyRunning",
  "ReactorNotRestartable",
  "SchedulerStopped",
  "SchedulerError",
  "TaskDone",
  "TaskStopped",
  "TaskFailed",
  "TaskFinished",
  "NotPaused",
  "AlreadyQuit",
]);

let lines: string[] = [];
let labels = new WeakMap<object, number>();
let counters = new Map<string, number>();

/** Starts a new scenario: empties the trace and restarts the numbering. */
export function reset(): void {
  lines = [];
  background = [];
  capturing = [];
  labels = new WeakMap();
  counters = new Map();
}

/** The trace lines emitted since {@linkcode reset}. */
export function traceLines(): string[] {
  return lines.slice();
}

/** Records one trace line: `[event, ...values]`. */
export function emit(event: string, ...values: unknown[]): void {
  lines.push(render([event, ...values]));
}

/** A stable per-scenario name for `obj`: `<Deferred#1>`, … */
export function label(obj: object): string {
  const kindName = obj instanceof Deferred
    ? "Deferred"
    : (obj as { constructor?: { name?: string } }).constructor?.name ??
      "Object";
  let n = labels.get(obj);
  if (n === undefined) {
    n = (counters.get(kindName) ?? 0) + 1;
    counters.set(kindName, n);
    labels.set(obj, n);
  }
  return `<${kindName}#${n}>`;
}

/** The Python name of a thrown value's class. */
export function pythonName(value: unknown): string {
  if (value === null || value === undefined) return "None";
  const name = value instanceof Error
    ? value.name
    : (Object(value) as { constructor?: { name?: string } }).constructor
      ?.name ?? "object";
  return PYTHON_NAMES[name] ?? name;
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

function errorText(value: unknown): string {
  const name = pythonName(value);
  return LIBRARY_ERRORS.has(name) ? name : `${name}: ${messageOf(value)}`;
}

/** Just the type of an error or Failure: `<Failure TypeError>`. */
export function kind(err: unknown): string {
  if (err instanceof Failure) return `<Failure ${pythonName(err.value)}>`;
  return `<${pythonName(err)}>`;
}

/** `x` as `String(x)`, except that `-0` prints `0`. */
export function numberText(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

function value(v: unknown): string {
  if (v === undefined || v === null) return "null";
  switch (typeof v) {
    case "boolean":
    case "string":
      return JSON.stringify(v);
    case "number":
      return numberText(v);
    case "bigint":
      return String(v);
    case "function":
      return JSON.stringify(`<function ${v.name}>`);
    case "symbol":
      return JSON.stringify(String(v));
  }
  if (Array.isArray(v)) return "[" + v.map(value).join(",") + "]";
  if (v instanceof Failure) {
    return JSON.stringify(`<Failure ${errorText(v.value)}>`);
  }
  if (v instanceof Error) return JSON.stringify(`<${errorText(v)}>`);
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    return "{" +
      keys.map((k) => JSON.stringify(k) + ":" + value(o[k])).join(",") + "}";
  }
  return JSON.stringify(label(v as object));
}

/** The canonical text of `v`. */
export function render(v: unknown): string {
  return value(v);
}

declare const Bun: { gc(force: boolean): void } | undefined;

/**
 * Collects garbage and lets finalizers run, so unhandled failures of
 * dropped Deferreds are logged now (Python's refcounting logs them at once).
 *
 * Eight rounds, not three: on Bun a finalizer sometimes ran only after the
 * third round, so its failure was traced in the next scenario (5 runs in 12
 * failed with three rounds; 32 in 32 passed with eight, half of them with a
 * second run in parallel as load).
 */
export async function collect(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === "function") g();
    else if (typeof Bun !== "undefined") Bun.gc(true);
    else throw new Error("collect: run with --v8-flags=--expose-gc");
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

let capturing: boolean[] = [];
let background: string[] = [];

/**
 * The reactor's "work is waiting for a run() that was never called" warning
 * (ours alone: Twisted has none) fires 5 s after the global reactor is first
 * given work, which in this one-process driver lands in whichever scenario
 * happens to be running then — a wall-clock artefact of the driver, not a
 * behaviour of the scenario, so it is left out of the trace. Its own tests
 * are tests/reactor/idle_exit_test.ts.
 */
const NEVER_RUN_WARNING =
  "Reactor: work is waiting for a run() that was never called:";

function observer(e: LogEvent): void {
  if (!e.isError) return;
  if (e.why === NEVER_RUN_WARNING) return;
  const failure = e.failure ?? null;
  if (capturing.length === 0) {
    background.push(render(["log.background", failure]));
  } else if (capturing[capturing.length - 1]) {
    emit("log.err", e.why ?? null, failure);
  } else emit("log.err", failure);
}

/**
 * Called once by the driver: routes every error event through this module
 * instead of stderr.
 */
export function installLogObserver(): void {
  log.removeObserver(defaultObserver);
  log.addObserver(observer);
}

/**
 * Emits, sorted, the errors logged outside {@linkcode captureLog} since
 * {@linkcode reset}. Where a dropped Deferred's unhandled failure is logged
 * depends on when the garbage collector runs, so these are compared as a
 * set at the end of the scenario rather than in place
 * (`["log.background", failure]`).
 */
export function flushBackgroundLog(): void {
  lines.push(...background.sort());
  background = [];
}

/** Handle returned by {@linkcode captureLog}. */
export interface LogCapture {
  /** Stops emitting log events in place. */
  stop(): void;
}

/**
 * Emits `["log.err", failure]` in place for every error logged until
 * `stop()`.
 *
 * The reason logged with an error (`why`) is library wording — Twisted logs
 * a failed timed call with none, we with a description — so it is printed
 * (`["log.err", why, failure]`) only with `{ why: true }`: for reasons a
 * scenario passes to `log.err` itself, and for Twisted's "Unhandled error
 * in Deferred:", which we keep verbatim.
 */
export function captureLog(options: { why?: boolean } = {}): LogCapture {
  capturing.push(options.why === true);
  let stopped = false;
  return {
    stop: () => {
      if (!stopped) capturing.pop();
      stopped = true;
    },
  };
}
