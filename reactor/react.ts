/**
 * `react`: a whole program around one function — Twisted's
 * `twisted.internet.task.react`.
 *
 * How: `main(reactor, ...argv)` is called at once and its result (a
 * Deferred, a promise or a generator, as `ensureDeferred` takes) awaited
 * while the reactor runs. When it settles, the reactor is stopped in its
 * next turn — unless shutdown has begun already (a signal, or `main`'s own
 * `stop()`), in which case the outcome is only recorded. The outcome is the
 * exit code: 0, a {@linkcode SystemExit}'s code, or 1 after the failure was
 * logged. Once `run()` is over, the program ends with that code, as
 * Twisted's `sys.exit` does; `exit: false` only resolves with it.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { isFailure } from "../defer/failure.ts";
import type { Deferred } from "../defer/deferred.ts";
import {
  ensureDeferred,
  type InlineGenerator,
} from "../defer/inline_callbacks.ts";
import { log } from "../defer/log.ts";
import { host } from "./_host.ts";
import { ReactorNotRunning, SystemExit } from "./errors.ts";
import { type Reactor, reactor as theReactor } from "./reactor.ts";

/**
 * What `main` may return: what `ensureDeferred` takes.
 *
 * @example
 * ```ts
 * import { succeed } from "@twisted-ts/core/defer";
 * import type { ReactMainResult } from "@twisted-ts/core/reactor";
 * const results: ReactMainResult[] = [succeed(1), Promise.resolve(2)];
 * if (results.length !== 2) throw new Error("unexpected");
 * ```
 */
export type ReactMainResult =
  | Deferred<unknown>
  | PromiseLike<unknown>
  | InlineGenerator<unknown>;

/**
 * Options of {@linkcode react}.
 *
 * @example
 * ```ts
 * import { Reactor, type ReactOptions } from "@twisted-ts/core/reactor";
 * const forTests: ReactOptions = {
 *   reactor: new Reactor({ installSignalHandlers: false }),
 *   exit: false,
 * };
 * if (forTests.exit !== false) throw new Error("unexpected");
 * ```
 */
export interface ReactOptions {
  /** The reactor to run (default: the global `reactor`). */
  reactor?: Reactor;
  /**
   * Whether to end the program with the exit code once the reactor has
   * stopped (default `true`, as Twisted's `sys.exit`); `false` only
   * resolves the returned promise with it.
   */
  exit?: boolean;
}

/**
 * Runs `main(reactor, ...argv)` on a running reactor until what it returns
 * settles, then stops the reactor and ends the program: exit status 0 on
 * success, the `code` of a {@linkcode SystemExit} it failed with, or 1
 * after logging any other failure (`"main function encountered error"`).
 * If shutdown begins first (a signal, `reactor.stop()`), the outcome is
 * recorded when it settles, and the reactor is not stopped twice.
 *
 * `main` is called at once: what it throws, or a result `ensureDeferred`
 * does not take (`NotACoroutineError`), escapes `react`. Bad arguments are
 * a `TypeError` at the call.
 *
 * @example A script: `await react(main)` ends the program when `main` is done
 * ```ts
 * import assert from "node:assert/strict";
 * import { deferLater, react, Reactor } from "@twisted-ts/core/reactor";
 * async function main(reactor: Reactor, name: string): Promise<void> {
 *   const greeting = await deferLater(reactor, 0.01, () => `hello, ${name}`);
 *   assert.equal(greeting, "hello, ada");
 * }
 * // a script would write: await react(main, ["ada"]);
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const code = await react(main, ["ada"], { reactor, exit: false });
 * assert.equal(code, 0);
 * ```
 */
export function react<A extends unknown[]>(
  main: (reactor: Reactor, ...argv: A) => ReactMainResult,
  argv: A = [] as unknown[] as A,
  options: ReactOptions = {},
): Promise<number> {
  requireFunction("react: main", main);
  if (!Array.isArray(argv)) {
    throw new TypeError(
      `react: argv must be an array, got ${describeValue(argv)}`,
    );
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `react: options must be an object, got ${describeValue(options)}`,
    );
  }
  const r = options.reactor ?? theReactor;
  for (const method of ["run", "stop", "callWhenRunning"] as const) {
    if (typeof (r as Partial<Reactor> | null)?.[method] !== "function") {
      throw new TypeError(
        `react: options.reactor must be a Reactor, got ${describeValue(r)}`,
      );
    }
  }
  const exit = options.exit ?? true;
  if (typeof exit !== "boolean") {
    throw new TypeError(
      `react: options.exit must be true or false, got ${describeValue(exit)}`,
    );
  }
  const finished = ensureDeferred(main(r, ...argv) as PromiseLike<unknown>);
  let code = 0;
  let stopping = false;
  r.addSystemEventTrigger("before", "shutdown", () => {
    stopping = true;
  });
  const record = (result: unknown) => {
    if (!isFailure(result)) return;
    if (result.check(SystemExit) !== undefined) {
      code = (result.value as SystemExit).code;
    } else {
      log.err(result, "main function encountered error");
      code = 1;
    }
  };
  finished.addBoth((result: unknown) => {
    if (stopping) {
      record(result);
      return;
    }
    r.callWhenRunning(() => {
      try {
        r.stop();
      } catch (e) {
        if (!(e instanceof ReactorNotRunning)) throw e;
      }
      record(result);
    });
  });
  return r.run().then(() => {
    // the exit reports what is still unhandled (see reactor.ts)
    if (exit) host.exit(code);
    return code;
  });
}
