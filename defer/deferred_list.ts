/**
 * Waiting on several Deferreds at once: {@linkcode DeferredList} (every
 * outcome, or the first success/failure), {@linkcode gatherResults} (every
 * value, or the first failure) and {@linkcode race} (the first success).
 *
 * How: each member gets one callback/errback pair that records its outcome
 * by index and counts completions, so members may fire in any order and the
 * results still come back in input order. O(n) to set up, O(1) per member
 * outcome. Members that have already fired report during construction, in
 * input order.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { Deferred, isDeferred } from "./deferred.ts";
import { FailureGroup, FirstError } from "./errors.ts";
import { Failure } from "./failure.ts";
import { log } from "./log.ts";

/**
 * One member's outcome in a {@linkcode DeferredList}: `[true, value]` or
 * `[false, failure]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type DeferredListEntry, DeferredList, fail, succeed } from "@twisted-ts/core/defer";
 * const describe = ([ok, v]: DeferredListEntry<number>) =>
 *   ok ? `got ${v}` : `lost: ${v.getErrorMessage()}`;
 * const outcomes = await new DeferredList(
 *   [succeed(1), fail<number>(new Error("gone"))],
 *   { consumeErrors: true },
 * );
 * assert.equal(outcomes.map(describe).join("; "), "got 1; lost: gone");
 * ```
 */
export type DeferredListEntry<T> = [true, T] | [false, Failure];

/**
 * A {@linkcode DeferredList}'s default result: every outcome, in input order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, DeferredList, type DeferredListResult } from "@twisted-ts/core/defer";
 * const late = new Deferred<string>();
 * const early = new Deferred<string>();
 * const list = new DeferredList([late, early]);
 * early.callback("early");
 * late.callback("late");
 * const outcomes: DeferredListResult<string> = await list;
 * assert.equal(outcomes.map(([, v]) => v).join(), "late,early");
 * ```
 */
export type DeferredListResult<T> = DeferredListEntry<T>[];

/**
 * A list of Deferreds whose values are `V`: a tuple of Deferreds of mixed
 * types (`V` is the tuple of their values, as `Promise.all` infers it) or
 * an array of Deferreds of one type (`V` is an array of it).
 *
 * @example
 * ```ts
 * import { type Deferreds, succeed } from "@twisted-ts/core/defer";
 * const mixed: Deferreds<[number, string]> = [succeed(1), succeed("a")];
 * const same: Deferreds<number[]> = [succeed(1), succeed(2)];
 * mixed.toString();
 * same.toString();
 * ```
 */
export type Deferreds<V extends readonly unknown[]> = {
  readonly [K in keyof V]: Deferred<V[K]>;
};

/**
 * A {@linkcode DeferredList}'s default result for members whose values are
 * `V`: one `[true, value]` / `[false, failure]` entry per member, typed
 * member by member for a tuple.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeferredList, type DeferredListEntries, succeed } from "@twisted-ts/core/defer";
 * const outcomes: DeferredListEntries<[number, string]> = await new DeferredList(
 *   [succeed(1), succeed("a")],
 * );
 * const [[, n], [, s]] = outcomes;
 * assert.deepEqual([n, s], [1, "a"]);
 * ```
 */
export type DeferredListEntries<V extends readonly unknown[]> = {
  -readonly [K in keyof V]: DeferredListEntry<V[K]>;
};

/**
 * {@linkcode race}'s result for members whose values are `V`: `[index,
 * value]` of the winner; for a tuple, the index tells the value's type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, race, type RaceResult, succeed } from "@twisted-ts/core/defer";
 * const winner: RaceResult<[number, string]> = await race([
 *   new Deferred<number>(),
 *   succeed("fast"),
 * ]);
 * if (winner[0] === 1) assert.equal(winner[1].toUpperCase(), "FAST");
 * ```
 */
export type RaceResult<V extends readonly unknown[]> = {
  [K in keyof V]: [K extends `${infer N extends number}` ? N : number, V[K]];
}[number];

