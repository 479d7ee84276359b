/**
 * Twisted's reactor core: `callLater` and its `DelayedCall`, the
 * deterministic `Clock`, and (soon) the `Reactor` run loop — all on one
 * binary-heap scheduler where calls due at the same time run
 * first-in-first-out.
 *
 * @example
 * ```ts
 * import { Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const seen: string[] = [];
 * clock.callLater(1, () => seen.push("a"));
 * clock.callLater(1, () => seen.push("b"));
 * clock.advance(1);
 * if (seen.join("") !== "ab") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export type { IDelayedCall, IReactorTime } from "./interfaces.ts";
export { DelayedCall } from "./delayed_call.ts";
export { Clock } from "./clock.ts";
export {
  AlreadyCalled,
  AlreadyCancelled,
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
} from "./errors.ts";
