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
 * @module
 */
import { describeValue } from "../defer/_describe.ts";
import { log } from "../defer/log.ts";
import type { CallFromThread } from "./_job.ts";

/** A delivery: called with its two arguments on the reactor thread. */
export type Delivery = (a: never, b: never) => unknown;

let open: Map<CallFromThread, unknown[]> | null = null;

/** Runs `fn(a, b)` on `reactor`'s thread (batched while a message is read). */
export function deliver<A, B>(
  reactor: CallFromThread,
  fn: (a: A, b: B) => unknown,
  a: A,
  b: B,
): void {
  if (open === null) {
    reactor.callFromThread(fn, a, b);
    return;
  }
  let list = open.get(reactor);
  if (list === undefined) open.set(reactor, list = []);
  list.push(fn, a, b);
}

/** Runs `read()`, batching its deliveries; queues each batch when done. */
export function deliveringBatch(read: () => void): void {
  const outer = open;
  const batches = new Map<CallFromThread, unknown[]>();
  open = batches;
  try {
    read();
  } finally {
    open = outer;
    for (const [reactor, list] of batches) {
      try {
        reactor.callFromThread(runDeliveries, list);
      } catch (e) {
        log.err(e, "ThreadPool: could not hand results to the reactor:");
      }
    }
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

/** Calls `fn(...args)`: how a function proxy's call is delivered. */
export function callWith(
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
): unknown {
  return fn(...args);
}
