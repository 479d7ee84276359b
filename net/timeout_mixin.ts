/**
 * `TimeoutMixin`: one idle timeout per protocol — Twisted's
 * `twisted.protocols.policies.TimeoutMixin`.
 *
 * TypeScript has no multiple inheritance, so Twisted's
 * `class P(LineReceiver, TimeoutMixin)` is written as a class mixin:
 * `class P extends TimeoutMixin(LineReceiver)`. `TimeoutMixin(Base)`
 * returns a subclass of `Base` with Twisted's members — `timeOut`,
 * `setTimeout(period)`, `resetTimeout()`, `timeoutConnection()`,
 * `callLater(period, fn)` — so overriding and `super` calls work as in
 * Python. Time comes from `this.clock` (default: the global `reactor`);
 * set it to a `Clock` in tests (or override `callLater`, as Twisted's
 * tests do).
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { IDelayedCall, IReactorTime } from "../reactor/interfaces.ts";
import { reactor } from "../reactor/reactor.ts";
import type { ITransport } from "../reactor/io_interfaces.ts";

/**
 * The members `TimeoutMixin` adds.
 *
 * @example
 * ```ts
 * import { Clock } from "@twisted-ts/core";
 * import { Protocol, TimeoutMixin, type TimeoutMixinMembers } from "@twisted-ts/core/net";
 * const p: TimeoutMixinMembers = new (TimeoutMixin(Protocol))();
 * p.clock = new Clock();
 * if (p.setTimeout(5) !== undefined || p.timeOut !== 5) throw new Error();
 * p.setTimeout(undefined);
 * ```
 */
export interface TimeoutMixinMembers {
  /** The timeout in seconds, or `undefined` for none. */
  timeOut: number | undefined;
  /** Where the timeout is scheduled (default: the global `reactor`). */
  clock: IReactorTime | undefined;
  /** Schedules `fn` after `period` seconds on `clock`. */
  callLater(period: number, fn: () => void): IDelayedCall;
  /**
   * Sets the timeout to `period` seconds from now (`undefined`: no
   * timeout); returns the previous period.
   */
  setTimeout(period: number | undefined): number | undefined;
  /** Restarts the countdown (call it on meaningful input). */
  resetTimeout(): void;
  /** Called when the timeout runs out; closes the connection by default. */
  timeoutConnection(): void;
}

/**
 * A class with a `transport`, which `TimeoutMixin` can extend.
 *
 * @example
 * ```ts
 * import { Protocol, type TimeoutBase } from "@twisted-ts/core/net";
 * const base: TimeoutBase = Protocol;
 * if (typeof base !== "function") throw new Error();
 * ```
 */
// deno-lint-ignore no-explicit-any -- a mixin accepts any constructor
export type TimeoutBase = new (...args: any[]) => { transport: ITransport };

/**
 * Adds Twisted's `TimeoutMixin` to `Base` (a protocol class): see the
 * module doc.
 *
 * @example
 * ```ts
 * import { Clock } from "@twisted-ts/core";
 * import { decode, LineReceiver, StringTransport, TimeoutMixin } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Idle extends TimeoutMixin(LineReceiver) {
 *   override connectionMade() { this.setTimeout(30); }
 *   override lineReceived(line: Uint8Array) {
 *     this.resetTimeout();
 *     this.sendLine(decode(line));
 *   }
 * }
 * const clock = new Clock();
 * const p = new Idle();
 * p.clock = clock;
 * const t = new StringTransport();
 * p.makeConnection(t);
 * clock.advance(20);
 * p.dataReceived(new TextEncoder().encode("still here\r\n"));
 * clock.advance(20);
 * assert.equal(t.disconnecting, false);
 * clock.advance(10);
 * assert.equal(t.disconnecting, true); // 30 s without a line
 * ```
 */
export function TimeoutMixin<B extends TimeoutBase>(
  Base: B,
): new (
  ...args: ConstructorParameters<B>
) => InstanceType<B> & TimeoutMixinMembers {
  if (typeof Base !== "function") {
    throw new TypeError(
      `TimeoutMixin: Base must be a class, got ${describeValue(Base)}`,
    );
  }
  class WithTimeout extends Base implements TimeoutMixinMembers {
    timeOut: number | undefined = undefined;
    clock: IReactorTime | undefined = undefined;
    #call: IDelayedCall | undefined = undefined;

    callLater(period: number, fn: () => void): IDelayedCall {
      return (this.clock ?? reactor).callLater(period, fn);
    }

    resetTimeout(): void {
      if (this.#call !== undefined && this.timeOut !== undefined) {
        this.#call.reset(this.timeOut);
      }
    }

    setTimeout(period: number | undefined): number | undefined {
      if (
        period !== undefined &&
        !(typeof period === "number" && period >= 0 && period < Infinity)
      ) {
        throw new (typeof period === "number" ? RangeError : TypeError)(
          `setTimeout: period must be a finite number >= 0 or undefined, got ${
            describeValue(period)
          }`,
        );
      }
      const prev = this.timeOut;
      this.timeOut = period;
      if (this.#call !== undefined) {
        if (period === undefined) {
          if (this.#call.active()) this.#call.cancel();
          this.#call = undefined;
        } else {
          this.#call.reset(period);
        }
      } else if (period !== undefined) {
        this.#call = this.callLater(period, () => {
          this.#call = undefined;
          this.timeoutConnection();
        });
      }
      return prev;
    }

    timeoutConnection(): void {
      this.transport.loseConnection();
    }
  }
  return WithTimeout as unknown as new (
    ...args: ConstructorParameters<B>
  ) => InstanceType<B> & TimeoutMixinMembers;
}
