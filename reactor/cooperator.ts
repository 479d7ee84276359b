/**
 * `Cooperator`: runs many iterators a step at a time, taking turns, so that
 * long jobs share the reactor instead of blocking it — Twisted's
 * `twisted.internet.task.Cooperator`, `CooperativeTask`, `cooperate` and
 * `coiterate` (its errors are in `errors.ts`).
 *
 * How and why:
 * - Ticks. The Cooperator asks its scheduler (by default the default
 *   reactor's `callLater`, with a tiny delay) to call its tick; a tick does
 *   work until the termination predicate says the slice is over (by default
 *   after 10 ms of wall time), then asks for another tick if work remains.
 *   Removing the last task cancels the pending tick, so an idle Cooperator
 *   leaves no timed call behind.
 * - Round-robin. One unit of work is one `next()` on one task's iterator.
 *   Tasks take turns in the order they were added, through a position that
 *   survives between ticks (a tick that ends mid-round resumes the round in
 *   the next tick). As in Twisted, the position is an index into the live
 *   task list: when a task leaves during a round, the one after it moves
 *   into its slot and waits for the next round.
 * - Waiting. A step that yields a Deferred (or a promise) pauses its task
 *   until it settles; a failure ends the task. Pausing takes the task out of
 *   the list, resuming puts it back at the end.
 *
 * Cost: O(1) per unit of work, O(n) to remove one of n tasks.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { asDeferred, Deferred, isDeferred } from "../defer/deferred.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { fail } from "../defer/succeed.ts";
import {
  NotPaused,
  type SchedulerError,
  SchedulerStopped,
  TaskDone,
  TaskFailed,
  TaskStopped,
} from "./errors.ts";
import { reactor } from "./reactor.ts";

/**
 * What a Cooperator uses to ask for its next tick: called with the tick
 * function, it arranges to call it later and returns a handle whose
 * `cancel()` withdraws the request. `(tick) => clock.callLater(0, tick)`
 * makes a Cooperator run on a `Clock`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, Cooperator, type CooperatorScheduler } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const onClock: CooperatorScheduler = (tick) => clock.callLater(1, tick);
 * const coop = new Cooperator({ scheduler: onClock });
 * const seen: number[] = [];
 * function* work() {
 *   for (const n of [1, 2, 3]) {
 *     seen.push(n);
 *     yield;
 *   }
 * }
 * let done = false;
 * coop.coiterate(work()).addCallback(() => { done = true; });
 * assert.equal(seen.length, 0, "ran before its tick");
 * for (let i = 0; i < 10 && !done; i++) clock.advance(1);
 * assert.ok(done, `${seen}`);
 * assert.equal(seen.join(), "1,2,3", `${seen}`);
 * ```
 */
export type CooperatorScheduler = (tick: () => void) => { cancel(): void };

/**
 * Options of {@linkcode Cooperator}, named as Twisted's arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, Cooperator, type CooperatorOptions } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const options: CooperatorOptions = {
 *   scheduler: (tick) => clock.callLater(1, tick),
 *   terminationPredicateFactory: () => () => true, // one step per tick
 *   started: false,
 * };
 * const coop = new Cooperator(options);
 * const steps: string[] = [];
 * coop.cooperate((function* () {
 *   steps.push("one");
 *   yield;
 *   steps.push("two");
 * })());
 * clock.advance(1);
 * assert.equal(steps.length, 0, "ran before start()");
 * coop.start();
 * clock.advance(1);
 * assert.equal(steps.join(), "one", `${steps}`);
 * clock.advance(1);
 * assert.equal(steps.join(), "one,two", `${steps}`);
 * ```
 */
export interface CooperatorOptions {
  /**
   * Called at the start of each tick; returns a predicate that is asked
   * after each unit of work and returns `true` when the tick should end.
   * Default: a 10 ms time slice (wall time, `performance.now()`).
   */
  terminationPredicateFactory?: (() => () => boolean) | undefined;
  /**
   * Arranges each tick. Default: the default reactor's `callLater` with a
   * delay of 1e-8 seconds.
   */
  scheduler?: CooperatorScheduler | undefined;
  /**
   * Whether tasks run as soon as they are added (default `true`); with
   * `false`, nothing runs until `start()`.
   */
  started?: boolean | undefined;
}

