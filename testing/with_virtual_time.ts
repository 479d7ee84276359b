/**
 * `withVirtualTime`: runs a test body on a fresh {@linkcode
 * VirtualTimeReactor} — started before the body, stopped (thread pool and
 * all) once the body's promise settles — so each test gets a reactor of
 * its own, its waits take no real time, and no test touches the default
 * `reactor`, which can run only once per process.
 *
 * A body that waits for something nothing will ever do (no timed call is
 * pending, no thread task is at work, and nothing from outside wakes the
 * reactor) would hang the test run: after `idleTimeout` real seconds of
 * that, the body is abandoned and the call fails with an `Error` saying
 * so. The same goes for a shutdown that waits so (a `before` trigger's
 * Deferred that never fires): it is forced, as a second Ctrl-C forces a
 * real reactor's, and the call fails saying so.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import {
  VirtualTimeReactor,
  type VirtualTimeReactorOptions,
} from "./virtual_time_reactor.ts";

/**
 * Options for {@linkcode withVirtualTime}.
 *
 * @example
 * ```ts
 * import type { WithVirtualTimeOptions } from "@twisted-ts/core/testing";
 * const options: WithVirtualTimeOptions = { inProcessThreads: true, idleTimeout: 2 };
 * options.toString();
 * ```
 */
export interface WithVirtualTimeOptions extends VirtualTimeReactorOptions {
  /**
   * Real seconds the reactor may sit with nothing to do (see
   * {@linkcode VirtualTimeReactor.idle}) while the body still waits,
   * before the call fails. Default 5.
   */
  idleTimeout?: number;
}

/** Real milliseconds between looks at an idle reactor. */
const WATCH_MS = 50;

/**
 * Runs `body(reactor)` on a new {@linkcode VirtualTimeReactor} once it is
 * running; when what `body` returns (a value, a promise, a Deferred)
 * settles, stops the reactor and resolves with that value — or rejects
 * with that error — once the reactor has shut down. Virtual time jumps
 * from deadline to deadline meanwhile. If the body stops the reactor
 * itself, the call fails unless the body has finished by then.
 *
 * @example A test of code that waits a minute, on a reactor of its own
 * ```ts
 * import assert from "node:assert/strict";
 * import { deferLater } from "@twisted-ts/core";
 * import { withVirtualTime } from "@twisted-ts/core/testing";
 * const text = await withVirtualTime(async (reactor) => {
 *   const t = await deferLater(reactor, 60, () => `${reactor.seconds()} s`);
 *   return `after ${t}`;
 * });
 * assert.equal(text, "after 60 s");
 * ```
 */
export async function withVirtualTime<T>(
  body: (reactor: VirtualTimeReactor) => T | PromiseLike<T>,
  options: WithVirtualTimeOptions = {},
): Promise<Awaited<T>> {
  if (typeof body !== "function") {
    throw new TypeError(
      `withVirtualTime: body must be a function, got ${describeValue(body)}`,
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `withVirtualTime: options must be an object, got ${
        describeValue(options)
      }`,
    );
  }
  const { idleTimeout = 5, ...reactorOptions } = options;
  if (typeof idleTimeout !== "number") {
    throw new TypeError(
      `withVirtualTime: idleTimeout must be a number of seconds > 0, got ${
        describeValue(idleTimeout)
      }`,
    );
  }
  if (!(idleTimeout > 0)) {
    throw new RangeError(
      `withVirtualTime: idleTimeout must be a number of seconds > 0, got ${
        describeValue(idleTimeout)
      }`,
    );
  }
  const reactor = new VirtualTimeReactor(reactorOptions);
  let outcome:
    | { ok: true; value: Awaited<T> }
    | { ok: false; error: unknown }
    | undefined;
  const settle = (o: NonNullable<typeof outcome>) => {
    if (outcome !== undefined) return;
    outcome = o;
    if (reactor.running) reactor.stop();
  };
  reactor.callWhenRunning(() => {
    let result: T | PromiseLike<T>;
    try {
      result = body(reactor);
    } catch (error) {
      settle({ ok: false, error });
      return;
    }
    Promise.resolve(result).then(
      (value) => settle({ ok: true, value }),
      (error) => settle({ ok: false, error }),
    );
  });
  let stuckShutdown = false;
  const watch = setInterval(() => {
    const since = reactor._idleSince;
    if (since === undefined || performance.now() - since < idleTimeout * 1000) {
      return;
    }
    if (outcome !== undefined) {
      // the body is done, the shutdown stuck: force it, once
      if (!stuckShutdown) {
        stuckShutdown = true;
        reactor._forceShutdown();
      }
      return;
    }
    settle({
      ok: false,
      error: new Error(
        `withVirtualTime: the body is still waiting after ${idleTimeout} s of real time with nothing scheduled on the reactor (no timed call, no thread task): it waits for something that will never happen`,
      ),
    });
  }, WATCH_MS);
  try {
    await reactor.run();
  } finally {
    clearInterval(watch);
  }
  if (outcome === undefined) {
    throw new Error(
      `withVirtualTime: the reactor stopped at ${reactor.seconds()} s (virtual) before the body finished`,
    );
  }
  if (stuckShutdown) {
    throw new Error(
      `withVirtualTime: the reactor's shutdown was still waiting after ${idleTimeout} s of real time with nothing scheduled (a 'before' shutdown trigger's Deferred that never fires?): it was forced`,
      outcome.ok ? {} : { cause: (outcome as { error: unknown }).error },
    );
  }
  if (!outcome.ok) throw (outcome as { error: unknown }).error;
  return outcome.value;
}
