/**
 * One system event's triggers in three phases — Twisted's
 * `_ThreePhaseEvent`, behind `Reactor.addSystemEventTrigger`.
 *
 * How: three arrays of triggers. Firing takes triggers off the front of
 * each array in turn, so triggers added meanwhile to a phase that has not
 * finished also run, removed ones do not, and every trigger runs at most
 * once. `before` triggers may return a Deferred (or any thenable); the
 * `during` and `after` phases wait until all of those have settled (a
 * counter, like Twisted's `DeferredList` over them). A trigger that throws
 * or whose promise rejects is reported through `log` and the others still
 * run; a failed Deferred keeps its failure, as in Twisted (reported as
 * unhandled if nothing handles it, at the latest when the program ends).
 *
 * Two additions of ours. A `before` trigger marked *last* runs only once
 * the other `before` triggers' results have settled: the reactor's thread
 * pool stops that way, after the servers have drained (Twisted stops its
 * pool in `during`, also after every `before` result, but a JavaScript pool
 * needs the loop still running to hand results back). And a firing can be
 * *forced* (what a second signal does): the last `before` triggers run if
 * they have not yet, the `before` results still awaited are cancelled — a
 * Deferred's canceller runs, a promise is let go — and `during` and
 * `after` run at once.
 *
 * @module
 */
