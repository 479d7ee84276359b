/**
 * `DelayedCall`: the handle `callLater` returns — Twisted's
 * `twisted.internet.base.DelayedCall`.
 *
 * @module
 */
import { serialIds } from "../_util/serial_ids.ts";
import type { AnyFn } from "../_util/any_fn.ts";
import { describeValue } from "../_util/describe.ts";
import { log } from "../defer/log.ts";
import { AlreadyCalled, AlreadyCancelled } from "./errors.ts";
import type { IDelayedCall } from "./interfaces.ts";

// `DelayedCall._entry`: the call's state and, while it is pending in the
// scheduler's heap, the sequence of its live heap entry (one field for
// both keeps the handle small: see `_scheduler.ts`).

/** `DelayedCall._entry`: pending, with no heap entry (staged, or just made). */
export const OFF_HEAP = -1;
/** `DelayedCall._entry`: run (set before the function starts). */
export const CALLED = -2;
/** `DelayedCall._entry`: cancelled. */
export const CANCELLED = -3;

/** The `args` of every call made without arguments. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * How a call made with arguments keeps them: one argument that is not an
 * array as itself (no array of its own), anything else as the array.
 * `Array.isArray` tells the cases apart when the call runs (a lone array
 * argument is wrapped, so an array there is always the list of arguments).
 */
function packArgs(args: readonly unknown[]): unknown {
  if (args.length === 1) {
    const only = args[0];
    return Array.isArray(only) ? [only] : only;
  }
  return args;
}

/**
 * @internal What a call needs from the scheduler that owns it (the layer's
 * `Scheduler` in `_scheduler.ts`, which imports this file: the call knows
 * its owner only through this interface, so the two files form no circle).
 */
export interface CallOwner {
  /** The owner's current time, in seconds. */
  readonly now: () => number;
  /** Takes `call` out of the schedule (it is still pending). */
  cancel(call: DelayedCall): void;
  /** Moves the pending `call` to `time`, behind the calls already due then. */
  reschedule(call: DelayedCall, time: number): void;
}

/** A small stable number per object, for `toString`. */
const idOf = serialIds();

/** `toString` of calls cancelled in debug mode, taken just before cancelling. */
const cancelledReprs = new WeakMap<object, string>();

/** Creation stacks of calls made in debug mode (kept off the handle). */
const creators = new WeakMap<object, string>();

/** This layer's folder, as a URL and as a path, to spot its stack frames. */
const HERE_HREF = import.meta.url.slice(
  0,
  import.meta.url.lastIndexOf("/") + 1,
);
const HERE = [HERE_HREF, decodeURIComponent(new URL(HERE_HREF).pathname)];

/**
 * The stack of whoever called `callLater`: the current stack minus its
 * leading frames in this layer (frame counts vary with engines and
 * inlining, so frames are recognised by file instead).
 */
function creationStack(): string {
  const lines = (new Error().stack ?? "").split("\n").slice(1);
  let i = 0;
  while (i < lines.length && HERE.some((dir) => lines[i]!.includes(dir))) i++;
  return lines.slice(i).join("\n");
}

/**
 * Throws the right error for acting on a finished call. A module function,
 * not a `#private` method: a class with private methods gives each instance
 * a hidden brand field: 8 more bytes per pending call on Deno (1M calls in
 * `bench/pending_memory.ts`: 112.5 B of JS heap per call with it, 104.5
 * without).
 */
function refuse(call: DelayedCall, action: string): never {
  if (call._entry === CANCELLED) throw new AlreadyCancelled(action);
  throw new AlreadyCalled(action);
}