/** Twisted's `_Timer`: allow 10 ms of work per tick. */
const TIME_SLICE_MS = 10;
function timeSlice(): () => boolean {
  const end = performance.now() + TIME_SLICE_MS;
  return () => performance.now() >= end;
}

/** Twisted's `_EPSILON`: the delay of the default scheduler. */
const EPSILON = 1e-8;
function defaultScheduler(tick: () => void): { cancel(): void } {
  return reactor.callLater(EPSILON, tick);
}

/**
 * A position in a live task list, like a Python list iterator: it reads
 * `list[index]` at each step, so it sees tasks added meanwhile, and once it
 * has run off the end it stays exhausted.
 */
interface Position {
  list: CooperativeTask<unknown>[];
  index: number;
  exhausted: boolean;
}

/** The iterator behind `value`, or a `TypeError` naming `what`. */
function iteratorOf<T>(
  what: string,
  value: Iterator<T> | Iterable<T>,
): Iterator<T> {
  const v = value as {
    next?: unknown;
    [Symbol.iterator]?: unknown;
    [Symbol.asyncIterator]?: unknown;
  } | null;
  if (v !== null && (typeof v === "object" || typeof v === "function")) {
    if (
      typeof v.next === "function" &&
      typeof v[Symbol.asyncIterator] !== "function"
    ) {
      return value as Iterator<T>;
    }
    if (typeof v[Symbol.iterator] === "function") {
      const it = (value as Iterable<T>)[Symbol.iterator]();
      if (typeof (it as { next?: unknown } | null)?.next === "function") {
        return it;
      }
    }
  }
  throw new TypeError(
    `${what} must be an iterator or an iterable (async iterators are not supported), got ${
      describeValue(value)
    }`,
  );
}

/**
 * A task running in a {@linkcode Cooperator}, as returned by `cooperate()`:
 * wait for it (`whenDone`), `pause()` and `resume()` it, or `stop()` it.
 *
 * When a task ends early — stopped, its Cooperator stopped, or a yielded
 * Deferred failed — its iterator's `return()` is called, so a generator's
 * `finally` blocks run then (as a `for…of` loop does when left early).
 * Twisted leaves this to Python's garbage collector, which closes a
 * generator when it is collected; JavaScript never does.
 *
 * @typeParam T what the iterator yields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(1, tick) });
 * const seen: number[] = [];
 * const task = coop.cooperate(function* () {
 *   for (let i = 0; i < 3; i++) yield seen.push(i);
 * }());
 * task.pause();
 * clock.advance(1);
 * assert.equal(seen.length, 0, "a paused task does no work");
 * task.resume();
 * clock.advance(1);
 * assert.equal(seen.join(), "0,1,2", `unexpected ${seen}`);
 * ```
 */
export class CooperativeTask<T = unknown> {
  /** The iterator stepped by this task. */
  readonly #iterator: Iterator<T>;
  /** @internal The Cooperator the task belongs to (a test seam). */
  readonly _cooperator: Cooperator;
  /** `whenDone()` Deferreds to fire at completion. */
  #deferreds: Deferred<Iterator<T>>[] = [];
  /**
   * @internal Pauses minus resumes (a yielded Deferred counts as one). A
   * test seam, as in Twisted's tests and the Twisted-model test here.
   */
  _pauseCount = 0;
  /**
   * @internal How the task ended: the error `pause`/`stop` throw. A friend
   * of `Cooperator` (which skips ended tasks) and a test seam.
   */
  _completionState: SchedulerError | undefined = undefined;
  /** What `whenDone()` fires with once ended. */
  #completionResult: Iterator<T> | Failure | undefined = undefined;
  /**
   * The failure of a task that failed with no `whenDone()` Deferred to
   * take it, held in a failed Deferred: reported as unhandled (when
   * collected, or at exit) unless a later `whenDone()` claims it.
   */
  #unclaimed: Deferred<never> | undefined = undefined;
  /** `next()` is running. */
  #stepping = false;
  /** Ended early during its own `next()`: close after it. */
  #closePending = false;