import type { AnyFn } from "../_util/any_fn.ts";
import { describeValue } from "../_util/describe.ts";
import { asDeferred, type Deferred, isDeferred } from "../defer/deferred.ts";
import { CancelledError } from "../defer/errors.ts";
import type { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { whenRejected } from "../defer/returned.ts";

/**
 * When a trigger runs relative to the event: Twisted's three phases.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type SystemEventPhase } from "@twisted-ts/core/reactor";
 * const r = new Reactor({ installSignalHandlers: false });
 * const order: SystemEventPhase[] = [];
 * for (const phase of ["after", "during", "before"] as const) {
 *   r.addSystemEventTrigger(phase, "flush", () => order.push(phase));
 * }
 * r.fireSystemEvent("flush");
 * assert.equal(order.join(), "before,during,after", `${order}`);
 * ```
 */
export type SystemEventPhase = "before" | "during" | "after";

/**
 * What `addSystemEventTrigger` returns: pass it to
 * `removeSystemEventTrigger` to take the trigger back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type SystemEventTriggerID } from "@twisted-ts/core/reactor";
 * const r = new Reactor({ installSignalHandlers: false });
 * let ran = false;
 * const id: SystemEventTriggerID = r.addSystemEventTrigger(
 *   "before",
 *   "shutdown",
 *   () => { ran = true; },
 * );
 * assert.equal(id.event, "shutdown");
 * assert.equal(id.phase, "before");
 * r.removeSystemEventTrigger(id);
 * r.fireSystemEvent("shutdown");
 * assert.ok(!ran, "removed trigger ran");
 * ```
 */
export interface SystemEventTriggerID {
  /** The event the trigger belongs to (`"startup"`, `"shutdown"`, …). */
  readonly event: string;
  /** The phase it runs in. */
  readonly phase: SystemEventPhase;
}

/** One registered trigger; also its own ID. */
export class Trigger implements SystemEventTriggerID {
  constructor(
    readonly event: string,
    readonly phase: SystemEventPhase,
    readonly fn: AnyFn,
    readonly args: readonly unknown[],
    /** A `before` trigger that runs after the others' results settle. */
    readonly last = false,
  ) {}
}

/** Whether `phase` is one of the three phases. */
export function isPhase(phase: unknown): phase is SystemEventPhase {
  return phase === "before" || phase === "during" || phase === "after";
}

/** The triggers of one event type, and the state of its firing. */
export class ThreePhaseEvent {
  before: Trigger[] = [];
  during: Trigger[] = [];
  after: Trigger[] = [];
  /** `"BEFORE"` while before-triggers run or their results are awaited. */
  state: "BASE" | "BEFORE" = "BASE";
  /** The before-triggers already run in the current firing. */
  finishedBefore: Trigger[] = [];
  /** The before-results the current firing waits for. */
  #awaited: Deferred<unknown>[] = [];
  /** Counts firings, so the results of forced ones can be ignored. */
  #firing = 0;
  /**
   * Firings up to this one were forced: their results settling later are
   * ignored. Any other firing goes on when its results settle, even once a
   * newer firing began or ended (as Twisted's each wait on their own).
   */
  #forcedUpTo = 0;

  /** Adds `trigger` to the end of its phase. */
  add(trigger: Trigger): void {
    this[trigger.phase].push(trigger);
  }

  /**
   * Removes `trigger`. A before-trigger that already ran in the firing in
   * progress is only reported (as Twisted warns); a trigger that is not
   * registered (removed, or run and so consumed) is a `RangeError`.
   */
  remove(trigger: Trigger): void {
    const list = this[trigger.phase];
    const i = list.indexOf(trigger);
    if (i >= 0) {
      list.splice(i, 1);
      return;
    }
    if (
      this.state === "BEFORE" && trigger.phase === "before" &&
      this.finishedBefore.includes(trigger)
    ) {
      log.msg(
        `removeSystemEventTrigger: the 'before' trigger ${
          describeValue(trigger.fn)
        } for "${trigger.event}" has already run; nothing removed`,
      );
      return;
    }
    throw new RangeError(
      `removeSystemEventTrigger: no such trigger for "${trigger.event}" ` +
        `(already removed, or already run): ${describeValue(trigger.fn)}`,
    );
  }

  /**
   * Runs the triggers: before (the *last* ones once the others' results
   * have settled), then — once every result has settled — during and
   * after.
   */
  fire(): void {
    this.state = "BEFORE";
    this.finishedBefore = [];
    this.#awaited = [];
    const firing = ++this.#firing;
    this.#runBefore(
      false,
      firing,
      () => this.#runBefore(true, firing, () => this.continueFiring()),
    );
  }

  /**
   * Runs the `before` triggers of one wave (the last ones, or the others),
   * then `next` once their results have settled (unless the firing was
   * forced meanwhile).
   */
  #runBefore(last: boolean, firing: number, next: () => void): void {
    let waiting = 1;
    const settled = () => {
      if (--waiting === 0 && firing > this.#forcedUpTo) next();
    };
    for (let i = 0; i < this.before.length;) {
      const trigger = this.before[i]!;
      if (trigger.last !== last) {
        i++;
        continue;
      }
      this.before.splice(i, 1);
      this.finishedBefore.push(trigger);
      let result: unknown;
      try {
        result = trigger.fn(...trigger.args);
      } catch (e) {
        logTriggerError(trigger, e);
        continue;
      }
      if (isDeferred(result)) {
        waiting++;
        this.#awaited.push(result);
        result.addBoth((r: unknown) => {
          // a failure stays with the Deferred, as in Twisted (its owner may
          // still handle it; else it is reported as unhandled, at the
          // latest when the program ends)
          settled();
          return r;
        });
      } else {
        // a promise or other thenable, adopted as a promise would be (a
        // throwing `then` getter, a double call back): its failure is ours
        const adopted = asDeferred(result);
        if (adopted === undefined) continue;
        waiting++;
        adopted.addCallbacks(settled, (failure: Failure) => {
          logTriggerError(trigger, failure);
          settled();
        });
      }
    }
    settled();
  }

  /**
   * Stops waiting for the `before` results of the firing in progress: runs
   * the *last* `before` triggers if they have not run yet (the thread
   * pool's stop must happen, forced or not), cancels the Deferreds among
   * all their results and runs `during` and `after` now. Returns whether a
   * firing was in progress.
   */
  force(): boolean {
    if (this.state !== "BEFORE") return false;
    this.#forcedUpTo = this.#firing; // results settling from now on: ignored
    this.#runBefore(true, this.#firing, () => {});
    const awaited = this.#awaited;
    this.#awaited = [];
    for (const d of awaited) {
      try {
        d.cancel();
      } catch (e) {
        log.err(e, "Cancelling a 'before' trigger's Deferred raised:");
      }
      // the CancelledError is ours, not the trigger owner's mistake: consumed
      // here so it is not reported as unhandled (any other failure stays)
      d.addErrback((f: Failure) => {
        f.trap(CancelledError);
      });
    }
    this.continueFiring();
    return true;
  }

  /** The during and after phases (Twisted's `_continueFiring`). */
  continueFiring(): void {
    this.state = "BASE";
    this.finishedBefore = [];
    for (const phase of [this.during, this.after]) {
      while (phase.length > 0) {
        const trigger = phase.shift()!;
        try {
          const returned = trigger.fn(...trigger.args);
          // nothing waits in these phases: a promise's rejection is logged
          if (returned !== undefined) {
            whenRejected(returned, (f) => logTriggerError(trigger, f));
          }
        } catch (e) {
          logTriggerError(trigger, e);
        }
      }
    }
  }
}

function logTriggerError(trigger: Trigger, error: unknown): void {
  log.err(
    error,
    `Error in ${
      trigger.phase === "after" ? "an" : "a"
    } '${trigger.phase}' trigger for system event "${trigger.event}" (${
      describeValue(trigger.fn)
    }):`,
  );
}
