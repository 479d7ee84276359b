/**
 * `Reactor`: Twisted's reactor core (`ReactorBase` and its run loop) on the
 * host's event loop, and the default instance {@linkcode reactor}.
 *
 * How the loop runs. Twisted's `mainLoop` is `while started:
 * runUntilCurrent(); t = running and timeout(); doIteration(t)`, where
 * `doIteration` blocks in `select`. JavaScript cannot block, so here one
 * iteration is one host callback: `runUntilCurrent()`, then `timeout()`,
 * then `doIteration(t)`, which arranges the next iteration and returns:
 * - `t > 0`: the reactor's ONE host timer is armed for the earliest
 *   deadline (clamped to 2^31-1 ms; an early end just re-arms). While
 *   running with nothing scheduled the timer is armed at the clamp, which
 *   keeps the process alive at 0% CPU.
 * - `t == 0` (a due call, a `callLater(0)` made in the pass, thread calls
 *   queued by thread calls): a `MessageChannel` message, so the host runs
 *   its own tasks (I/O, other timers) in between and nothing starves.
 * - Code outside the loop (host callbacks: a `Deno.serve`/`Bun.serve`
 *   handler, a raw `setTimeout`, a worker message) wakes it with a
 *   microtask when it calls `callFromThread`, `stop`, or `callLater` /
 *   `reset` / `delay` sooner than the armed timer — so such a call is not
 *   held past its deadline.
 * The host-specific pieces are in `_host.ts`. Two differences from
 * Twisted's loop follow from this (see `mainLoop` and `stop`): `stop()`
 * wakes the loop, and while startup waits the loop sleeps instead of
 * polling.
 *
 * Scheduling time. `callLater(d)` is due at "now + d", where "now" is read
 * from the clock once per synchronous stretch of code (cached until the
 * next microtask; inside a pass it starts as the pass's time), as libuv
 * and Node do with their loop time: reading `performance.now()` costs
 * ~0.1 µs, more than the rest of `callLater`. `seconds()` itself always
 * reads the clock, and refreshes that cache: a `callLater` never counts
 * from a time earlier than one its caller has seen (a `LoopingCall`
 * computes its delay from `seconds()`, for one). A clock passed as
 * `seconds` is read on every `callLater`.
 *
 * @module
 */
import type { AnyFn } from "../_util/any_fn.ts";
import {
  describeValue,
  requireBoolean,
  requireFunction,
  requireOptions,
  requireSeconds,
} from "../_util/describe.ts";
import { reportPendingUnhandled } from "../defer/debug.ts";
import { log } from "../defer/log.ts";
import { type DelayedCall, logCallError } from "./delayed_call.ts";
import { whenRejected } from "../defer/returned.ts";
import {
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
} from "./errors.ts";
import type { IReactorFromThreads, IReactorTime } from "./interfaces.ts";
import type {
  BindAddress,
  ClientTLSOptions,
  IClientFactory,
  IConnector,
  IInetAddress,
  IListeningPort,
  IProtocolFactory,
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
  ServerTLSOptions,
} from "./io_interfaces.ts";
import { getReactorIOFactory, type ReactorIO } from "./reactor_io.ts";
import {
  getThreadPoolFactory,
  type ReactorTask,
  type ReactorThreadPool,
} from "./thread_pool_factory.ts";
import {
  host,
  MAX_TIMER_MS,
  type StopSignal,
  type WakeChannel,
} from "./_host.ts";
import { Scheduler } from "./_scheduler.ts";
import {
  LoopRecorder,
  type PassTrace,
  type ReactorMetrics,
} from "./reactor_metrics.ts";
import {
  isPhase,
  type SystemEventPhase,
  type SystemEventTriggerID,
  ThreePhaseEvent,
  Trigger,
} from "./_three_phase_event.ts";

/** The longest `timeout()`: the host timer's clamp, in seconds. */
const MAX_TIMEOUT = MAX_TIMER_MS / 1000;

/**
 * Options for {@linkcode Reactor}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, type ReactorOptions } from "@twisted-ts/core/reactor";
 * let now = 0;
 * const options: ReactorOptions = {
 *   seconds: () => now, // time moves only when the test says so
 *   installSignalHandlers: false,
 * };
 * const r = new Reactor(options);
 * const seen: number[] = [];
 * r.callLater(30, () => seen.push(r.seconds()));
 * now = 30;
 * r.runUntilCurrent();
 * assert.equal(seen[0], 30);
 * ```
 */
export interface ReactorOptions {
  /**
   * The time source, in seconds (default: monotonic wall time since the
   * epoch). Inject one to drive a reactor deterministically, calling
   * `runUntilCurrent()` by hand.
   */
  seconds?: () => number;
  /**
   * Whether `run()` makes SIGINT and SIGTERM (SIGINT and SIGBREAK on
   * Windows) stop the reactor gracefully, for as long as it runs
   * (default `true`). A second signal while the shutdown is still under
   * way crashes the reactor instead, so a stuck shutdown can be abandoned.
   */
  installSignalHandlers?: boolean;
  /**
   * Time the loop for {@linkcode Reactor.metrics}: how late timed calls
   * run, how long passes take, how busy the loop is. Counts are kept
   * either way. Default `false`: timing costs two `performance.now()`
   * calls per pass (~0.1 µs) and a histogram entry per timed call run
   * (~5 ns) — measured with `bench/reactor_bench.ts`, "runUntilCurrent
   * 10k": 1.01× the untimed pass on Deno, 1.07× on Bun (medians of 10
   * runs). Also settable later with {@linkcode Reactor.instrument}.
   */
  metrics?: boolean;
  /**
   * Called when a pass of the loop begins and when it ends (see
   * {@linkcode PassTrace}); turns timing on. If it throws, the error goes
   * to `log.err` and the hook is removed.
   */
  trace?: (event: PassTrace) => void;
}

/**
 * What {@linkcode Reactor.instrument} changes: a key left out (or
 * `undefined`) keeps its setting.
 *
 * @example
 * ```ts
 * import { type InstrumentOptions, reactor } from "@twisted-ts/core/reactor";
 * const options: InstrumentOptions = { metrics: true };
 * reactor.instrument(options);
 * reactor.instrument({ metrics: false });
 * ```
 */
export interface InstrumentOptions {
  /** Time the loop (see {@linkcode ReactorOptions.metrics}). */
  metrics?: boolean | undefined;
  /** The pass hook (see {@linkcode ReactorOptions.trace}); `null` removes it. */
  trace?: ((event: PassTrace) => void) | null | undefined;
}