  /**
   * Adds a task stepping `iterator` to `cooperator`, as
   * `cooperator.cooperate(iterator)` does (prefer that).
   *
   * @example
   * ```ts
   * import { CooperativeTask, Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
   * const task = new CooperativeTask([1, 2][Symbol.iterator](), coop);
   * task.stop();
   * ```
   */
  constructor(iterator: Iterator<T>, cooperator: Cooperator) {
    this.#iterator = iteratorOf("CooperativeTask: iterator", iterator);
    if (!(cooperator instanceof Cooperator)) {
      throw new TypeError(
        `CooperativeTask: cooperator must be a Cooperator, got ${
          describeValue(cooperator)
        }`,
      );
    }
    this._cooperator = cooperator;
    cooperator._addTask(this as CooperativeTask<unknown>);
  }

  /**
   * A new Deferred that fires with the iterator when it is exhausted, or
   * fails with the error that ended the task: what the iterator threw, the
   * failure of a Deferred it yielded, `TaskStopped`, or
   * `SchedulerStopped`. After the task has ended it fires at once. Each
   * call gives an independent Deferred.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(0, tick) });
   * const it = ["a", "b"][Symbol.iterator]();
   * let done = false;
   * coop.cooperate(it).whenDone().addCallback((result) => { done = result === it; });
   * clock.advance(0);
   * assert.ok(done);
   * ```
   */
  whenDone(): Deferred<Iterator<T>> {
    const d = new Deferred<Iterator<T>>();
    if (this._completionState === undefined) this.#deferreds.push(d);
    else {
      const unclaimed = this.#unclaimed;
      if (unclaimed !== undefined) {
        this.#unclaimed = undefined;
        unclaimed.addErrback(() => undefined); // now `d` holds it
      }
      d.callback(this.#completionResult as Iterator<T>);
    }
    return d;
  }

  /**
   * Pauses the task: it does no work until `resume()` has been called as
   * many times as `pause()`. Throws the matching `TaskFinished` error
   * (`TaskDone`, `TaskStopped`, `TaskFailed`, `SchedulerStopped`) if the
   * task has ended.
   *
   * @example
   * ```ts
   * import { Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
   * const task = coop.cooperate([1, 2]);
   * task.pause();
   * task.pause();
   * task.resume(); // still paused: one pause left
   * task.resume(); // running again
   * task.stop();
   * ```
   */
  pause(): void {
    this.#checkFinish();
    this._pauseCount++;
    if (this._pauseCount === 1) {
      this._cooperator._removeTask(this as CooperativeTask<unknown>);
    }
  }

  /**
   * Undoes one `pause()`; when none is left, the task rejoins its
   * Cooperator at the end of the round. Throws `NotPaused` if the task is
   * not paused. Resuming a task that ended while paused does nothing more.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cooperator, NotPaused } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
   * const task = coop.cooperate([1]);
   * task.pause();
   * task.resume();
   * assert.throws(() => task.resume(), NotPaused);
   * ```
   */
  resume(): void {
    if (this._pauseCount === 0) throw new NotPaused();
    this._pauseCount--;
    if (this._pauseCount === 0 && this._completionState === undefined) {
      this._cooperator._addTask(this as CooperativeTask<unknown>);
    }
  }

  /**
   * Ends the task now: no more work is done, `whenDone()` Deferreds fail
   * with `TaskStopped`, and the iterator's `return()` is called. Throws the
   * matching `TaskFinished` error if the task has already ended.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cooperator, TaskStopped } from "@twisted-ts/core/reactor";
   * const ticks: (() => void)[] = [];
   * const coop = new Cooperator({
   *   scheduler: (tick) => (ticks.push(tick), { cancel() {} }),
   *   terminationPredicateFactory: () => () => true, // one step per tick
   * });
   * let cleaned = false;
   * const task = coop.cooperate(function* () {
   *   try {
   *     for (;;) yield;
   *   } finally {
   *     cleaned = true;
   *   }
   * }());
   * let why = "";
   * task.whenDone().addErrback((f) => { why = f.check(TaskStopped) ? "stopped" : "?"; });
   * ticks.shift()!(); // one tick: the generator is now inside its try block
   * task.stop();
   * assert.equal(why, "stopped");
   * assert.ok(cleaned);
   * ```
   */
  stop(): void {
    this.#checkFinish();
    this._completeWith(new TaskStopped(), new Failure(new TaskStopped()), true);
  }

  /** Throws how the task ended, if it has. */
  #checkFinish(): void {
    if (this._completionState !== undefined) throw this._completionState;
  }

