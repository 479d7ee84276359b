/**
 * `VirtualTimeReactor`: a real {@linkcode Reactor} whose time is a
 * {@linkcode Clock}, so `deno task demo --fast` runs the seed programs
 * (which wait 2 and 4 seconds) in a few milliseconds.
 *
 * How: the reactor reads its time from the clock (`seconds` option), and
 * its loop (`mainLoop`, which `run()` calls) is replaced by one that, after
 * each pass, jumps the clock straight to the next deadline instead of
 * arming a host timer. When nothing is scheduled (a shutdown trigger is
 * waiting, say), or while the reactor's thread pool has tasks queued or
 * running, it yields to the host for one macrotask so worker messages can
 * arrive, then passes again: a task in a worker takes real time, and
 * virtual time stands still meanwhile, as if the task were instant next to
 * the seconds the programs wait (which, against the real clock, it is).
 * Everything else — `callLater`, `stop`, the `startup` and `shutdown`
 * events, `callFromThread`, the thread pool — is the reactor's own code.
 *
 * Limit: a program whose timed calls should run while a long task is still
 * at work in a worker sees them run after it instead. The seed programs
 * never need that.
 *
 * @module
 */
import { Clock, Reactor, type ReactorThreadPool, ThreadPool } from "../mod.ts";

/** One macrotask: lets worker messages and host timers in. */
function nextHostTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A reactor on virtual time: `run()` resolves as soon as the reactor
 * stops, however many (virtual) seconds that took. `clock.seconds()` says
 * how much virtual time passed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtualTimeReactor } from "./virtual_time_reactor.ts";
 * const reactor = new VirtualTimeReactor();
 * reactor.callLater(3600, () => reactor.stop());
 * await reactor.run(); // an hour, instantly
 * assert.equal(reactor.clock.seconds(), 3600);
 * ```
 */
export class VirtualTimeReactor extends Reactor {
  /** The reactor's time; `run()` advances it. */
  readonly clock: Clock;

  /** A reactor at virtual time 0, with no signal handlers. */
  constructor() {
    const clock = new Clock();
    super({ seconds: () => clock.seconds(), installSignalHandlers: false });
    this.clock = clock;
  }

  /** The reactor's thread pool, once the program asked for it. */
  #pool: ReactorThreadPool | undefined = undefined;

  /** The reactor's pool, remembered so that `mainLoop` can watch it. */
  override getThreadPool(): ReactorThreadPool {
    return this.#pool = super.getThreadPool();
  }

  /** Runs passes until the reactor stops, jumping time between them. */
  override async mainLoop(): Promise<void> {
    while (this.running) {
      this.runUntilCurrent();
      if (!this.running) break;
      const wait = this.timeout();
      if (wait === undefined || this.#threadsAtWork()) await nextHostTask();
      else {
        if (wait > 0) this.clock.advance(wait);
        await null; // let promise callbacks run between passes
      }
    }
  }

  /** Whether the reactor's pool has tasks queued or running. */
  #threadsAtWork(): boolean {
    const pool = this.#pool;
    if (!(pool instanceof ThreadPool)) return false;
    const s = pool.statistics();
    return s.busyWorkerCount + s.backloggedWorkCount > 0;
  }
}