/**
 * Twisted's reactor: timed calls (`callLater`), the run loop (`run`,
 * `stop`, `crash`), system events (`startup`/`shutdown` triggers),
 * `callFromThread`, and the thread-pool hook — on the host's event loop.
 * Most programs use the default instance {@linkcode reactor}.
 *
 * `run()` returns a promise that resolves once the reactor has stopped
 * (Twisted's `run()` blocks instead); it keeps the process alive meanwhile
 * and idles at 0% CPU. Lifecycle errors (`ReactorAlreadyRunning`,
 * `ReactorNotRestartable`) are thrown by `run()` itself, synchronously.
 *
 * Calls due at the same time run first-in-first-out (Twisted's real reactor
 * runs them in heap order). A call scheduled by a timed call runs in the
 * next pass, even if already due (as in Twisted).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor } from "@twisted-ts/core/reactor";
 * const r = new Reactor({ installSignalHandlers: false });
 * const seen: string[] = [];
 * r.callWhenRunning(() => seen.push("running"));
 * r.callLater(0.01, () => {
 *   seen.push("later");
 *   r.stop();
 * });
 * r.addSystemEventTrigger("after", "shutdown", () => seen.push("stopped"));
 * await r.run();
 * assert.equal(seen.join(), "running,later,stopped", `${seen}`);
 * ```
 */