  /**
   * @internal A friend of `Cooperator` (its `stop()` ends every task).
   * End the task: record how, leave the Cooperator (unless
   * paused, hence already out), close the iterator if it ended early
   * (`close`), then fire the `whenDone()` Deferreds — last, so that their
   * callbacks see the task gone.
   */
  _completeWith(
    state: SchedulerError,
    result: Iterator<T> | Failure,
    close: boolean,
  ): void {
    this._completionState = state;
    this.#completionResult = result;
    if (this._pauseCount === 0) {
      this._cooperator._removeTask(this as CooperativeTask<unknown>);
    }
    if (close) {
      if (this.#stepping) this.#closePending = true;
      else this.#close();
    }
    const deferreds = this.#deferreds;
    this.#deferreds = [];
    if (deferreds.length === 0 && state instanceof TaskFailed) {
      // nobody waits: keep it from being lost (Twisted drops it)
      this.#unclaimed = fail(result as Failure);
    }
    for (const d of deferreds) {
      try {
        d.callback(result as Iterator<T>);
      } catch (e) {
        // only if someone fired a whenDone() Deferred by hand
        log.err(e, "Error firing a cooperative task's whenDone() Deferred:");
      }
    }
  }

  /** Calls the iterator's `return()`, logging what it throws. */
  #close(): void {
    this.#closePending = false;
    const it = this.#iterator;
    if (typeof it.return !== "function") return;
    try {
      it.return();
    } catch (e) {
      log.err(e, "Error closing the iterator of a cooperative task:");
    }
  }

