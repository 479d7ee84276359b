/**
 * Timers for the thread layer's deadlines (a cancelled task's grace, a
 * task's timeout, a stopping pool's bound, an idle thread's retirement):
 * the host's `setTimeout` by default, or any `IReactorTime` — a `Clock` in
 * tests — so the rules can be checked without real time.
 *
 * @module
 */
import type { IReactorTime } from "../reactor/interfaces.ts";

/** Schedules `fn` after `seconds`; returns a function that cancels it. */
export type After = (seconds: number, fn: () => void) => () => void;

/** The host's timers (delays past 2^31-1 ms are not armed at all). */
export const realTime: After = (seconds, fn) => {
  const ms = seconds * 1000;
  if (!(ms < 2 ** 31 - 1)) return () => {};
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

/** Timers that run on `clock`'s `callLater`. */
export function timersOf(clock: IReactorTime): After {
  return (seconds, fn) => {
    const call = clock.callLater(seconds, fn);
    return () => {
      if (call.active()) call.cancel();
    };
  };
}