/** Throws a `TypeError`/`RangeError` unless `value` is a finite number. */
function requireFinite(what: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${what} must be a finite number, got ${describeValue(value)}`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `${what} must be a finite number, got ${describeValue(value)}`,
    );
  }
}

/**
 * A call scheduled by `callLater` on a `Clock` or a `Reactor`: query it
 * (`getTime`, `active`, `called`, `cancelled`), or change it (`cancel`,
 * `delay`, `reset`). It is created by `callLater`, never directly.
 *
 * Calls due at the same time run in the order they were scheduled, where
 * `reset()` and `delay()` count as scheduling again (the call goes behind
 * the others due at its new time).
 *
 * Set `DelayedCall.debug = true` to record where each call is created; the
 * stack then appears in `toString()` and in the log message when the call
 * throws on a `Reactor`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const seen: string[] = [];
 * const call = clock.callLater(5, (s: string) => seen.push(s), "ring");
 * call.delay(2); // now due at 7
 * clock.advance(6);
 * assert.equal(seen.length, 0, "too early");
 * assert.ok(call.active(), "too early");
 * clock.advance(1);
 * assert.equal(seen[0], "ring", "not called");
 * assert.ok(call.called, "not called");
 * ```
 */
export class DelayedCall implements IDelayedCall {
  /**
   * Debug switch (Twisted's `DelayedCall.debug`): when `true`, calls created
   * from then on record their creation stack in {@linkcode creator}.
   */
  static debug = false;

  // The `_` fields below are same-layer friends: the scheduler
  // (`_scheduler.ts`) orders calls by them, and `Clock` and `Reactor` run
  // them (`_run`) — on the hot path, as plain fields. They are as few as the
  // call needs, since a pending call costs its handle: the state shares a
  // field with the heap entry, a call made without arguments has no field
  // for them (`DelayedCallWithArgs` adds it), and the debug-mode creation
  // stack lives in a side table. Their order is their order in memory: the
  // fields a pop and a run read (`_seq`, `_entry`, `_fn`) come first, next
  // to the object's header, and `_time` (a pointer to its boxed double on
  // V8, read only when a call is moved) last. With `_time` first, popping
  // 1M due calls in a Reactor on Deno took ~7-13% more CPU (CPU time of
  // `runUntilCurrent`, 7 and 8 alternating fresh processes).

  /** @internal order among calls due at the same time */
  _seq: number;
  /**
   * @internal the state: the sequence of the call's live heap entry (>= 0,
   * pending), or OFF_HEAP (pending), CALLED or CANCELLED
   */
  _entry: number;
  /** @internal the function; dropped on cancel */
  _fn: AnyFn | undefined;
  /** @internal the scheduler that owns the call */
  _owner: CallOwner;
  /** @internal when the call is due (Twisted's `time + delayed_time`) */
  _time: number;

  /**
   * Not for direct use: calls are created by `callLater`.
   * @internal
   */
  constructor(owner: CallOwner, time: number, seq: number, fn: AnyFn) {
    this._seq = seq;
    this._entry = OFF_HEAP;
    this._fn = fn;
    this._owner = owner;
    this._time = time;
    if (DelayedCall.debug) creators.set(this, creationStack());
  }

  /** Where the call was created, when {@linkcode DelayedCall.debug} was on. */
  get creator(): string | undefined {
    return creators.get(this);
  }

  /** When the call is due, in its scheduler's seconds (with any `delay`). */
  getTime(): number {
    return this._time;
  }

  /** Whether the call is still scheduled: neither called nor cancelled. */
  active(): boolean {
    return this._entry >= OFF_HEAP;
  }

  /** Whether the call has run (set just before its function starts). */
  get called(): boolean {
    return this._entry === CALLED;
  }

  /** Whether the call was cancelled. */
  get cancelled(): boolean {
    return this._entry === CANCELLED;
  }

  /** The scheduled function (`undefined` once cancelled). */
  // deno-lint-ignore no-explicit-any -- any function can be scheduled
  get func(): ((...args: any[]) => unknown) | undefined {
    return this._fn;
  }

  /** The arguments it will be called with (`undefined` once cancelled). */
  get args(): readonly unknown[] | undefined {
    return this._fn === undefined ? undefined : NO_ARGS;
  }

  /** The current time of the clock or reactor the call belongs to. */
  seconds(): number {
    return this._owner.now();
  }

  /**
   * Unschedules the call. Throws `AlreadyCancelled` if it was cancelled and
   * `AlreadyCalled` if it has run (including from inside its own function).
   */
  cancel(): void {
    if (this._entry < OFF_HEAP) refuse(this, "cancel");
    if (DelayedCall.debug) cancelledReprs.set(this, this.toString());
    this._owner.cancel(this);
    this._entry = CANCELLED;
    this._fn = undefined;
  }

  /**
   * Moves the call `seconds` later (a negative number moves it sooner; a
   * time in the past makes it due now). `seconds` must be a finite number.
   * Same errors as {@linkcode cancel}.
   */
  delay(seconds: number): void {
    requireFinite("DelayedCall.delay: seconds", seconds);
    if (this._entry < OFF_HEAP) refuse(this, "delay");
    this._owner.reschedule(this, this._time + seconds);
  }

  /**
   * Re-schedules the call `seconds` from now. `seconds` must be a finite
   * number >= 0. Same errors as {@linkcode cancel}.
   */
  reset(seconds: number): void {
    if (!(typeof seconds === "number" && seconds >= 0 && seconds < Infinity)) {
      requireFinite("DelayedCall.reset: seconds", seconds);
      throw new RangeError(
        `DelayedCall.reset: seconds must be a finite number >= 0, got ${
          describeValue(seconds)
        }`,
      );
    }
    if (this._entry < OFF_HEAP) refuse(this, "reset");
    this._owner.reschedule(this, this._owner.now() + seconds);
  }

  /**
   * A readable description, like Twisted's repr: the call's number, the
   * seconds left, its state and what it will call:
   * `<DelayedCall #1 [5s] called=false cancelled=false ring("bell")>`.
   * In debug mode the creation stack follows.
   */
  toString(): string {
    const cached = cancelledReprs.get(this);
    if (cached !== undefined) return cached;
    let left: number;
    try {
      left = this._time - this._owner.now();
    } catch {
      left = NaN;
    }
    let text = `<DelayedCall #${idOf(this)} [${left}s] called=${this.called} ` +
      `cancelled=${this.cancelled}`;
    const fn = this._fn;
    if (fn !== undefined) {
      const name = typeof fn.name === "string" && fn.name !== ""
        ? fn.name
        : "<anonymous>";
      text += ` ${name}(${(this.args ?? []).map(describeValue).join(", ")})`;
    }
    const creator = creators.get(this);
    if (creator !== undefined) {
      text += `\n\ntraceback at creation: \n\n${creator}`;
    }
    return text + ">";
  }

  /**
   * Runs the function with its arguments; the scheduler has marked the
   * call called.
   * @internal
   */
  _run(): unknown {
    return this._fn!();
  }
}

/**
 * A `DelayedCall` made with arguments: the same, plus the field that holds
 * them (packed: one argument that is not an array needs no array of its
 * own). Calls made without arguments, the common case, go without it.
 * @internal
 */
export class DelayedCallWithArgs extends DelayedCall {
  /** @internal the arguments, packed by `packArgs`; dropped on cancel */
  _args: unknown;

  /**
   * Not for direct use: calls are created by `callLater`.
   * @internal
   */
  constructor(
    owner: CallOwner,
    time: number,
    seq: number,
    fn: AnyFn,
    args: readonly unknown[],
  ) {
    super(owner, time, seq, fn);
    this._args = packArgs(args);
  }

  /** The arguments it will be called with (`undefined` once cancelled). */
  override get args(): readonly unknown[] | undefined {
    if (this._fn === undefined) return undefined;
    const args = this._args;
    return Array.isArray(args) ? args : [args];
  }

  /** Unschedules the call, as {@linkcode DelayedCall.cancel} does. */
  override cancel(): void {
    super.cancel();
    this._args = undefined;
  }

  /** @internal runs the function with its arguments */
  override _run(): unknown {
    const fn = this._fn!, args = this._args;
    return Array.isArray(args) ? fn(...args) : fn(args);
  }
}

/**
 * @internal A timed call threw, or the promise it returned rejected:
 * report it, with its creation stack in debug mode.
 */
export function logCallError(call: DelayedCall, error: unknown): void {
  let why = `Unhandled error in a DelayedCall (${describeValue(call.func)}):`;
  if (call.creator !== undefined) {
    why +=
      "\n C: previous exception occurred in a DelayedCall created here:\n C:" +
      call.creator.trimEnd().split("\n").join("\n C:");
  }
  log.err(error, why);
}
