/**
 * `VirtualTimeReactor`: a real {@linkcode Reactor} whose time is a
 * {@linkcode Clock}, so `deno task demo --fast` runs the seed programs
 * (which wait 2 and 4 seconds) in a few milliseconds.
 *
 * How: the reactor reads its time from the clock (`seconds` option), and
 * its loop (`mainLoop`, which `run()` calls) is replaced by one that, after
 * each pass, jumps the clock straight to the next deadline instead of
 * arming a host timer. When nothing is scheduled (a task is out in a
 * worker thread, or a shutdown trigger is waiting), it yields to the host
 * for one macrotask so worker messages can arrive, then passes again.
 * Everything else — `callLater`, `stop`, the `startup` and `shutdown`
 * events, `callFromThread`, the thread pool — is the reactor's own code.
 *
 * Limit: time jumps only while the reactor has nothing to do right now,
 * so a task in a worker that takes real time does not hold back timed
 * calls (they run "early" relative to the worker). The seed programs
 * never mix the two.
 *
 * @module
 */
import { Clock, Reactor } from "../mod.ts";

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
 * import { VirtualTimeReactor } from "./virtual_time_reactor.ts";
 * const reactor = new VirtualTimeReactor();
 * reactor.callLater(3600, () => reactor.stop());
 * await reactor.run(); // an hour, instantly
 * if (reactor.clock.seconds() !== 3600) throw new Error("unexpected");
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

  /** Runs passes until the reactor stops, jumping time between them. */
  override async mainLoop(): Promise<void> {
    while (this.running) {
      this.runUntilCurrent();
      if (!this.running) break;
      const wait = this.timeout();
      if (wait === undefined) await nextHostTask();
      else {
        if (wait > 0) this.clock.advance(wait);
        await null; // let promise callbacks run between passes
      }
    }
  }
}