/**
 * A `fireOnOneCallback` list's result: `[value, index]` of the first
 * success, or (if every member failed) the full outcome list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   Deferred,
 *   DeferredList,
 *   type DeferredListFirstResult,
 * } from "@twisted-ts/core/defer";
 * const a = new Deferred<string>();
 * const b = new Deferred<string>();
 * const first = new DeferredList<string[], DeferredListFirstResult<string>>(
 *   [a, b],
 *   { fireOnOneCallback: true },
 * );
 * b.callback("b wins");
 * const result = await first;
 * assert.equal(result[0], "b wins");
 * assert.equal(result[1], 1);
 * a.callback("too late");
 * ```
 */
export type DeferredListFirstResult<T> = [T, number] | DeferredListResult<T>;

/**
 * Options of {@linkcode DeferredList}, as Twisted names them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   DeferredList,
 *   type DeferredListOptions,
 *   fail,
 *   FirstError,
 *   succeed,
 * } from "@twisted-ts/core/defer";
 * const options: DeferredListOptions = {
 *   fireOnOneErrback: true,
 *   consumeErrors: true,
 * };
 * const list = new DeferredList([succeed(1), fail(new Error("no"))], options);
 * let index = -1;
 * list.addErrback((f) => {
 *   index = (f.value as FirstError).index;
 * });
 * assert.equal(index, 1, `unexpected ${index}`);
 * ```
 */
export interface DeferredListOptions {
  /** Fire with `[value, index]` on the first success. */
  fireOnOneCallback?: boolean;
  /** Fail with a `FirstError` on the first failure. */
  fireOnOneErrback?: boolean;
  /**
   * Turn each member's failure into `undefined` in the member's own chain
   * once recorded here, so it is not also reported as unhandled.
   */
  consumeErrors?: boolean;
}

/** Copies `deferredList` into an array, checking that it holds only Deferreds. */
function members<T>(what: string, deferredList: unknown): Deferred<T>[] {
  if (
    deferredList === null || deferredList === undefined ||
    typeof (deferredList as { [Symbol.iterator]?: unknown })[
        Symbol.iterator
      ] !== "function" ||
    typeof deferredList === "string"
  ) {
    throw new TypeError(
      `${what} must be an iterable of Deferreds, got ${
        describeValue(deferredList)
      }`,
    );
  }
  const list = Array.from(deferredList as Iterable<unknown>);
  for (let i = 0; i < list.length; i++) {
    if (!isDeferred(list[i])) {
      throw new TypeError(
        `${what}[${i}] must be a Deferred, got ${describeValue(list[i])}`,
      );
    }
  }
  return list as Deferred<T>[];
}

/**
 * A Deferred that fires when the given Deferreds have: by default with an
 * array of `[true, value]` / `[false, failure]` pairs in input order (not
 * firing order); with `fireOnOneCallback`, with `[value, index]` of the first
 * success; with `fireOnOneErrback`, with a `FirstError` for the first
 * failure. Each member's own chain continues with its result unchanged
 * (failures become `undefined` with `consumeErrors`).
 *
 * Empty input, as in Twisted: the list fires at once with `[]` — except
 * with `fireOnOneCallback`, when it never fires.
 *
 * Types: given a tuple of Deferreds of mixed types, the result is typed
 * member by member (`[DeferredListEntry<number>, DeferredListEntry<string>]`),
 * as `Promise.all`'s is; given an array of one type, it is an array of its
 * entries. With `fireOnOneCallback`, pass the result type:
 * `new DeferredList<string[], DeferredListFirstResult<string>>(ds, …)`.
 *
 * @typeParam V the members' values: a tuple, or an array type.
 * @typeParam R the list's result type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, DeferredList } from "@twisted-ts/core/defer";
 * const a = new Deferred<number>();
 * const b = new Deferred<number>();
 * const dl = new DeferredList([a, b], { consumeErrors: true });
 * let summary = "";
 * dl.addCallback((outcomes) => {
 *   summary = outcomes.map(([ok, v]) => ok ? `ok ${v}` : `failed: ${v.getErrorMessage()}`).join(", ");
 * });
 * b.errback(new Error("timeout"));
 * a.callback(7);
 * assert.equal(summary, "ok 7, failed: timeout");
 * ```
 */
export class DeferredList<
  V extends readonly unknown[] = unknown[],
  R = DeferredListEntries<V>,