  /**
   * @internal A friend of `Cooperator`, whose tick calls it.
   * One unit of work: one `next()`. Exhausted → done with the
   * iterator; a throw → failed; a Deferred or promise → paused until it
   * settles (a failure ends the task).
   */
  _oneWorkUnit(): void {
    let step: IteratorResult<T>;
    this.#stepping = true;
    try {
      step = this.#iterator.next();
    } catch (e) {
      this.#stepping = false;
      this.#closePending = false; // a generator that threw is finished
      if (this._completionState === undefined) {
        this._completeWith(new TaskFailed(), new Failure(e), false);
      } else {
        log.err(e, "A cooperative task's iterator threw after the task ended:");
      }
      return;
    }
    this.#stepping = false;
    if (this._completionState !== undefined) {
      // ended during its own next() (it stopped itself or its Cooperator)
      if (this.#closePending) this.#close();
      return;
    }
    if (
      step === null || typeof step !== "object" ||
      typeof (step as { then?: unknown }).then === "function"
    ) {
      this._completeWith(
        new TaskFailed(),
        new Failure(
          new TypeError(
            `Cooperator: iterator.next() must return an iterator result object, got ${
              describeValue(step)
            }`,
          ),
        ),
        true,
      );
      return;
    }
    if (step.done) {
      this._completeWith(new TaskDone(), this.#iterator, false);
      return;
    }
    const wait = asDeferred(step.value);
    if (wait === undefined) return;
    this.pause();
    wait.addCallbacks(
      () => {
        // a resume() by hand may already have undone this pause
        if (this._pauseCount > 0) this.resume();
      },
      (failure: Failure) => {
        if (this._completionState === undefined) {
          this._completeWith(new TaskFailed(), failure, true);
        } else {
          log.err(
            failure,
            "A Deferred yielded by a cooperative task failed after the task ended:",
          );
        }
      },
    );
  }
}

/**
 * Runs iterators cooperatively: each task is an iterator whose every step
 * is a small unit of work; the Cooperator takes turns between its tasks a
 * step at a time, in short slices (10 ms by default) scheduled on the
 * reactor, so that long jobs do not block it. A step that yields a
 * Deferred (or a promise) pauses its task until that settles.
 *
 * Options (Twisted's constructor arguments, by name):
 * `terminationPredicateFactory`, `scheduler` (inject one to run on a
 * `Clock` in tests), `started`.
 *
 * Differences from Twisted, on purpose: options are passed by name; any
 * iterable is accepted (arrays, sets…; `whenDone()` then fires with the
 * iterator made from it); a yielded promise pauses like a yielded Deferred;
 * a task that ends early has its iterator closed (`return()`), see
 * {@linkcode CooperativeTask}; `stop()` fails every scheduled task (Twisted
 * 22.4 skips every second one — they never finish); a Deferred that a task
 * yielded and that fails after the task ended is logged (Twisted raises
 * `AlreadyCalledError` into it and loses the failure).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const coop = new Cooperator({
 *   scheduler: (tick) => clock.callLater(0.01, tick),
 *   terminationPredicateFactory: () => () => true, // one step per tick
 * });
 * const out: string[] = [];
 * function* job(name: string) {
 *   for (let i = 1; i <= 2; i++) yield out.push(`${name}${i}`);
 * }
 * coop.coiterate(job("a"));
 * coop.coiterate(job("b"));
 * clock.pump([0.01, 0.01, 0.01, 0.01, 0.01]);
 * assert.equal(out.join(), "a1,b1,a2,b2", `unexpected ${out}`);
 * ```
 */
export class Cooperator {
  /** @internal The tasks taking turns (paused ones are out); a test seam. */
  _tasks: CooperativeTask<unknown>[] = [];
  /** The round-robin position, kept between ticks. */
  #position: Position = { list: [], index: 0, exhausted: true };
  /** Makes each tick's termination predicate. */
  readonly #terminationPredicateFactory: () => () => boolean;
  /** Arranges ticks. */
  readonly #scheduler: CooperatorScheduler;
  /** @internal The requested tick, if any; a test seam. */
  _delayedCall: { cancel(): void } | null = null;
  /** `stop()` was called (and not `start()` since). */
  #stopped = false;
  /** `start()` was called, or `started` was not false. */
  #started: boolean;
  /** A tick is needed as soon as `start()` is called. */
  #mustScheduleOnStart = false;
  /** The tick, bound once. */
  readonly #tickFn: () => void;

  /**
   * Makes a Cooperator; see {@linkcode CooperatorOptions}.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ started: false });
   * assert.ok(!coop.running, "not started yet");
   * ```
   */
  constructor(options: CooperatorOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError(
        `Cooperator: options must be an object, got ${describeValue(options)}`,
      );
    }
    const { terminationPredicateFactory, scheduler, started } = options;
    if (terminationPredicateFactory !== undefined) {
      requireFunction(
        "Cooperator: terminationPredicateFactory",
        terminationPredicateFactory,
      );
    }
    if (scheduler !== undefined) {
      requireFunction("Cooperator: scheduler", scheduler);
    }
    if (started !== undefined && typeof started !== "boolean") {
      throw new TypeError(
        `Cooperator: started must be a boolean, got ${describeValue(started)}`,
      );
    }
    this.#terminationPredicateFactory = terminationPredicateFactory ??
      timeSlice;
    this.#scheduler = scheduler ?? defaultScheduler;
    this.#started = started ?? true;
    this.#tickFn = () => this.#tick();
  }

  /**
   * Adds `iterator` (or any iterable) as a task and returns a Deferred that
   * fires with the iterator when it is exhausted — or fails, as
   * {@linkcode CooperativeTask.whenDone} describes. Pass `doneDeferred` to
   * have that Deferred fired instead of a new one.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(0, tick) });
   * let total = 0;
   * const d = coop.coiterate(function* () {
   *   for (let i = 1; i <= 4; i++) yield (total += i);
   * }());
   * let finished = false;
   * d.addCallback(() => { finished = true; });
   * clock.advance(0);
   * assert.ok(finished);
   * assert.equal(total, 10);
   * ```
   */
  coiterate<T>(
    iterator: Iterator<T> | Iterable<T>,
    doneDeferred?: Deferred<Iterator<T>> | null,
  ): Deferred<Iterator<T>> {
    const it = iteratorOf("Cooperator.coiterate: iterator", iterator);
    if (doneDeferred !== undefined && doneDeferred !== null) {
      if (!isDeferred(doneDeferred)) {
        throw new TypeError(
          `Cooperator.coiterate: doneDeferred must be a Deferred, got ${
            describeValue(doneDeferred)
          }`,
        );
      }
    }
    const done = doneDeferred ?? new Deferred<Iterator<T>>();
    new CooperativeTask(it, this).whenDone().chainDeferred(done);
    return done;
  }

  /**
   * Adds `iterator` (or any iterable) as a task and returns its
   * {@linkcode CooperativeTask}, to wait for, pause, resume or stop it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(0, tick) });
   * const seen: number[] = [];
   * coop.cooperate(new Set([1, 2]).values()).whenDone()
   *   .addCallback(() => { seen.push(0); });
   * clock.advance(0);
   * assert.equal(seen.join(), "0");
   * ```
   */
  cooperate<T>(iterator: Iterator<T> | Iterable<T>): CooperativeTask<T> {
    return new CooperativeTask(
      iteratorOf("Cooperator.cooperate: iterator", iterator),
      this,
    );
  }

  /**
   * Whether tasks run: started (at construction, or by `start()`) and not
   * stopped since.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ started: false });
   * coop.start();
   * assert.ok(coop.running);
   * coop.stop();
   * assert.ok(!coop.running);
   * ```
   */
  get running(): boolean {
    return this.#started && !this.#stopped;
  }

  /**
   * Starts running tasks: those added while not started get their first
   * tick now. Also undoes a `stop()`, so new tasks are accepted again.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({
   *   scheduler: (tick) => clock.callLater(0, tick),
   *   started: false,
   * });
   * let done = false;
   * coop.coiterate([1, 2]).addCallback(() => { done = true; });
   * clock.advance(0);
   * assert.ok(!done, "nothing runs before start()");
   * coop.start();
   * clock.advance(0);
   * assert.ok(done);
   * ```
   */
  start(): void {
    this.#stopped = false;
    this.#started = true;
    if (this.#mustScheduleOnStart) {
      this.#mustScheduleOnStart = false;
      this.#reschedule();
    }
  }

  /**
   * Stops: every task currently taking turns ends, its `whenDone()`
   * Deferreds failing with `SchedulerStopped`, and the pending tick is
   * cancelled. Paused tasks are left alone until resumed, and tasks added
   * while stopped, which all end at once with `SchedulerStopped`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Clock, Cooperator, SchedulerStopped } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(1, tick) });
   * const outcomes: string[] = [];
   * for (const job of [[1, 2], [3, 4]]) {
   *   coop.coiterate(job).addErrback((f) => {
   *     outcomes.push(f.check(SchedulerStopped) ? "stopped" : "?");
   *   });
   * }
   * coop.stop();
   * assert.equal(outcomes.join(), "stopped,stopped", `${outcomes}`);
   * assert.equal(clock.getDelayedCalls().length, 0, "tick left");
   * ```
   */
  stop(): void {
    this.#stopped = true;
    const call = this._delayedCall;
    if (call !== null) {
      this._delayedCall = null;
      call.cancel();
    }
    for (const task of this._tasks.slice()) {
      if (task._completionState !== undefined) continue;
      task._completeWith(
        new SchedulerStopped(),
        new Failure(new SchedulerStopped()),
        true,
      );
    }
    // as Twisted, which forgets its task list: a restart begins a round
    this.#position = { list: [], index: 0, exhausted: true };
  }

  /**
   * @internal A friend of `CooperativeTask` (creating or resuming one):
   * takes a task in (or ends it at once if stopped).
   */
  _addTask(task: CooperativeTask<unknown>): void {
    this._tasks.push(task);
    if (this.#stopped) {
      task._completeWith(
        new SchedulerStopped(),
        new Failure(new SchedulerStopped()),
        true,
      );
    } else {
      this.#reschedule();
    }
  }

  /**
   * @internal A friend of `CooperativeTask` (pausing or ending one): takes
   * a task out; with none left, cancels the tick.
   */
  _removeTask(task: CooperativeTask<unknown>): void {
    const i = this._tasks.indexOf(task);
    if (i >= 0) this._tasks.splice(i, 1);
    if (this._tasks.length === 0 && this._delayedCall !== null) {
      const call = this._delayedCall;
      this._delayedCall = null;
      call.cancel();
    }
  }

  /** Asks for a tick if there is work and none is pending. */
  #reschedule(): void {
    if (!this.#started) {
      this.#mustScheduleOnStart = true;
      return;
    }
    if (this._delayedCall === null && this._tasks.length > 0) {
      const call = this.#scheduler(this.#tickFn);
      if (typeof (call as { cancel?: unknown } | null)?.cancel !== "function") {
        throw new TypeError(
          `Cooperator: scheduler must return an object with a cancel method, got ${
            describeValue(call)
          }`,
        );
      }
      this._delayedCall = call;
    }
  }

