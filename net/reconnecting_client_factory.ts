/**
 * `ReconnectingClientFactory`: a client factory that reconnects with
 * exponential back-off — Twisted's
 * `twisted.internet.protocol.ReconnectingClientFactory`, with its exact
 * algorithm.
 *
 * The back-off: after each failed attempt or lost connection,
 * `delay = min(delay * factor, maxDelay)`, then, if `jitter` is non-zero,
 * `delay = normalvariate(delay, delay * jitter)` (a normal draw, Python's
 * Kinderman-Monahan method, from `random`); the reconnection is scheduled
 * with `clock.callLater(delay, …)`. The defaults are Twisted's:
 * `initialDelay` 1, `factor` e, `jitter` 0.119626565582, `maxDelay` 3600,
 * no `maxRetries`. Note that, as in Twisted, the jittered delay is what
 * the next attempt multiplies, and the jitter may take it past `maxDelay`.
 *
 * Injection for tests: `clock` (default: the global `reactor`) is any
 * `IReactorTime`, so a `Clock` drives retries deterministically; `random`
 * (default `Math.random`) is the uniform source the jitter draws from.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import type { IDelayedCall, IReactorTime } from "../reactor/interfaces.ts";
import type { IConnector } from "../reactor/io_interfaces.ts";
import { reactor } from "../reactor/reactor.ts";
import { ClientFactory } from "./client_factory.ts";
import { NotConnectingError } from "./errors.ts";
import { normalVariate } from "./_normal_variate.ts";

/** A finite number >= 0, or a RangeError/TypeError naming the field. */
function requireNonNegative(what: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value < Infinity)) {
    throw new (typeof value === "number" ? RangeError : TypeError)(
      `ReconnectingClientFactory.${what} must be a finite number >= 0, got ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/**
 * A `ClientFactory` that reconnects after a failed attempt or a lost
 * connection, waiting longer each time (see the module doc). Call
 * `resetDelay()` once connected (typically from `buildProtocol`), and
 * `stopTrying()` to give up.
 *
 * @example
 * ```ts
 * import { Clock } from "@twisted-ts/core";
 * import { ConnectionRefusedError, type IConnector, ReconnectingClientFactory } from "@twisted-ts/core/net";
 * import { Failure } from "@twisted-ts/core";
 * import assert from "node:assert/strict";
 * const clock = new Clock();
 * const f = new ReconnectingClientFactory();
 * f.clock = clock;
 * f.jitter = 0; // exact delays for this example
 * f.noisy = false;
 * let attempts = 0;
 * const connector: IConnector = {
 *   connect: () => { attempts++; },
 *   stopConnecting() {},
 *   disconnect() {},
 *   getDestination: () => ({ toString: () => "example.com:80" }),
 * };
 * f.clientConnectionFailed(connector, new Failure(new ConnectionRefusedError()));
 * assert.equal(f.delay, Math.E);
 * clock.advance(Math.E);
 * assert.equal(attempts, 1);
 * ```
 */
export class ReconnectingClientFactory extends ClientFactory {
  /** The longest delay, in seconds (before jitter). */
  maxDelay = 3600;
  /** The delay the back-off starts from, in seconds. */
  initialDelay = 1.0;
  /** What each delay is multiplied by. */
  factor: number = Math.E;
  /** The jitter's relative deviation (0: none). */
  jitter = 0.119626565582;
  /** The current delay, in seconds. */
  delay = 1.0;
  /** Consecutive retries so far. */
  retries = 0;
  /** Retries allowed before giving up (`undefined`: no limit). */
  maxRetries: number | undefined = undefined;
  /** The connector being retried. */
  connector: IConnector | undefined = undefined;
  /** Where retries are scheduled (default: the global `reactor`). */
  clock: IReactorTime | undefined = undefined;
  /** Whether it still reconnects (`stopTrying` clears it). */
  continueTrying = true;
  /** The uniform [0, 1) source the jitter draws from. */
  random: () => number = Math.random;
  #callID: IDelayedCall | undefined = undefined;

  /**
   * An attempt failed: retry, unless stopped.
   *
   * @example
   * ```ts
   * import { Clock, Failure } from "@twisted-ts/core";
   * import { type IConnector, ReconnectingClientFactory, UserError } from "@twisted-ts/core/net";
   * const f = new ReconnectingClientFactory();
   * f.clock = new Clock();
   * f.noisy = false;
   * const c = { connect() {}, stopConnecting() {}, disconnect() {}, getDestination: () => ({}) } as IConnector;
   * f.clientConnectionFailed(c, new Failure(new UserError()));
   * if (f.retries !== 1 || f.connector !== c) throw new Error();
   * ```
   */
  override clientConnectionFailed(
    connector: IConnector,
    _reason: Failure,
  ): void {
    if (this.continueTrying) {
      this.connector = connector;
      this.retry();
    }
  }

  /**
   * A connection was lost: retry, unless stopped.
   *
   * @example
   * ```ts
   * import { Clock } from "@twisted-ts/core";
   * import { connectionLost, type IConnector, ReconnectingClientFactory } from "@twisted-ts/core/net";
   * const f = new ReconnectingClientFactory();
   * f.clock = new Clock();
   * f.noisy = false;
   * const c = { connect() {}, stopConnecting() {}, disconnect() {}, getDestination: () => ({}) } as IConnector;
   * f.clientConnectionLost(c, connectionLost);
   * if (f.retries !== 1) throw new Error();
   * ```
   */
  override clientConnectionLost(
    connector: IConnector,
    _reason: Failure,
  ): void {
    if (this.continueTrying) {
      this.connector = connector;
      this.retry();
    }
  }

  /**
   * Schedules `connector.connect()` (default: the last connector) after
   * the next delay; gives up after `maxRetries`. A `RangeError` if there
   * is no connector, or a setting is not a finite number >= 0.
   *
   * @example
   * ```ts
   * import { Clock } from "@twisted-ts/core";
   * import { type IConnector, ReconnectingClientFactory } from "@twisted-ts/core/net";
   * const clock = new Clock();
   * const f = new ReconnectingClientFactory();
   * f.clock = clock;
   * f.noisy = false;
   * f.maxRetries = 1;
   * let n = 0;
   * const c = { connect: () => { n++; }, stopConnecting() {}, disconnect() {}, getDestination: () => ({}) } as IConnector;
   * f.retry(c);
   * f.retry(c); // over maxRetries: abandoned
   * clock.advance(100);
   * if (n !== 1) throw new Error(`${n}`);
   * ```
   */
  retry(connector?: IConnector): void {
    if (!this.continueTrying) {
      if (this.noisy) log.msg(`Abandoning ${connector} on explicit request`);
      return;
    }
    let target = connector;
    if (target === undefined) {
      if (this.connector === undefined) {
        throw new RangeError(
          "ReconnectingClientFactory.retry: no connector to retry",
        );
      }
      target = this.connector;
    }
    const factor = requireNonNegative("factor", this.factor);
    const maxDelay = requireNonNegative("maxDelay", this.maxDelay);
    const jitter = requireNonNegative("jitter", this.jitter);
    requireNonNegative("delay", this.delay);
    const maxRetries = this.maxRetries;
    if (
      maxRetries !== undefined &&
      !(typeof maxRetries === "number" && maxRetries >= 0)
    ) {
      throw new RangeError(
        `ReconnectingClientFactory.maxRetries must be undefined or a number >= 0, got ${
          describeValue(maxRetries)
        }`,
      );
    }
    if (typeof this.random !== "function") {
      throw new TypeError(
        `ReconnectingClientFactory.random must be a function, got ${
          describeValue(this.random)
        }`,
      );
    }
    this.retries += 1;
    if (maxRetries !== undefined && this.retries > maxRetries) {
      if (this.noisy) {
        log.msg(`Abandoning ${target} after ${this.retries} retries.`);
      }
      return;
    }
    this.delay = Math.min(this.delay * factor, maxDelay);
    if (jitter) {
      this.delay = normalVariate(this.random, this.delay, this.delay * jitter);
    }
    if (this.noisy) {
      log.msg(`${target} will retry in ${Math.trunc(this.delay)} seconds`);
    }
    const reconnect = target;
    this.clock ??= reactor;
    // a negative jittered delay (z < -8.3 deviations: possible in
    // principle) runs at once; callLater refuses negative delays
    this.#callID = this.clock.callLater(Math.max(0, this.delay), () => {
      this.#callID = undefined;
      reconnect.connect();
    });
  }

  /**
   * Stops reconnecting: cancels a scheduled retry and stops the
   * connector's attempt in progress (ignoring `NotConnectingError`).
   *
   * @example
   * ```ts
   * import { Clock } from "@twisted-ts/core";
   * import { type IConnector, ReconnectingClientFactory } from "@twisted-ts/core/net";
   * const clock = new Clock();
   * const f = new ReconnectingClientFactory();
   * f.clock = clock;
   * f.noisy = false;
   * let n = 0;
   * const c = { connect: () => { n++; }, stopConnecting() {}, disconnect() {}, getDestination: () => ({}) } as IConnector;
   * f.retry(c);
   * f.stopTrying();
   * clock.advance(100);
   * if (n !== 0 || f.continueTrying) throw new Error();
   * ```
   */
  stopTrying(): void {
    if (this.#callID !== undefined) {
      this.#callID.cancel();
      this.#callID = undefined;
    }
    this.continueTrying = false;
    if (this.connector !== undefined) {
      try {
        this.connector.stopConnecting();
      } catch (e) {
        if (!(e instanceof NotConnectingError)) throw e;
      }
    }
  }

  /**
   * Call once connected: resets the delay and the retry count (and
   * `continueTrying`).
   *
   * @example
   * ```ts
   * import { ReconnectingClientFactory } from "@twisted-ts/core/net";
   * const f = new ReconnectingClientFactory();
   * f.delay = 100;
   * f.retries = 5;
   * f.resetDelay();
   * if (f.delay !== 1 || f.retries !== 0) throw new Error();
   * ```
   */
  resetDelay(): void {
    this.delay = this.initialDelay;
    this.retries = 0;
    this.#callID = undefined;
    this.continueTrying = true;
  }
}