> extends Deferred<R> {
  /**
   * Each member's outcome so far, by index (`undefined` until it fires).
   * Outcomes keep being recorded after the list itself has fired.
   */
  readonly resultList: (DeferredListEntry<V[number]> | undefined)[];
  /** How many members have fired. */
  finishedCount = 0;
  /** Whether the first success fires the list. */
  readonly fireOnOneCallback: boolean;
  /** Whether the first failure fires the list (with a `FirstError`). */
  readonly fireOnOneErrback: boolean;
  /** Whether member failures are consumed once recorded. */
  readonly consumeErrors: boolean;
  /** The members given at construction, for `cancel`. */
  readonly #members: readonly Deferred<V[number]>[];

  /**
   * Watches every Deferred of `deferredList` (an array or tuple of
   * Deferreds, typed member by member).
   */
  constructor(deferredList: Deferreds<V>, options?: DeferredListOptions);
  /** Watches every Deferred of `deferredList` (any iterable; it is copied). */
  constructor(
    deferredList: Iterable<Deferred<V[number]>>,
    options?: DeferredListOptions,
  );
  constructor(
    deferredList: Deferreds<V> | Iterable<Deferred<V[number]>>,
    options: DeferredListOptions = {},
  ) {
    super();
    const list = members<V[number]>(
      "DeferredList: deferredList",
      deferredList,
    );
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `DeferredList: options must be an object, got ${
          describeValue(options)
        }`,
      );
    }
    this.#members = list;
    this.resultList = new Array(list.length).fill(undefined);
    this.fireOnOneCallback = Boolean(options.fireOnOneCallback);
    this.fireOnOneErrback = Boolean(options.fireOnOneErrback);
    this.consumeErrors = Boolean(options.consumeErrors);
    if (list.length === 0 && !this.fireOnOneCallback) {
      this.callback([] as R);
    }
    for (let index = 0; index < list.length; index++) {
      list[index]!._watch(this, index);
    }
  }

  /**
   * @internal member `index` fired (`ok`) with `result`: records the
   * outcome, fires the list if that decides it, and returns what the
   * member's chain continues with
   */
  _memberFired(index: number, ok: boolean, result: unknown): unknown {
    const entry = (ok ? [true, result] : [false, result]) as DeferredListEntry<
      V[number]
    >;
    this.resultList[index] = entry;
    this.finishedCount++;
    if (!this.called) {
      if (entry[0] && this.fireOnOneCallback) {
        this.callback([entry[1], index] as R);
      } else if (!entry[0] && this.fireOnOneErrback) {
        this.errback(new Failure(new FirstError(entry[1] as Failure, index)));
      } else if (this.finishedCount === this.resultList.length) {
        this.callback(this.resultList as R);
      }
    }
    return !entry[0] && this.consumeErrors ? undefined : entry[1];
  }

  /**
   * Cancels every member given at construction, unless the list has
   * already fired. An exception from a member's canceller is logged, and
   * the other members are still cancelled.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Deferred, DeferredList } from "@twisted-ts/core/defer";
   * const slow = new Deferred<string>();
   * const dl = new DeferredList([slow], { consumeErrors: true });
   * let ok: boolean | undefined;
   * dl.addCallback((outcomes) => { ok = outcomes[0]?.[0]; });
   * dl.cancel();
   * assert.equal(ok, false, "the member should have been cancelled");
   * ```
   */
  override cancel(): void {
    if (this.called) return;
    for (const d of this.#members) {
      try {
        d.cancel();
      } catch (e) {
        log.err(e, "Exception raised from user supplied canceller");
      }
    }
  }
}

/**
 * Every value of `deferredList`, in input order — or, at the first failure,
 * a `FirstError` naming the member (`index`) and its failure
 * (`subFailure`). Cancelling the result cancels every member.
 * `consumeErrors` turns each member's failure into `undefined` in its own
 * chain once recorded (so it is not reported as unhandled too).
 *
 * Types, as `Promise.all`'s: a tuple of Deferreds of mixed types gives a
 * tuple (`gatherResults([succeed(1), succeed("a")])` is
 * `Deferred<[number, string]>`), an array of one type an array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatherResults, succeed } from "@twisted-ts/core/defer";
 * const values = await gatherResults([succeed(1), succeed(2)]);
 * assert.equal(values.join(), "1,2");
 * const [n, s] = await gatherResults([succeed(1), succeed("a")]);
 * assert.equal(n.toFixed(1) + s.toUpperCase(), "1.0A");
 * ```
 */