export class Reactor
  implements
    IReactorTime,
    IReactorFromThreads,
    IReactorTCP,
    IReactorUNIX,
    IReactorSSL {
  /**
   * @internal The timed calls. A test seam: the scheduler's property tests
   * check its heap against a model after programs run on a reactor.
   */
  _scheduler: Scheduler;
  // `callLater`'s state: plain `_` fields, not `#private`, because every
  // `callLater` reads them (and calls no private method: when the cached
  // time is stale it calls `seconds()`). Measured on Bun (JSC)
  // with bench/reactor_bench.ts "schedule+cancel 100k": with them private,
  // "Reactor callLater+cancel" took 1.14-1.20x as long (four alternating
  // runs of 5-8 samples each); plain, within noise. Only this file uses them.
  /** @internal depth of runUntilCurrent calls */
  _inPass = 0;
  /**
   * @internal by when an iteration is sure to run (-Infinity: soon, or not
   * looping). +Infinity until work is first scheduled on a reactor that
   * has never run, so that call reaches `#wake`, which notes that the work
   * waits for `run()` (see `#noteWaiting`).
   */
  _nextPassAt = Infinity;
  /** @internal cached scheduling time (see the module doc) */
  _now = 0;
  /** @internal whether `_now` is current */
  _nowValid = false;
  /** Counts, timings and the trace hook (see `metrics`). */
  #loop: LoopRecorder = new LoopRecorder();
  /** `[fn, args, fn, args, …]` queued by callFromThread. */
  #threadCalls: unknown[] = [];
  /** System events by name. */
  #events: Map<string, ThreePhaseEvent> = new Map();
  /** The injected clock, if any. */
  #clock: (() => number) | undefined;
  /** Whether run() listens for signals. */
  #installSignalHandlers: boolean;
  /** Removes the signal listeners, while they are installed. */
  #removeSignalHandlers: (() => void) | undefined = undefined;

  // lifecycle (Twisted's names)
  /** From the `during` phase of startup until the reactor stops. */
  #running = false;
  /** Between startRunning and crash. */
  #started = false;
  /** stop() was called, or the reactor never started. */
  #stopped = true;
  /** stop() was called and shutdown has not fired yet. */
  #justStopped = false;
  /** stop() was called once: no restart. */
  #startedBefore = false;

  // the loop on the host
  /** The host drives iterations. */
  #looping = false;
  /** Resolves the promise run()/mainLoop() returned. */
  #loopDone: (() => void) | undefined = undefined;
  /** That promise. */
  #loopPromise: Promise<void> | undefined = undefined;
  /** wakeUp() was called during a pass. */
  #wakeRequested = false;
  /** A microtask iteration is queued. */
  #wakeQueued = false;
  /** A MessageChannel iteration is queued. */
  #postQueued = false;
  /** The channel for those. */
  #channel: WakeChannel | undefined = undefined;
  /** The one host timer. */
  #timer: unknown = undefined;
  /** When it fires, in reactor seconds. */
  #timerDeadline = Infinity;

  // thread pool
  /** The pool, once `getThreadPool()` made it. */
  #threadPool: ReactorThreadPool | undefined = undefined;
  /** The trigger that starts it when the reactor runs. */
  #poolStartupID: SystemEventTriggerID | undefined = undefined;
  /** The trigger that stops it at shutdown. */
  #poolShutdownID: SystemEventTriggerID | undefined = undefined;

  // after the end
  /** Shutdown has run its `during` phase: the loop is over for good. */
  #shutDown = false;
  /** Thread calls made after that are run soon, on the host: queued. */
  #afterShutdownQueued = false;
  /** What was first scheduled before the reactor ever ran, if anything. */
  #waitingWork: string | undefined = undefined;
  /** Cancels the timer that warns about it. */
  #cancelWaitingWarning: (() => void) | undefined = undefined;

  /** @internal the I/O half, made on first use by the registered factory */
  _io: ReactorIO | undefined = undefined;

  /**
   * Creates a reactor that is not running. With `seconds`, time comes from
   * that function; `installSignalHandlers` (default `true`) decides whether
   * `run()` turns SIGINT/SIGTERM into a graceful `stop()`.
   */
  constructor(options: ReactorOptions = {}) {
    requireOptions("Reactor: options", options, [
      "seconds",
      "installSignalHandlers",
      "metrics",
      "trace",
    ]);
    const { seconds, installSignalHandlers = true, metrics, trace } = options;
    if (seconds !== undefined) requireFunction("Reactor: seconds", seconds);
    requireBoolean("Reactor: installSignalHandlers", installSignalHandlers);
    this.#instrument("Reactor", metrics, trace);
    this.#clock = seconds;
    this.#installSignalHandlers = installSignalHandlers;
    this._scheduler = new Scheduler(() => this.seconds(), true);
    this._scheduler.onSooner = (time) => {
      if (time < this._nextPassAt && this._inPass === 0) {
        this.#wake("callLater");
      }
    };
    this.addSystemEventTrigger("during", "startup", this.#reallyStartRunning);
    this.addSystemEventTrigger("during", "shutdown", () => {
      this.crash();
      this.#shutDown = true;
      if (this.#threadCalls.length > 0) this.#runSoonAfterShutdown();
    });
    // Bound, as Python's bound methods are, for Twisted's idioms such as
    // `reactor.callLater(4, reactor.stop)`.
    this.stop = this.stop.bind(this);
    this.crash = this.crash.bind(this);
  }

  /** Whether the reactor is running (from the `during` phase of startup until it stops). */
  get running(): boolean {
    return this.#running;
  }

  // ---- IReactorTime ------------------------------------------------------

  /**
   * The current time in seconds: monotonic wall time since the epoch, or
   * the injected `seconds` function.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ seconds: () => 100, installSignalHandlers: false });
   * assert.equal(r.seconds(), 100);
   * ```
   */
  seconds(): number {
    return this.#clock === undefined ? this.#readNow() : this.#clock();
  }

  /**
   * Calls `fn(...args)` after `delay` seconds (a finite number >= 0) and
   * returns its `DelayedCall`. A call that throws is reported through
   * `log`; the loop goes on. "After" counts from the time of the current
   * synchronous stretch of code (see the module doc), as Node's timers do.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * let now = 0;
   * const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
   * const seen: string[] = [];
   * r.callLater(5, (what: string) => seen.push(what), "tea");
   * now = 5;
   * r.runUntilCurrent();
   * assert.equal(seen[0], "tea");
   * ```
   */
  callLater<A extends unknown[]>(
    delay: number,
    fn: (...args: A) => unknown,
    ...args: A
  ): DelayedCall {
    if (typeof fn !== "function") requireFunction("callLater: fn", fn);
    if (!(typeof delay === "number" && delay >= 0 && delay < Infinity)) {
      requireSeconds("callLater: delay", delay);
    }
    const time = (this._nowValid ? this._now : this.seconds()) + delay;
    const call = this._scheduler.add(time, fn, args);
    if (time < this._nextPassAt && this._inPass === 0) this.#wake("callLater");
    return call;
  }

  /**
   * Every scheduled, not yet cancelled call, in the order they would run.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * const call = r.callLater(10, () => {});
   * assert.equal(r.getDelayedCalls()[0], call);
   * call.cancel();
   * ```
   */
  getDelayedCalls(): DelayedCall[] {
    return this._scheduler.pending();
  }

  // ---- observability -------------------------------------------------------

  /**
   * What the loop has done: passes, timed and `callFromThread` calls run,
   * calls that raised, and what waits now (delayed calls pending, thread
   * calls queued); with the `metrics` option or a `trace` hook, also how
   * late timed calls ran (lateness percentiles, in the reactor's seconds),
   * pass times and the loop's utilization. With `reset`, the next snapshot
   * covers only what happens from now on (what waits is always "now").
   * Cheap to call: O(1).
   *
   * @example A snapshot as a JSON line, starting the next one afresh
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * let now = 0;
   * const r = new Reactor({ seconds: () => now, metrics: true, installSignalHandlers: false });
   * r.callLater(2, () => {});
   * const later = r.callLater(5, () => {});
   * now = 2.25;
   * r.runUntilCurrent();
   * const m = r.metrics({ reset: true });
   * console.log(JSON.stringify({ at: now, ...m }));
   * assert.deepEqual([m.passes, m.callsRun, m.delayedCalls], [1, 1, 1]);
   * assert.equal(m.lateness?.p99, 0.25);
   * assert.equal(r.metrics().passes, 0, "reset");
   * later.cancel();
   * ```
   */
  metrics(options: { reset?: boolean } = {}): ReactorMetrics {
    requireOptions("Reactor.metrics: options", options, ["reset"]);
    const { reset = false } = options;
    requireBoolean("Reactor.metrics: reset", reset);
    return this.#loop.snapshot(this.#metricsSource, reset);
  }

  /** What the snapshot reads now. */
  #metricsSource = {
    delayedCalls: (): number => {
      // O(1) from the scheduler's own bookkeeping: entries in the heap and
      // its read-ahead, minus dead ones, plus staged calls not cancelled
      const s = this._scheduler;
      return s.entries() - s.dead + s.staged.length - s.stagedDead;
    },
    threadCallsQueued: (): number => this.#threadCalls.length >> 1,
  };

  /**
   * Turns loop timing on or off and sets or removes the pass hook, at any
   * time — for the default {@linkcode reactor}, which is made before your
   * code runs. Keys left out keep their setting; `trace: null` removes the
   * hook. Timed figures cover the time since timing was last turned on (or
   * the last `metrics({ reset: true })`).
   *
   * @example Each pass on the host's performance timeline
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * let start = 0;
   * r.instrument({
   *   trace(e) {
   *     if (e.type === "start") start = e.at;
   *     else performance.measure(`pass ${e.pass}: ${e.calls} calls`, { start, end: e.at });
   *   },
   * });
   * r.callLater(0, () => r.stop());
   * await r.run();
   * assert.ok(performance.getEntriesByType("measure").length > 0);
   * assert.notEqual(r.metrics().passTime, null, "a hook turns timing on");
   * r.instrument({ trace: null });
   * performance.clearMeasures();
   * ```
   */
  instrument(options: InstrumentOptions): void {
    requireOptions("Reactor.instrument: options", options, [
      "metrics",
      "trace",
    ]);
    this.#instrument("Reactor.instrument", options.metrics, options.trace);
  }

  #instrument(
    where: string,
    metrics: unknown,
    trace: unknown,
  ): void {
    if (metrics !== undefined && typeof metrics !== "boolean") {
      throw new TypeError(
        `${where}: metrics must be a boolean, got ${describeValue(metrics)}`,
      );
    }
    if (trace !== undefined && trace !== null) {
      requireFunction(`${where}: trace`, trace);
    }
    this.#loop.configure(
      metrics as boolean | undefined,
      trace as ((event: PassTrace) => void) | null | undefined,
    );
  }

  // ---- lifecycle -----------------------------------------------------------

  /**
   * Starts the reactor and resolves once it has stopped: fires the
   * `startup` event (so `callWhenRunning` functions run during this call),
   * then runs the loop on the host. Throws `ReactorAlreadyRunning` if it is
   * running and `ReactorNotRestartable` if it was stopped with `stop()`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * r.callWhenRunning(() => r.stop());
   * await r.run();
   * assert.ok(!r.running, "still running");
   * ```
   */
  run(): Promise<void> {
    this.startRunning();
    return this.mainLoop();
  }

  /**
   * The first half of `run()`: checks that the reactor may start, marks it
   * started and fires `startup`. Follow with {@linkcode mainLoop}.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * r.startRunning();
   * assert.ok(r.running, "not running");
   * r.crash();
   * ```
   */
  startRunning(): void {
    if (this.#started) {
      throw new ReactorAlreadyRunning();
    }
    if (this.#startedBefore) {
      throw new ReactorNotRestartable();
    }
    this.#started = true;
    this.#stopped = false;
    this.#cancelWaitingWarning?.();
    this.#cancelWaitingWarning = undefined;
    waitingReactors.delete(this);
    this.fireSystemEvent("startup");
  }

  /**
   * The loop, driven by the host: one iteration now, then one per host
   * callback (see the module doc) until the reactor stops or crashes.
   * Returns a promise that resolves then (the same promise while it runs;
   * an already-resolved one if the reactor is not started).
   *
   * Each iteration is Twisted's `runUntilCurrent(); t = running and
   * timeout(); doIteration(t)`, including the last `doIteration(0)` after
   * the pass that crashed the loop. Difference from Twisted: while the
   * `before` triggers of `startup` still wait on a Deferred (the loop runs
   * but the reactor is not `running` yet), `doIteration` receives
   * `timeout()`, not 0 — the loop sleeps until the next timed call instead
   * of polling; the startup Deferred fires from its own callback anyway.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * r.startRunning();
   * r.callLater(0, () => r.stop());
   * await r.mainLoop();
   * ```
   */
  mainLoop(): Promise<void> {
    if (this.#looping) return this.#loopPromise!;
    if (!this.#started) return Promise.resolve();
    this.#looping = true;
    this.#loopPromise = new Promise<void>((resolve) => {
      this.#loopDone = resolve;
    });
    const promise = this.#loopPromise;
    this.#iterate();
    return promise;
  }

  /**
   * Asks the reactor to stop: the `shutdown` event fires at the end of the
   * current (or next) pass of the loop — never synchronously — and the
   * promise from `run()` resolves once its `during` phase has run. Throws
   * `ReactorNotRunning` if the reactor is not running or already stopping.
   * Bound to its reactor, so `reactor.callLater(4, reactor.stop)` works.
   *
   * Difference from Twisted: `stop()` calls {@linkcode wakeUp}, so a call
   * from outside the loop (a host callback: a `Deno.serve` handler, a raw
   * `setTimeout`) ends a wait at once; Twisted's `stop()` leaves the loop
   * asleep until its next timed call, or for ever if there is none.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor, ReactorNotRunning } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * assert.throws(() => r.stop(), ReactorNotRunning); // not running
   * ```
   */
  stop(): void {
    if (this.#stopped) throw new ReactorNotRunning();
    this.#stopped = true;
    this.#justStopped = true;
    this.#startedBefore = true;
    this.wakeUp();
  }

  /**
   * Stops the loop at once, without firing `shutdown`; `run()` may be
   * called again afterwards. Bound to its reactor, like `stop`.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * r.callWhenRunning(() => r.crash());
   * await r.run();
   * r.callWhenRunning(() => r.stop());
   * await r.run(); // a crashed reactor can run again
   * ```
   */
  crash(): void {
    this.#started = false;
    this.#running = false;
    const startup = this.#events.get("startup");
    if (!startup?.during.some((t) => t.fn === this.#reallyStartRunning)) {
      this.addSystemEventTrigger("during", "startup", this.#reallyStartRunning);
    }
    this.#endLoop();
  }

  /**
   * Calls `fn(...args)` as soon as the reactor is running: now if it is
   * (returning `undefined`), else as an `after`-`startup` trigger (returning
   * its ID).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * const order: number[] = [];
   * r.callWhenRunning(() => order.push(1));
   * r.callWhenRunning(() => order.push(2));
   * r.callWhenRunning(() => r.stop());
   * await r.run();
   * assert.equal(order.join(), "1,2");
   * ```
   */
  callWhenRunning<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): SystemEventTriggerID | undefined {
    requireFunction("callWhenRunning: fn", fn);
    if (this.#running) {
      fn(...args);
      return undefined;
    }
    if (!this.#started) this.#noteWaiting("callWhenRunning");
    return this.addSystemEventTrigger("after", "startup", fn, ...args);
  }

  /** The built-in during-startup trigger. */
  #reallyStartRunning = (): void => {
    this.#running = true;
    if (
      this.#installSignalHandlers && this.#removeSignalHandlers === undefined
    ) {
      this.#removeSignalHandlers = host.listenForSignals((signal) =>
        this.#onSignal(signal)
      );
    }
  };

  /**
   * SIGINT/SIGTERM/SIGBREAK: Twisted's sigInt & co. — stop; and if a
   * shutdown is already under way (stuck on a 'before' trigger, say), force
   * it: see {@linkcode #forceShutdown}.
   */
  #onSignal(signal: StopSignal): void {
    if (this.#stopped) {
      log.msg(`Received ${signal} again while shutting down; forcing it.`);
      this.#forceShutdown();
      return;
    }
    log.msg(`Received ${signal}, shutting down.`);
    this.callFromThread(() => {
      if (!this.#stopped) this.stop();
    });
  }

  /**
   * A second signal during a stuck shutdown: the `before` results still
   * awaited are cancelled — the thread pool's stop terminates its workers
   * (their tasks fail with `WorkerDied`), a server's drain closes it — and
   * the `during` and `after` triggers run now; the loop ends. Calls handed
   * to `callFromThread` from then on (those failed tasks' results) run on
   * the host, so every Deferred they fire settles. The signal handlers are
   * removed: a third signal gets the host's default (the process ends).
   */
  #forceShutdown(): void {
    this._forceShutdown();
    this.#uninstallSignalHandlers();
  }

  /**
   * @internal {@linkcode #forceShutdown} but for the signal handlers: for
   * `withVirtualTime`, whose reactor sat idle in a stuck shutdown.
   */
  _forceShutdown(): void {
    const shutdown = this.#events.get("shutdown");
    if (shutdown === undefined || !shutdown.force()) {
      // shutdown has not started yet (or has finished): start it, forced
      this.#justStopped = false;
      this.fireSystemEvent("shutdown");
      this.#events.get("shutdown")?.force();
    }
  }

  // ---- system events -------------------------------------------------------

  /**
   * Registers `fn(...args)` to run in `phase` (`"before"`, `"during"` or
   * `"after"`) of every later firing of `event` (until it runs: triggers
   * are consumed). A `before` trigger may return a Deferred (or promise);
   * the other phases wait for it. Built-in events: `"startup"` (fired by
   * `run()`) and `"shutdown"` (fired after `stop()`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * const seen: string[] = [];
   * r.addSystemEventTrigger("after", "flush", () => seen.push("after"));
   * r.addSystemEventTrigger("before", "flush", () => seen.push("before"));
   * r.fireSystemEvent("flush");
   * assert.equal(seen.join(), "before,after");
   * ```
   */
  addSystemEventTrigger<A extends unknown[]>(
    phase: SystemEventPhase,
    event: string,
    fn: (...args: A) => unknown,
    ...args: A
  ): SystemEventTriggerID {
    if (!isPhase(phase)) {
      throw new RangeError(
        `addSystemEventTrigger: phase must be "before", "during" or "after", got ${
          describeValue(phase)
        }`,
      );
    }
    if (typeof event !== "string") {
      throw new TypeError(
        `addSystemEventTrigger: event must be a string, got ${
          describeValue(event)
        }`,
      );
    }
    requireFunction("addSystemEventTrigger: fn", fn);
    const trigger = new Trigger(event, phase, fn as AnyFn, args);
    this.#triggers(event).add(trigger);
    return trigger;
  }

  /** The triggers of `event`, made on first use. */
  #triggers(event: string): ThreePhaseEvent {
    let triggers = this.#events.get(event);
    if (triggers === undefined) {
      this.#events.set(event, triggers = new ThreePhaseEvent());
    }
    return triggers;
  }

  /**
   * Unregisters a trigger by the ID `addSystemEventTrigger` returned.
   * Throws `TypeError` for something that is not an ID and `RangeError` for
   * a trigger that was already removed or has run. (Removing a `before`
   * trigger that already ran in the firing in progress is only logged.)
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * let ran = false;
   * const id = r.addSystemEventTrigger("during", "flush", () => { ran = true; });
   * r.removeSystemEventTrigger(id);
   * r.fireSystemEvent("flush");
   * assert.ok(!ran);
   * ```
   */
  removeSystemEventTrigger(triggerID: SystemEventTriggerID): void {
    if (!(triggerID instanceof Trigger)) {
      throw new TypeError(
        `removeSystemEventTrigger: triggerID must be an ID from addSystemEventTrigger, got ${
          describeValue(triggerID)
        }`,
      );
    }
    const triggers = this.#events.get(triggerID.event);
    if (triggers === undefined) {
      throw new RangeError(
        `removeSystemEventTrigger: this reactor has no triggers for "${triggerID.event}"`,
      );
    }
    triggers.remove(triggerID);
  }

  /**
   * Fires `event`: its `before` triggers, then — once Deferreds they
   * returned have fired — its `during` and `after` triggers. Unknown events
   * do nothing. Trigger errors are reported through `log`.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * r.fireSystemEvent("nothing-registered"); // no-op
   * ```
   */
  fireSystemEvent(event: string): void {
    if (typeof event !== "string") {
      throw new TypeError(
        `fireSystemEvent: event must be a string, got ${describeValue(event)}`,
      );
    }
    this.#events.get(event)?.fire();
  }

  // ---- threads -------------------------------------------------------------

  /**
   * Runs `fn(...args)` on the reactor, in its next pass, and wakes it: the
   * one method that is safe from anywhere — worker messages, host
   * callbacks, other contexts. Calls run in the order they were made; a
   * call made by such a call runs in the pass after.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * setTimeout(() => r.callFromThread(() => r.stop()), 1);
   * await r.run();
   * ```
   */
  callFromThread<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): void {
    if (typeof fn !== "function") requireFunction("callFromThread: fn", fn);
    this.#threadCalls.push(fn, args);
    if (this.#shutDown) this.#runSoonAfterShutdown();
    else this.#wake("callFromThread");
  }

  /**
   * After shutdown the loop never runs again, so calls from other threads
   * (the late results of a forced shutdown) run on the host instead, soon
   * and in order: nothing they would fire is left pending.
   */
  #runSoonAfterShutdown(): void {
    if (this.#afterShutdownQueued) return;
    this.#afterShutdownQueued = true;
    host.queueSoon(() => {
      this.#afterShutdownQueued = false;
      this.#runThreadCalls();
      if (this.#threadCalls.length > 0) this.#runSoonAfterShutdown();
    });
  }

  /**
   * Makes the loop iterate soon (a no-op unless it is running): from
   * outside the loop, right after the current host callback; from inside a
   * pass, as the next host task.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * new Reactor({ installSignalHandlers: false }).wakeUp(); // not running: nothing
   * ```
   */
  wakeUp(): void {
    this.#wake("wakeUp");
  }

  /**
   * Work was scheduled on a reactor that has never run: remember what (the
   * first time), and warn if it is still waiting when the program is about
   * to end for want of anything else to do, or `WAITING_GRACE_MS` later.
   */
  #noteWaiting(what: string): void {
    if (this.#waitingWork !== undefined) return;
    this.#waitingWork = what;
    this._nextPassAt = -Infinity; // later calls need not come here
    waitingReactors.add(this);
    this.#cancelWaitingWarning = host.startBackgroundTimer(
      () => this.#warnIfWaiting(`${WAITING_GRACE_MS / 1000} s ago`),
      WAITING_GRACE_MS,
    );
  }

  /** @internal the warning, if work still waits for a `run()` never made */
  _warnIfWaiting(when: string): void {
    this.#warnIfWaiting(when);
  }

  #warnIfWaiting(when: string): void {
    this.#cancelWaitingWarning = undefined;
    waitingReactors.delete(this);
    // after shutdown nothing waits for a run(): none can come
    if (this.#started || this.#startedBefore || this.#shutDown) return;
    const pool = this.#threadPool;
    // the pool's own start is no work of the program's
    const poolStart = this.#poolStartupID as unknown;
    const startup = this.#events.get("startup")?.after ?? [];
    const waiting = (pool !== undefined && (pool.backlog ?? 1) > 0) ||
      this.#threadCalls.length > 0 || this._scheduler.pending().length > 0 ||
      startup.some((trigger) => trigger !== poolStart);
    if (!waiting) return;
    // an error event, so the default observer shows it: a mistake, silent
    // otherwise (the program hangs, or ends with its work undone)
    log.err(
      new Error(
        `${this.#waitingWork} was given work ${when}, but the reactor has not been started, so none of it happens until reactor.run() is called. ` +
          "In a server, start the reactor in the background: reactor.run();",
      ),
      "Reactor: work is waiting for a run() that was never called:",
    );
  }

  /** `wakeUp`, told what asked (for the warning about a reactor never run). */
  #wake(what: string): void {
    if (!this.#looping) {
      if (!this.#started && !this.#startedBefore) this.#noteWaiting(what);
      return;
    }
    if (this._inPass > 0) {
      this.#wakeRequested = true;
      return;
    }
    if (this.#wakeQueued || this.#postQueued) return;
    this.#wakeQueued = true;
    this._nextPassAt = -Infinity;
    host.queueSoon(this.#onWake);
  }

  /**
   * The reactor's thread pool, created on first use by the factory the
   * threads layer registers (import `@twisted-ts/core/threads` or
   * `@twisted-ts/core`). It is started when the reactor runs and stopped
   * at shutdown, which waits for it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import "@twisted-ts/core/threads"; // registers the pool factory
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * const pool = r.getThreadPool();
   * assert.equal(r.getThreadPool(), pool, "one pool per reactor");
   * r.fireSystemEvent("shutdown"); // stops it
   * ```
   */
  getThreadPool(): ReactorThreadPool {
    if (this.#threadPool !== undefined) return this.#threadPool;
    const factory = getThreadPoolFactory();
    if (factory === undefined) {
      throw new Error(
        'Reactor.getThreadPool: no thread pool is registered; import "@twisted-ts/core/threads" (or "@twisted-ts/core") first',
      );
    }
    const pool = factory({
      minthreads: 0,
      maxthreads: 10,
      name: "twisted.internet.reactor",
      reactor: this,
    });
    this.#threadPool = pool;
    if (this.#shutDown) {
      // the reactor will never run again: a pool that refuses at once
      void pool.stop();
      return pool;
    }
    if (!this.#started) {
      this.#noteWaiting(
        "the reactor's thread pool (callInThread, deferToThread)",
      );
    }
    this.#poolStartupID = this.callWhenRunning(() => pool.start());
    // stopped once every other 'before' trigger has settled (a server's
    // drain, say: its requests in flight still get their threads)
    const stop = new Trigger(
      "shutdown",
      "before",
      () => this.#stopThreadPool(true),
      [],
      true,
    );
    this.#triggers("shutdown").add(stop);
    this.#poolShutdownID = stop;
    return pool;
  }

  /**
   * Runs `task(...args)` on the reactor's thread pool
   * (`getThreadPool().callInThread(task, ...args)`): `task` is a
   * `threadTask(moduleUrl, exportName)`, whose function's type checks the
   * arguments (a plain function cannot cross into a Worker).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor, type ReactorTask, setThreadPoolFactory } from "@twisted-ts/core/reactor";
   * const ran: unknown[] = [];
   * const previous = setThreadPoolFactory(() => ({
   *   start() {},
   *   stop() {},
   *   callInThread: (task, ...args) => ran.push(task, ...args),
   *   adjustPoolsize() {},
   * }));
   * try {
   *   const task: ReactorTask<(n: number) => number> = {
   *     moduleUrl: "file:///srv/tasks.ts",
   *     exportName: "inc",
   *   };
   *   new Reactor({ installSignalHandlers: false }).callInThread(task, 1);
   *   assert.deepEqual(ran, [task, 1]);
   * } finally {
   *   setThreadPoolFactory(previous);
   * }
   * ```
   */
  callInThread<F extends (...args: never[]) => unknown>(
    task: ReactorTask<F>,
    ...args: Parameters<F>
  ): void {
    this.getThreadPool().callInThread(task, ...args);
  }

  /**
   * Sets the most workers the reactor's pool may use (an integer >= 0).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor, setThreadPoolFactory } from "@twisted-ts/core/reactor";
   * let max: number | undefined;
   * const previous = setThreadPoolFactory(() => ({
   *   start() {},
   *   stop() {},
   *   callInThread() {},
   *   adjustPoolsize(_min, m) { max = m; },
   * }));
   * try {
   *   new Reactor({ installSignalHandlers: false }).suggestThreadPoolSize(4);
   *   assert.equal(max, 4);
   * } finally {
   *   setThreadPoolFactory(previous);
   * }
   * ```
   */
  suggestThreadPoolSize(size: number): void {
    if (!Number.isInteger(size) || size < 0) {
      const E = typeof size === "number" ? RangeError : TypeError;
      throw new E(
        `suggestThreadPoolSize: size must be an integer >= 0, got ${
          describeValue(size)
        }`,
      );
    }
    this.getThreadPool().adjustPoolsize(undefined, size);
  }

  /** Twisted's `_stopThreadPool`; returns what `pool.stop()` returns. */
  #stopThreadPool(fromShutdownTrigger: boolean): unknown {
    const pool = this.#threadPool;
    const ids = [this.#poolStartupID];
    if (!fromShutdownTrigger) ids.push(this.#poolShutdownID);
    for (const id of ids) {
      if (id === undefined) continue;
      try {
        this.removeSystemEventTrigger(id);
      } catch {
        // already run or removed: nothing to take back
      }
    }
    this.#poolStartupID = undefined;
    this.#poolShutdownID = undefined;
    // the stopped pool stays: work handed to it later is refused at once
    // (Twisted forgets it, and a new pool that never starts takes the work)
    if (!fromShutdownTrigger) this.#threadPool = undefined;
    return pool?.stop();
  }

  // ---- I/O (delegated to the net layer: see reactor_io.ts) ------------------

  /**
   * Twisted's `listenTCP`: listens on TCP `port` (0: any free port) and
   * builds a protocol from `factory` for each connection. Needs the net
   * layer (import `@twisted-ts/core/net` or `@twisted-ts/core`).
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.listenTCP !== "function") throw new Error("unexpected");
   * ```
   */
  listenTCP(
    port: number,
    factory: IProtocolFactory,
    backlog?: number,
    interface_?: string,
  ): IListeningPort<IInetAddress> {
    return this._reactorIO("listenTCP").listenTCP(
      port,
      factory,
      backlog,
      interface_,
    );
  }

  /**
   * Twisted's `connectTCP`: connects to `host`:`port` within `timeout`
   * seconds (default 30), reporting to `factory`. Needs the net layer.
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.connectTCP !== "function") throw new Error("unexpected");
   * ```
   */
  connectTCP(
    host: string,
    port: number,
    factory: IClientFactory,
    timeout?: number,
    bindAddress?: BindAddress,
  ): IConnector {
    return this._reactorIO("connectTCP").connectTCP(
      host,
      port,
      factory,
      timeout,
      bindAddress,
    );
  }

  /**
   * Twisted's `listenUNIX`: listens on the UNIX socket file `address`.
   * Needs the net layer.
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.listenUNIX !== "function") throw new Error("unexpected");
   * ```
   */
  listenUNIX(
    address: string,
    factory: IProtocolFactory,
    backlog?: number,
    mode?: number,
    wantPID?: boolean,
  ): IListeningPort {
    return this._reactorIO("listenUNIX").listenUNIX(
      address,
      factory,
      backlog,
      mode,
      wantPID,
    );
  }

  /**
   * Twisted's `connectUNIX`: connects to the UNIX socket file `address`.
   * Needs the net layer.
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.connectUNIX !== "function") throw new Error("unexpected");
   * ```
   */
  connectUNIX(
    address: string,
    factory: IClientFactory,
    timeout?: number,
    checkPID?: boolean,
  ): IConnector {
    return this._reactorIO("connectUNIX").connectUNIX(
      address,
      factory,
      timeout,
      checkPID,
    );
  }

  /**
   * Twisted's `listenSSL`: `listenTCP` speaking TLS, with the certificate
   * and key given as PEM text. Needs the net layer.
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.listenSSL !== "function") throw new Error("unexpected");
   * ```
   */
  listenSSL(
    port: number,
    factory: IProtocolFactory,
    contextFactory: ServerTLSOptions,
    backlog?: number,
    interface_?: string,
  ): IListeningPort<IInetAddress> {
    return this._reactorIO("listenSSL").listenSSL(
      port,
      factory,
      contextFactory,
      backlog,
      interface_,
    );
  }

  /**
   * Twisted's `connectSSL`: `connectTCP` speaking TLS. Needs the net layer.
   *
   * @example
   * ```ts
   * import "@twisted-ts/core/net";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * const r = new Reactor({ installSignalHandlers: false });
   * if (typeof r.connectSSL !== "function") throw new Error("unexpected");
   * ```
   */
  connectSSL(
    host: string,
    port: number,
    factory: IClientFactory,
    contextFactory: ClientTLSOptions,
    timeout?: number,
    bindAddress?: BindAddress,
  ): IConnector {
    return this._reactorIO("connectSSL").connectSSL(
      host,
      port,
      factory,
      contextFactory,
      timeout,
      bindAddress,
    );
  }

  /** @internal this reactor's I/O object, made on first use */
  _reactorIO(method: string): ReactorIO {
    if (this._io !== undefined) return this._io;
    const factory = getReactorIOFactory();
    if (factory === undefined) {
      throw new Error(
        `Reactor.${method}: no network support is registered; import "@twisted-ts/core/net" (or "@twisted-ts/core") first`,
      );
    }
    return this._io = factory({ reactor: this });
  }

  // ---- the loop --------------------------------------------------------------

  /**
   * One pass of the loop: the queued `callFromThread` calls (those queued
   * meanwhile wait for the next pass), then every timed call due now
   * (calls made meanwhile wait for the next pass), then — if `stop()` was
   * called — the `shutdown` event. Errors are reported through `log`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * let now = 0;
   * const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
   * const seen: string[] = [];
   * r.callLater(0, () => {
   *   seen.push("first");
   *   r.callLater(0, () => seen.push("second"));
   * });
   * r.runUntilCurrent();
   * assert.equal(seen.join(), "first");
   * r.runUntilCurrent();
   * assert.equal(seen.join(), "first,second");
   * ```
   */
  runUntilCurrent(): void {
    this._inPass++;
    this._scheduler.holding++; // calls made during the pass wait for the next
    const loop = this.#loop;
    loop.passes++;
    const started = loop.timing ? loop.passStarted() : undefined;
    try {
      if (this.#threadCalls.length > 0) this.#runThreadCalls();
      const scheduler = this._scheduler;
      scheduler.insertStaged();
      const now = this.seconds();
      if (this.#clock === undefined) {
        this._now = now;
        this._nowValid = true;
      }
      const lateness = loop.timing ? loop.lateness : undefined;
      for (;;) {
        const call = scheduler.popDue(now);
        if (call === undefined) break;
        loop.callsRun++;
        if (lateness !== undefined) lateness.record(now - call._time);
        try {
          const returned = call._run();
          if (returned !== undefined) {
            whenRejected(returned, (failure) => {
              loop.errors++;
              logCallError(call, failure);
            });
          }
        } catch (e) {
          loop.errors++;
          logCallError(call, e);
        }
      }
      scheduler.maybeCompact();
      if (this.#justStopped) {
        this.#justStopped = false;
        this.fireSystemEvent("shutdown");
      }
    } finally {
      if (started !== undefined) loop.passEnded(started);
      this._scheduler.holding--;
      if (--this._inPass === 0) {
        this._nowValid = false;
        if (this.#wakeRequested) {
          this.#wakeRequested = false;
          if (this.#looping) this.#postSoon();
        }
      }
    }
  }

  /**
   * How long the loop may wait before the next timed call is due: seconds
   * in [0, 2147483.647], or `undefined` when nothing is scheduled. Moves
   * staged calls into the heap first.
   *
   * Differences from Twisted: cancelled calls do not count. Twisted reads
   * the top of its heap as it is, so a cancelled call there still sets the
   * timeout (and a heap holding only cancelled calls is not "nothing
   * scheduled") until a pass pops it or compaction drops it; here dead
   * entries are dropped as they reach the top, so the loop never wakes up
   * for a call that will not run. The clamp is the host timer's,
   * 2147483.647 s (Twisted's is 2147483 s).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Reactor } from "@twisted-ts/core/reactor";
   * let now = 0;
   * const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
   * assert.equal(r.timeout(), undefined, "nothing scheduled");
   * r.callLater(3, () => {});
   * now = 1;
   * assert.equal(r.timeout(), 2);
   * ```
   */
  timeout(): number | undefined {
    const scheduler = this._scheduler;
    scheduler.insertStaged();
    const top = scheduler.peekTime();
    if (top === undefined) return undefined;
    const delay = top - this.seconds();
    return delay > MAX_TIMEOUT ? MAX_TIMEOUT : delay > 0 ? delay : 0;
  }

  /**
   * Arranges the loop's next iteration (it cannot block as Twisted's
   * does): in `delay` seconds with the host timer, as the next host task
   * for 0, or at the timer's clamp for `undefined` (nothing scheduled).
   * Does nothing unless the loop is running.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core/reactor";
   * new Reactor({ installSignalHandlers: false }).doIteration(1); // not running: nothing
   * ```
   */
  doIteration(delay: number | undefined): void {
    if (delay !== undefined) requireSeconds("doIteration: delay", delay);
    if (!this.#looping || this.#postQueued || this.#wakeQueued) return;
    if (delay !== undefined && delay <= 0) {
      this.#postSoon();
      return;
    }
    const wait = delay === undefined || delay > MAX_TIMEOUT
      ? MAX_TIMEOUT
      : delay;
    const deadline = this.seconds() + wait;
    if (this.#timer !== undefined) {
      if (this.#timerDeadline <= deadline) {
        // an earlier wake-up is armed already; it re-arms when it comes
        this._nextPassAt = this.#timerDeadline;
        return;
      }
      host.stopTimer(this.#timer);
    }
    this.#timer = host.startTimer(this.#onTimer, Math.ceil(wait * 1000));
    this.#timerDeadline = deadline;
    this._nextPassAt = deadline;
  }

  /** One iteration: Twisted's mainLoop body. */
  #iterate(): void {
    if (!this.#looping) return;
    try {
      this.runUntilCurrent();
    } catch (e) {
      log.err(e, "Unexpected error in main loop.");
    }
    // Twisted's `t = running and timeout()`. After the pass that ended the
    // loop (shutdown's crash) that is 0: one last doIteration, told not to
    // wait (here it arranges nothing). While startup's `before` triggers
    // still wait (not running, but looping) Twisted passes 0 too, and
    // polls; we pass timeout() and sleep (see `mainLoop`).
    let t: number | undefined = 0;
    try {
      const t2 = this.timeout();
      if (this.#running || this.#looping) t = t2;
    } catch (e) {
      log.err(e, "Unexpected error in main loop.");
    }
    this.doIteration(t);
  }

  /** The host timer fired. */
  #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerDeadline = Infinity;
    this.#iterate();
  };

  /** The microtask waker ran. */
  #onWake = (): void => {
    this.#wakeQueued = false;
    this.#iterate();
  };

  /** The MessageChannel waker ran. */
  #onPost = (): void => {
    this.#postQueued = false;
    this.#iterate();
  };

  /** Queue an iteration as the next host task. */
  #postSoon(): void {
    if (this.#postQueued) return;
    this.#postQueued = true;
    this._nextPassAt = -Infinity;
    (this.#channel ??= host.openWakeChannel(this.#onPost)).post();
  }

  /** The loop is over: release the host and resolve run(). */
  #endLoop(): void {
    this.#uninstallSignalHandlers();
    if (!this.#looping) return;
    this.#looping = false;
    if (this.#timer !== undefined) {
      host.stopTimer(this.#timer);
      this.#timer = undefined;
      this.#timerDeadline = Infinity;
    }
    this.#channel?.close();
    this.#channel = undefined;
    this.#postQueued = false;
    this.#wakeQueued = false;
    this.#wakeRequested = false;
    this._nextPassAt = -Infinity;
    const done = this.#loopDone;
    this.#loopDone = undefined;
    this.#loopPromise = undefined;
    done?.();
  }

  #uninstallSignalHandlers(): void {
    const remove = this.#removeSignalHandlers;
    this.#removeSignalHandlers = undefined;
    if (remove !== undefined) remove();
  }

  /**
   * Reads the host's clock and caches the reading for `callLater` until the
   * next microtask: every reading refreshes the cache, so a `callLater`
   * never counts from a time earlier than one its caller has seen.
   */
  #readNow(): number {
    const now = host.seconds();
    this._now = now;
    if (!this._nowValid) {
      this._nowValid = true;
      host.queueSoon(this.#forgetNow);
    }
    return now;
  }

  #forgetNow = (): void => {
    if (this._inPass === 0) this._nowValid = false;
  };

  /** The callFromThread calls queued so far. */
  #runThreadCalls(): void {
    const queue = this.#threadCalls;
    this.#threadCalls = [];
    const loop = this.#loop;
    for (let i = 0; i < queue.length; i += 2) {
      loop.threadCallsRun++;
      try {
        const returned = (queue[i] as AnyFn)(...(queue[i + 1] as unknown[]));
        if (returned !== undefined) {
          followThreadCall(loop, queue[i] as AnyFn, returned);
        }
      } catch (e) {
        loop.errors++;
        logThreadCallError(queue[i] as AnyFn, e);
      }
    }
    if (this.#threadCalls.length > 0) this.wakeUp();
  }
}

/** A `callFromThread` call threw, or the promise it returned rejected. */
function logThreadCallError(fn: AnyFn, error: unknown): void {
  log.err(
    error,
    `Unhandled error in a callFromThread call (${describeValue(fn)}):`,
  );
}

/** What a `callFromThread` call returned: a rejection is logged. */
function followThreadCall(
  loop: LoopRecorder,
  fn: AnyFn,
  returned: unknown,
): void {
  whenRejected(returned, (failure) => {
    loop.errors++;
    logThreadCallError(fn, failure);
  });
}

/**
 * The default reactor, as `from twisted.internet import reactor`: one per
 * process, with signal handling on (SIGINT/SIGTERM stop it gracefully
 * while it runs).
 *
 * @example
 * ```ts
 * import { reactor } from "@twisted-ts/core/reactor";
 * reactor.callLater(0.01, () => reactor.stop());
 * await reactor.run();
 * ```
 */
export const reactor: Reactor = new Reactor();

/** How long work may wait for a `run()` before the reactor says so (ms). */
const WAITING_GRACE_MS = 5000;

/** Reactors with work scheduled before they ever ran. */
const waitingReactors = new Set<Reactor>();

let watchingIdleExit = false;

/**
 * Once: when the program is about to end for want of work, warn about
 * reactors whose work never ran, and report the unhandled failures still
 * held by live Deferreds (collection would have reported them); on an
 * explicit exit, report those failures too.
 */
function watchForIdleExit(): void {
  if (watchingIdleExit) return;
  watchingIdleExit = true;
  host.atIdleExit(() => {
    for (const r of [...waitingReactors]) {
      r._warnIfWaiting("before the program ran out of work");
    }
    reportPendingUnhandled();
  });
  // an explicit exit skips the idle-exit event: what is still unhandled
  // then is reported as the program ends (each failure once)
  host.atExit(() => reportPendingUnhandled());
}
watchForIdleExit();