  /** One tick: round-robin work units until the slice is over. */
  #tick(): void {
    this._delayedCall = null;
    const terminator = this.#terminationPredicateFactory();
    if (typeof terminator !== "function") {
      throw new TypeError(
        `Cooperator: terminationPredicateFactory must return a function, got ${
          describeValue(terminator)
        }`,
      );
    }
    work: while (this._tasks.length > 0) {
      const position = this.#position;
      while (!position.exhausted) {
        if (position.index >= position.list.length) {
          position.exhausted = true;
          break;
        }
        const task = position.list[position.index++]!;
        task._oneWorkUnit();
        if (terminator()) break work;
      }
      this.#position = { list: this._tasks, index: 0, exhausted: false };
    }
    this.#reschedule();
  }
}

/** The Cooperator behind the module-level `cooperate` and `coiterate`. */
const theCooperator = new Cooperator();

/**
 * Runs `iterator` (or any iterable) as a task of the global Cooperator,
 * which works on the default reactor, and returns its
 * {@linkcode CooperativeTask}. Tasks of the global Cooperator share its
 * time slices, so they never block the reactor for longer than one step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cooperate, reactor } from "@twisted-ts/core/reactor";
 * let sum = 0;
 * function* addUpTo(n: number) {
 *   for (let i = 1; i <= n; i++) yield (sum += i);
 * }
 * cooperate(addUpTo(100_000)).whenDone().addCallback(() => reactor.stop());
 * await reactor.run();
 * assert.equal(sum, 5_000_050_000, `unexpected ${sum}`);
 * ```
 */
export function cooperate<T>(
  iterator: Iterator<T> | Iterable<T>,
): CooperativeTask<T> {
  return theCooperator.cooperate(iterator);
}

/**
 * Runs `iterator` (or any iterable) as a task of the global Cooperator, on
 * the default reactor, and returns a Deferred that fires with the iterator
 * when it is exhausted (or fails with its error).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coiterate, reactor } from "@twisted-ts/core/reactor";
 * const lines: string[] = [];
 * const done = coiterate(function* () {
 *   for (const word of ["one", "two", "three"]) yield lines.push(word);
 * }());
 * done.addBoth(() => reactor.stop());
 * await reactor.run();
 * assert.equal(lines.join(), "one,two,three", `unexpected ${lines}`);
 * ```
 */
export function coiterate<T>(
  iterator: Iterator<T> | Iterable<T>,
): Deferred<Iterator<T>> {
  return theCooperator.coiterate(iterator);
}
