/**
 * Delivering results and function-proxy calls to the reactor thread,
 * batched per incoming message.
 *
 * How and why: a worker's message may carry hundreds of outcomes, each of
 * which must run through the reactor's `callFromThread` (so Deferreds fire
 * on the reactor's turn, as in Twisted). One `callFromThread` per outcome
 * costs a queue entry and an argument array each; instead, while a message
 * is being read ({@linkcode deliveringBatch}), deliveries to the same
 * reactor are appended to one flat list, handed to `callFromThread` once
 * when the message is done. Order is kept: a batch holds one message's
 * deliveries in arrival order, and batches are queued message by message.
 * Outside a batch (in-process tasks), a delivery is a plain
 * `callFromThread`. A delivery that throws is logged, as the reactor logs a
 * failing `callFromThread` call, and the rest still run.
 *
 * Cost per message: a lone delivery (the common case for a single task)
 * is handed to `callFromThread` as it is; more make one list for the
 * (nearly always single) reactor, handed over as is; other reactors'
 * lists are kept in a map made only when a message has deliveries for a
 * second reactor. A batch opened while one is open (which message
 * handlers never do) joins it.
 *
 * @module
 */
import { describeValue } from "../../_util/describe.ts";
import type { Deferred } from "../../defer/deferred.ts";
import { Failure } from "../../defer/failure.ts";
import { log } from "../../defer/log.ts";
import type { CallFromThread } from "../interfaces.ts";

/** A delivery: called with its two arguments on the reactor thread. */
export type Delivery = (a: never, b: never) => unknown;

let depth = 0;
let firstReactor: CallFromThread | null = null;
// the first reactor's first delivery, until a second one makes the list
let firstFn: ((a: never, b: never) => unknown) | null = null;
let firstA: unknown = undefined;
let firstB: unknown = undefined;
let firstList: unknown[] | null = null;
let others: Map<CallFromThread, unknown[]> | null = null;

/** Runs `fn(a, b)` on `reactor`'s thread (batched while a message is read). */
export function deliver<A, B>(
  reactor: CallFromThread,
  fn: (a: A, b: B) => unknown,
  a: A,
  b: B,
): void {
  if (depth === 0) {
    reactor.callFromThread(fn, a, b);
  } else if (reactor === firstReactor) {
    if (firstList !== null) firstList.push(fn, a, b);
    else firstList = [firstFn, firstA, firstB, fn, a, b];
  } else if (firstReactor === null) {
    firstReactor = reactor;
    firstFn = fn as (a: never, b: never) => unknown;
    firstA = a;
    firstB = b;
  } else {
    others ??= new Map();
    const list = others.get(reactor);
    if (list === undefined) others.set(reactor, [fn, a, b]);
    else list.push(fn, a, b);
  }
}

/** Runs `read(arg)`, batching its deliveries; queues each batch when done. */
export function deliveringBatch<T>(read: (arg: T) => void, arg: T): void {
  depth++;
  try {
    read(arg);
  } finally {
    if (--depth === 0 && firstReactor !== null) {
      const reactor = firstReactor, list = firstList, more = others;
      const fn = firstFn!, a = firstA, b = firstB;
      firstReactor = null;
      firstFn = null;
      firstList = null;
      others = null;
      firstA = firstB = undefined;
      if (list !== null) queue(reactor, runDeliveries, list, undefined);
      else queue(reactor, fn, a, b);
      if (more !== null) {
        for (const [r, l] of more) queue(r, runDeliveries, l, undefined);
      }
    }
  }
}

function queue(
  reactor: CallFromThread,
  fn: (a: never, b: never) => unknown,
  a: unknown,
  b: unknown,
): void {
  try {
    if (fn === runDeliveries) reactor.callFromThread(fn, a);
    else reactor.callFromThread(fn, a, b);
  } catch (e) {
    log.err(e, "ThreadPool: could not hand results to the reactor:");
  }
}

function runDeliveries(list: unknown[]): void {
  for (let i = 0; i < list.length; i += 3) {
    const fn = list[i] as (a: unknown, b: unknown) => unknown;
    try {
      fn(list[i + 1], list[i + 2]);
    } catch (e) {
      log.err(
        e,
        `Unhandled error in a callFromThread call (${describeValue(fn)}):`,
      );
    }
  }
}

/**
 * Fires `d` on `reactor`'s thread with a task's outcome: its result, or a
 * `Failure` of `value` (unless `d` has fired meanwhile, e.g. cancelled).
 */
export function deliverOutcome(
  reactor: CallFromThread,
  d: Deferred<unknown>,
  ok: boolean,
  value: unknown,
): void {
  if (ok) deliver(reactor, fire, d, value);
  else deliver(reactor, fireFailure, d, new Failure(value));
}

function fire(d: Deferred<unknown>, result: unknown): void {
  if (!d.called) d.callback(result);
}

function fireFailure(d: Deferred<unknown>, failure: Failure): void {
  if (!d.called) d.errback(failure);
}

/** Calls `fn(...args)`: how a function proxy's call is delivered. */
export function callWith(
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
): unknown {
  return fn(...args);
}
