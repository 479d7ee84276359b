/**
 * `VirtualTimeReactor`: a real {@linkcode Reactor} whose time is a
 * {@linkcode Clock} that jumps from deadline to deadline, so a program (or
 * a test) that waits minutes runs in milliseconds — `deno task demo --fast`
 * runs the seed programs on it.
 *
 * How: the reactor reads its time from the clock (`seconds` option), and
 * its loop's `doIteration(t)` — which on a real reactor arms a host timer
 * for `t` seconds — is replaced:
 * - `t > 0`, nothing at work in the reactor's thread pool: one host task
 *   later (`setImmediate`, or `setTimeout(0)` where there is none), when
 *   every promise callback pending after the pass has run and may have
 *   scheduled something sooner, the clock jumps to the earliest deadline
 *   and the loop passes again. Not a `MessageChannel` message: Deno
 *   delivers one posted from its own port's handler within a few promise
 *   turns, before a chain of them has finished.
 * - `t > 0` while the pool has tasks queued or running, or a connect
 *   attempt is in flight: virtual time stands still; the loop waits for
 *   the task's result (`callFromThread` wakes it) or the connection, and
 *   looks again every 10 ms of real time. A task in a worker, or a
 *   connect, takes real time, as if it were instant next to the seconds
 *   the program waits (a connect's timeout is a timed call: were time to
 *   jump, every connect would time out at once).
 * - nothing scheduled: the loop sleeps, as a real reactor does, until
 *   something from outside — a `callFromThread`, a `callLater` or `stop()`
 *   from a host callback — wakes it; {@linkcode VirtualTimeReactor.idle}
 *   says so meanwhile.
 * Everything else — `callLater`, `stop`, the `startup` and `shutdown`
 * events, `callFromThread`, the thread pool — is the reactor's own code.
 *
 * Limits: a task in a worker that waits for the reactor's time (a
 * `blockingCallFromThread` of something that waits on `callLater`) never
 * sees it move, since virtual time stands still while the task runs.
 * Data from a real peer does not hold time: a timed call pending meanwhile
 * (a `TimeoutMixin` timeout) jumps ahead of it, and `idle` does not count
 * a read in progress — test protocols on `StringTransport` or
 * `connectedServerAndClient` instead, or keep a real peer's exchange free
 * of timed calls.
 *
 * @module
 */
import { describeValue, requireBoolean } from "../_util/describe.ts";
import { Clock } from "../reactor/clock.ts";
import { Reactor } from "../reactor/reactor.ts";
import {
  type ReactorThreadPool,
  setThreadPoolFactory,
  type ThreadPoolFactory,
} from "../reactor/thread_pool_factory.ts";
import { ThreadPool } from "../threads/thread_pool.ts";

/** Real seconds between looks at a busy thread pool. */
const BUSY_POLL = 0.01;

type Cancel = () => void;

/** Runs `fn` as a host task of its own, after every pending promise job. */
function nextHostTask(fn: () => void): Cancel {
  const host = globalThis as {
    setImmediate?: (fn: () => void) => unknown;
    clearImmediate?: (id: unknown) => void;
  };
  if (typeof host.setImmediate === "function") {
    const id = host.setImmediate(fn);
    return () => host.clearImmediate?.(id);
  }
  const id = setTimeout(fn, 0);
  return () => clearTimeout(id);
}

/**
 * Options for {@linkcode VirtualTimeReactor}.
 *
 * @example
 * ```ts
 * import type { VirtualTimeReactorOptions } from "@twisted-ts/core/testing";
 * const options: VirtualTimeReactorOptions = { inProcessThreads: true };
 * options.toString();
 * ```
 */
export interface VirtualTimeReactorOptions {
  /**
   * Runs the reactor's thread pool in-process (`new ThreadPool({
   * inProcess: true })`): `deferToThread` tasks run on the main thread, so
   * a test needs no worker, no permission to read the task module's file,
   * and no real time. Default `false`: real workers, as in production.
   */
  inProcessThreads?: boolean;
}

/**
 * A reactor on virtual time: `run()` resolves as soon as the reactor
 * stops, however many (virtual) seconds that took; `clock.seconds()` (or
 * `seconds()`) says how many passed. It installs no signal handlers, and
 * each one is new: make one per test (the default `reactor` runs once per
 * process). Schedule on the reactor itself (it is an `IReactorTime`), not
 * on `clock`, whose own calls the loop does not wait for.
 *
 * @example An hour of timed calls, instantly
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtualTimeReactor } from "@twisted-ts/core/testing";
 * const reactor = new VirtualTimeReactor();
 * const seen: number[] = [];
 * reactor.callLater(60, () => seen.push(reactor.seconds()));
 * reactor.callLater(3600, () => reactor.stop());
 * await reactor.run();
 * assert.deepEqual(seen, [60]);
 * assert.equal(reactor.clock.seconds(), 3600);
 * ```
 */
export class VirtualTimeReactor extends Reactor {
  /** The reactor's time; its loop advances it. */
  readonly clock: Clock;
  /** Whether the reactor's pool runs its tasks in-process. */
  readonly inProcessThreads: boolean;

  #pool: ReactorThreadPool | undefined = undefined;
  /** Counts doIteration calls: a jump is for the iteration that asked. */
  #iteration = 0;
  /** `performance.now()` when the loop went idle; undefined when not idle. */
  #idleSince: number | undefined = undefined;
  #looping = false;
  /** The jump waiting for its host task, and the iteration it is for. */
  #jumpPending: Cancel | undefined = undefined;
  #jumpFor = 0;