export function gatherResults<V extends readonly unknown[]>(
  deferredList: Deferreds<V>,
  consumeErrors?: boolean,
): Deferred<{ -readonly [K in keyof V]: V[K] }>;
/**
 * Every value of `deferredList` (any iterable of Deferreds), in input
 * order; see the overload above.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatherResults, succeed } from "@twisted-ts/core/defer";
 * const values = await gatherResults(new Set([succeed(1), succeed(2)]));
 * assert.equal(values.join(), "1,2");
 * ```
 */
export function gatherResults<T>(
  deferredList: Iterable<Deferred<T>>,
  consumeErrors?: boolean,
): Deferred<T[]>;
export function gatherResults(
  deferredList: Iterable<Deferred<unknown>>,
  consumeErrors = false,
): Deferred<unknown[]> {
  const dl = new DeferredList<unknown[]>(deferredList, {
    fireOnOneErrback: true,
    consumeErrors: Boolean(consumeErrors),
  });
  return dl.addCallback((outcomes) => outcomes.map((entry) => entry[1]));
}

/**
 * The first of `deferredList` to succeed, as `[index, value]`; the others
 * are then cancelled (not the winner). If every one fails, the result fails
 * with a `FailureGroup` of their failures in input order. Cancelling the
 * result cancels every member. Each member's own result is consumed (its
 * chain continues with `undefined`), so losers' failures are not reported
 * as unhandled; an exception from a loser's canceller is logged.
 *
 * Newer Twisted's `race` (Twisted 22.4 has none). An empty input throws a
 * `RangeError` here; in Twisted it would never fire. Types: for a tuple of
 * Deferreds of mixed types, the index tells the value's type
 * ({@linkcode RaceResult}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError, Deferred, race } from "@twisted-ts/core/defer";
 * const slow = new Deferred<string>();
 * const fast = new Deferred<string>();
 * let slowCancelled = false;
 * slow.addErrback((f) => { slowCancelled = f.check(CancelledError) !== undefined; });
 * const winner = race([slow, fast]);
 * fast.callback("fast");
 * const [index, value] = await winner;
 * assert.equal(index, 1);
 * assert.equal(value, "fast");
 * assert.ok(slowCancelled);
 * ```
 */
export function race<V extends readonly unknown[]>(
  deferredList: Deferreds<V>,
): Deferred<RaceResult<V>>;
/**
 * The first of `deferredList` (any iterable of Deferreds) to succeed, as
 * `[index, value]`; see the overload above.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { race, succeed } from "@twisted-ts/core/defer";
 * const [index, value] = await race(new Set([succeed("only")]));
 * assert.deepEqual([index, value], [0, "only"]);
 * ```
 */
export function race<T>(
  deferredList: Iterable<Deferred<T>>,
): Deferred<[number, T]>;
export function race<T>(
  deferredList: Iterable<Deferred<T>>,
): Deferred<[number, T]> {
  const list = members<T>("race: deferredList", deferredList);
  if (list.length === 0) {
    throw new RangeError(
      "race: deferredList must hold at least one Deferred, got none (an empty race would never fire)",
    );
  }
  let winner: Deferred<T> | undefined;
  const failures: (Failure | undefined)[] = new Array(list.length);
  let failed = 0;
  /** Cancels every member but `spared`; a canceller's throw is logged. */
  const cancelAll = (spared?: Deferred<T>) => {
    for (const d of list) {
      if (d === spared) continue;
      try {
        d.cancel();
      } catch (e) {
        log.err(e, "Exception raised from user supplied canceller");
      }
    }
  };
  const result = new Deferred<[number, T]>(() => cancelAll());
  for (let index = 0; index < list.length; index++) {
    list[index]!.addCallbacks(
      (value: T) => {
        if (winner !== undefined) return undefined; // a late success
        winner = list[index];
        cancelAll(winner);
        result.callback([index, value]);
        return undefined;
      },
      (failure: Failure) => {
        failures[index] = failure;
        if (++failed === list.length) {
          result.errback(new FailureGroup(failures as Failure[]));
        }
        return undefined;
      },
    );
  }
  return result;
}
