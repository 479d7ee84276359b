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
import { Deferred } from "../defer/deferred.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
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
 * if (seen.length !== 0) throw new Error("ran before its tick");
 * for (let i = 0; i < 10 && !done; i++) clock.advance(1);
 * if (!done || seen.join() !== "1,2,3") throw new Error(`${seen}`);
 * ```
 */
export type CooperatorScheduler = (tick: () => void) => { cancel(): void };

/**
 * Options of {@linkcode Cooperator}, named as Twisted's arguments.
 *
 * @example
 * ```ts
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
 * if (steps.length !== 0) throw new Error("ran before start()");
 * coop.start();
 * clock.advance(1);
 * if (steps.join() !== "one") throw new Error(`${steps}`);
 * clock.advance(1);
 * if (steps.join() !== "one,two") throw new Error(`${steps}`);
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
 * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(1, tick) });
 * const seen: number[] = [];
 * const task = coop.cooperate(function* () {
 *   for (let i = 0; i < 3; i++) yield seen.push(i);
 * }());
 * task.pause();
 * clock.advance(1);
 * if (seen.length !== 0) throw new Error("a paused task does no work");
 * task.resume();
 * clock.advance(1);
 * if (seen.join() !== "0,1,2") throw new Error(`unexpected ${seen}`);
 * ```
 */
export class CooperativeTask<T = unknown> {
  /** @internal the iterator stepped by this task */
  readonly _iterator: Iterator<T>;
  /** @internal the Cooperator the task belongs to */
  readonly _cooperator: Cooperator;
  /** @internal `whenDone()` Deferreds to fire at completion */
  _deferreds: Deferred<Iterator<T>>[] = [];
  /** @internal pauses minus resumes (a yielded Deferred counts as one) */
  _pauseCount = 0;
  /** @internal how the task ended: the error `pause`/`stop` throw */
  _completionState: SchedulerError | undefined = undefined;
  /** @internal what `whenDone()` fires with once ended */
  _completionResult: Iterator<T> | Failure | undefined = undefined;
  /** @internal `next()` is running */
  _stepping = false;
  /** @internal ended early during its own `next()`: close after it */
  _closePending = false;

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
    this._iterator = iteratorOf("CooperativeTask: iterator", iterator);
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
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(0, tick) });
   * const it = ["a", "b"][Symbol.iterator]();
   * let done = false;
   * coop.cooperate(it).whenDone().addCallback((result) => { done = result === it; });
   * clock.advance(0);
   * if (!done) throw new Error("unexpected");
   * ```
   */
  whenDone(): Deferred<Iterator<T>> {
    const d = new Deferred<Iterator<T>>();
    if (this._completionState === undefined) this._deferreds.push(d);
    else d.callback(this._completionResult as Iterator<T>);
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
    this._checkFinish();
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
   * import { Cooperator, NotPaused } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ scheduler: () => ({ cancel() {} }) });
   * const task = coop.cooperate([1]);
   * task.pause();
   * task.resume();
   * let refused = false;
   * try {
   *   task.resume();
   * } catch (e) {
   *   refused = e instanceof NotPaused;
   * }
   * if (!refused) throw new Error("unexpected");
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
   * if (why !== "stopped" || !cleaned) throw new Error("unexpected");
   * ```
   */
  stop(): void {
    this._checkFinish();
    this._completeWith(new TaskStopped(), new Failure(new TaskStopped()), true);
  }

  /** @internal throw how the task ended, if it has */
  _checkFinish(): void {
    if (this._completionState !== undefined) throw this._completionState;
  }

  /**
   * @internal End the task: record how, leave the Cooperator (unless
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
    this._completionResult = result;
    if (this._pauseCount === 0) {
      this._cooperator._removeTask(this as CooperativeTask<unknown>);
    }
    if (close) {
      if (this._stepping) this._closePending = true;
      else this._close();
    }
    const deferreds = this._deferreds;
    this._deferreds = [];
    for (const d of deferreds) {
      try {
        d.callback(result as Iterator<T>);
      } catch (e) {
        // only if someone fired a whenDone() Deferred by hand
        log.err(e, "Error firing a cooperative task's whenDone() Deferred:");
      }
    }
  }

  /** @internal call the iterator's `return()`, logging what it throws */
  _close(): void {
    this._closePending = false;
    const it = this._iterator;
    if (typeof it.return !== "function") return;
    try {
      it.return();
    } catch (e) {
      log.err(e, "Error closing the iterator of a cooperative task:");
    }
  }

  /**
   * @internal One unit of work: one `next()`. Exhausted → done with the
   * iterator; a throw → failed; a Deferred or promise → paused until it
   * settles (a failure ends the task).
   */
  _oneWorkUnit(): void {
    let step: IteratorResult<T>;
    this._stepping = true;
    try {
      step = this._iterator.next();
    } catch (e) {
      this._stepping = false;
      this._closePending = false; // a generator that threw is finished
      if (this._completionState === undefined) {
        this._completeWith(new TaskFailed(), new Failure(e), false);
      } else {
        log.err(e, "A cooperative task's iterator threw after the task ended:");
      }
      return;
    }
    this._stepping = false;
    if (this._completionState !== undefined) {
      // ended during its own next() (it stopped itself or its Cooperator)
      if (this._closePending) this._close();
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
      this._completeWith(new TaskDone(), this._iterator, false);
      return;
    }
    const value: unknown = step.value;
    let wait: Deferred<unknown>;
    if (value instanceof Deferred) {
      wait = value;
    } else if (
      value !== null &&
      (typeof value === "object" || typeof value === "function") &&
      typeof (value as { then?: unknown }).then === "function"
    ) {
      wait = Deferred.fromPromise(value as PromiseLike<unknown>);
    } else {
      return;
    }
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
 * if (out.join() !== "a1,b1,a2,b2") throw new Error(`unexpected ${out}`);
 * ```
 */