  /** A reactor at virtual time 0, with no signal handlers. */
  constructor(options: VirtualTimeReactorOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `VirtualTimeReactor: options must be an object, got ${
          describeValue(options)
        }`,
      );
    }
    const { inProcessThreads = false } = options;
    requireBoolean("VirtualTimeReactor: inProcessThreads", inProcessThreads);
    const clock = new Clock();
    super({ seconds: () => clock.seconds(), installSignalHandlers: false });
    this.clock = clock;
    this.inProcessThreads = inProcessThreads;
  }

  /**
   * Whether the loop is asleep with nothing to do: no timed call pending,
   * no thread task at work. Only something from outside the reactor (a
   * host callback, I/O) can wake it now.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VirtualTimeReactor } from "@twisted-ts/core/testing";
   * const reactor = new VirtualTimeReactor();
   * assert.equal(reactor.idle, false); // not running
   * ```
   */
  get idle(): boolean {
    return this.#idleSince !== undefined && this.#looping;
  }

  /**
   * @internal For `withVirtualTime`: the `performance.now()` reading at
   * which the loop went idle (see {@linkcode idle}), or `undefined`.
   */
  get _idleSince(): number | undefined {
    return this.#looping ? this.#idleSince : undefined;
  }

  #goIdle(): void {
    if (this.#looping) this.#idleSince = performance.now();
  }

  /**
   * The reactor's pool (see {@linkcode Reactor.getThreadPool}), remembered
   * so the loop can hold time while it works; in-process with
   * `inProcessThreads`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ThreadPool } from "@twisted-ts/core/threads";
   * import { VirtualTimeReactor } from "@twisted-ts/core/testing";
   * const reactor = new VirtualTimeReactor({ inProcessThreads: true });
   * const pool = reactor.getThreadPool();
   * assert.ok(pool instanceof ThreadPool && pool.inProcess);
   * reactor.callWhenRunning(() => reactor.stop());
   * await reactor.run(); // shutdown stops the pool
   * ```
   */
  override getThreadPool(): ReactorThreadPool {
    if (this.#pool !== undefined) return this.#pool;
    if (!this.inProcessThreads) return this.#pool = super.getThreadPool();
    const inProcess: ThreadPoolFactory = (options) =>
      new ThreadPool({ ...options, inProcess: true });
    const previous = setThreadPoolFactory(inProcess);
    try {
      return this.#pool = super.getThreadPool();
    } finally {
      setThreadPoolFactory(previous);
    }
  }

  /**
   * The loop (see {@linkcode Reactor.mainLoop}), on virtual time.
   *
   * @example
   * ```ts
   * import { VirtualTimeReactor } from "@twisted-ts/core/testing";
   * const r = new VirtualTimeReactor();
   * r.startRunning();
   * r.callLater(10, () => r.stop());
   * await r.mainLoop();
   * ```
   */
  override mainLoop(): Promise<void> {
    if (this.#looping) return super.mainLoop();
    // set first: the loop's first pass runs inside super.mainLoop(); if
    // the reactor was not started, the resolved promise clears it
    this.#looping = true;
    return super.mainLoop().finally(() => {
      this.#looping = false;
      this.#idleSince = undefined;
      this.#jumpPending?.();
      this.#jumpPending = undefined;
    });
  }

  /**
   * Arranges the next pass (see {@linkcode Reactor.doIteration}): on
   * virtual time, a wait of `delay` seconds is a jump of the clock, one
   * host task from now (see the module doc).
   *
   * @example
   * ```ts
   * import { VirtualTimeReactor } from "@twisted-ts/core/testing";
   * new VirtualTimeReactor().doIteration(1); // not running: nothing
   * ```
   */
  override doIteration(delay: number | undefined): void {
    const iteration = ++this.#iteration;
    this.#idleSince = undefined;
    if (delay !== undefined && delay <= 0) {
      super.doIteration(delay);
      return;
    }
    if (this.#atWork()) {
      super.doIteration(BUSY_POLL);
      return;
    }
    super.doIteration(undefined); // asleep: a call from outside wakes it
    if (delay === undefined) this.#goIdle();
    else if (this.#looping) this.#jumpSoon(iteration);
  }

  /** One host task from now, jumps to the next deadline and passes. */
  #jumpSoon(iteration: number): void {
    this.#jumpFor = iteration;
    this.#jumpPending ??= nextHostTask(() => {
      this.#jumpPending = undefined;
      this.#jump(this.#jumpFor);
    });
  }

  #jump(iteration: number): void {
    // another pass ran since: it arranged its own next step
    if (iteration !== this.#iteration || !this.#looping) return;
    if (this.#atWork()) {
      this.doIteration(BUSY_POLL);
      return;
    }
    const wait = this.timeout();
    if (wait === undefined) {
      this.#goIdle(); // what was due was cancelled meanwhile
      return;
    }
    if (wait > 0) this.clock.advance(wait);
    this.wakeUp();
  }

  /**
   * Whether real work holds virtual time: the reactor's pool has tasks
   * queued or running, or a connect attempt is in flight.
   */
  #atWork(): boolean {
    if ((this._io?.connectsInFlight?.() ?? 0) > 0) return true;
    const pool = this.#pool;
    if (!(pool instanceof ThreadPool)) return false;
    const s = pool.statistics();
    return s.busyWorkerCount + s.backloggedWorkCount > 0;
  }
}