export class Cooperator {
  /** @internal the tasks taking turns (paused ones are out) */
  _tasks: CooperativeTask<unknown>[] = [];
  /** @internal the round-robin position, kept between ticks */
  _position: Position = { list: [], index: 0, exhausted: true };
  /** @internal makes each tick's termination predicate */
  readonly _terminationPredicateFactory: () => () => boolean;
  /** @internal arranges ticks */
  readonly _scheduler: CooperatorScheduler;
  /** @internal the requested tick, if any */
  _delayedCall: { cancel(): void } | null = null;
  /** @internal `stop()` was called (and not `start()` since) */
  _stopped = false;
  /** @internal `start()` was called, or `started` was not false */
  _started: boolean;
  /** @internal a tick is needed as soon as `start()` is called */
  _mustScheduleOnStart = false;
  /** @internal the tick, bound once */
  readonly _tickFn: () => void;

  /**
   * Makes a Cooperator; see {@linkcode CooperatorOptions}.
   *
   * @example
   * ```ts
   * import { Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ started: false });
   * if (coop.running) throw new Error("not started yet");
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
    this._terminationPredicateFactory = terminationPredicateFactory ??
      timeSlice;
    this._scheduler = scheduler ?? defaultScheduler;
    this._started = started ?? true;
    this._tickFn = () => this._tick();
  }

  /**
   * Adds `iterator` (or any iterable) as a task and returns a Deferred that
   * fires with the iterator when it is exhausted — or fails, as
   * {@linkcode CooperativeTask.whenDone} describes. Pass `doneDeferred` to
   * have that Deferred fired instead of a new one.
   *
   * @example
   * ```ts
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
   * if (!finished || total !== 10) throw new Error("unexpected");
   * ```
   */
  coiterate<T>(
    iterator: Iterator<T> | Iterable<T>,
    doneDeferred?: Deferred<Iterator<T>> | null,
  ): Deferred<Iterator<T>> {
    const it = iteratorOf("Cooperator.coiterate: iterator", iterator);
    if (doneDeferred !== undefined && doneDeferred !== null) {
      if (!(doneDeferred instanceof Deferred)) {
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
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({ scheduler: (tick) => clock.callLater(0, tick) });
   * const seen: number[] = [];
   * coop.cooperate(new Set([1, 2]).values()).whenDone()
   *   .addCallback(() => { seen.push(0); });
   * clock.advance(0);
   * if (seen.join() !== "0") throw new Error("unexpected");
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
   * import { Cooperator } from "@twisted-ts/core/reactor";
   * const coop = new Cooperator({ started: false });
   * coop.start();
   * if (!coop.running) throw new Error("unexpected");
   * coop.stop();
   * if (coop.running) throw new Error("unexpected");
   * ```
   */
  get running(): boolean {
    return this._started && !this._stopped;
  }

  /**
   * Starts running tasks: those added while not started get their first
   * tick now. Also undoes a `stop()`, so new tasks are accepted again.
   *
   * @example
   * ```ts
   * import { Clock, Cooperator } from "@twisted-ts/core/reactor";
   * const clock = new Clock();
   * const coop = new Cooperator({
   *   scheduler: (tick) => clock.callLater(0, tick),
   *   started: false,
   * });
   * let done = false;
   * coop.coiterate([1, 2]).addCallback(() => { done = true; });
   * clock.advance(0);
   * if (done) throw new Error("nothing runs before start()");
   * coop.start();
   * clock.advance(0);
   * if (!done) throw new Error("unexpected");
   * ```
   */
  start(): void {
    this._stopped = false;
    this._started = true;
    if (this._mustScheduleOnStart) {
      this._mustScheduleOnStart = false;
      this._reschedule();
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
   * if (outcomes.join() !== "stopped,stopped") throw new Error(`${outcomes}`);
   * if (clock.getDelayedCalls().length !== 0) throw new Error("tick left");
   * ```
   */
  stop(): void {
    this._stopped = true;
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
  }

  /** @internal take a task in (or end it at once if stopped) */
  _addTask(task: CooperativeTask<unknown>): void {
    this._tasks.push(task);
    if (this._stopped) {
      task._completeWith(
        new SchedulerStopped(),
        new Failure(new SchedulerStopped()),
        true,
      );
    } else {
      this._reschedule();
    }
  }

  /** @internal take a task out; with none left, cancel the tick */
  _removeTask(task: CooperativeTask<unknown>): void {
    const i = this._tasks.indexOf(task);
    if (i >= 0) this._tasks.splice(i, 1);
    if (this._tasks.length === 0 && this._delayedCall !== null) {
      const call = this._delayedCall;
      this._delayedCall = null;
      call.cancel();
    }
  }

  /** @internal ask for a tick if there is work and none is pending */
  _reschedule(): void {
    if (!this._started) {
      this._mustScheduleOnStart = true;
      return;
    }
    if (this._delayedCall === null && this._tasks.length > 0) {
      const call = this._scheduler(this._tickFn);
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

  /** @internal one tick: round-robin work units until the slice is over */
  _tick(): void {
    this._delayedCall = null;
    const terminator = this._terminationPredicateFactory();
    if (typeof terminator !== "function") {
      throw new TypeError(
        `Cooperator: terminationPredicateFactory must return a function, got ${
          describeValue(terminator)
        }`,
      );
    }
    work: while (this._tasks.length > 0) {
      const position = this._position;
      while (!position.exhausted) {
        if (position.index >= position.list.length) {
          position.exhausted = true;
          break;
        }
        const task = position.list[position.index++]!;
        task._oneWorkUnit();
        if (terminator()) break work;
      }
      this._position = { list: this._tasks, index: 0, exhausted: false };
    }
    this._reschedule();
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
 * import { cooperate, reactor } from "@twisted-ts/core/reactor";
 * let sum = 0;
 * function* addUpTo(n: number) {
 *   for (let i = 1; i <= n; i++) yield (sum += i);
 * }
 * cooperate(addUpTo(100_000)).whenDone().addCallback(() => reactor.stop());
 * await reactor.run();
 * if (sum !== 5_000_050_000) throw new Error(`unexpected ${sum}`);
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
 * import { coiterate, reactor } from "@twisted-ts/core/reactor";
 * const lines: string[] = [];
 * const done = coiterate(function* () {
 *   for (const word of ["one", "two", "three"]) yield lines.push(word);
 * }());
 * done.addBoth(() => reactor.stop());
 * await reactor.run();
 * if (lines.join() !== "one,two,three") throw new Error(`unexpected ${lines}`);
 * ```
 */
export function coiterate<T>(
  iterator: Iterator<T> | Iterable<T>,
): Deferred<Iterator<T>> {
  return theCooperator.coiterate(iterator);
}
