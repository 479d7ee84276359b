/**
 * The library's `Reactor` with an injected time source (see `_reactor.py`):
 * `doIteration(delay)` does not wait; it moves the fake time forward by the
 * delay and asks for the next iteration at once, so `run()` is
 * deterministic. With nothing scheduled (`undefined`) it would wait
 * forever, so it says so and crashes the reactor instead.
 *
 * @module
 */
import { Reactor } from "../../../mod.ts";
import { emit } from "../trace.ts";

/** A Reactor on fake time, driven by its own loop without waiting. */
export class DeterministicReactor extends Reactor {
  readonly #time: { now: number };

  constructor() {
    const time = { now: 0 };
    super({ seconds: () => time.now, installSignalHandlers: false });
    this.#time = time;
  }

  /** The time `seconds()` returns. */
  get now(): number {
    return this.#time.now;
  }
  set now(value: number) {
    this.#time.now = value;
  }

  override doIteration(delay: number | undefined): void {
    if (delay === undefined) {
      emit("nothing scheduled: the reactor would block forever");
      this.crash();
      return;
    }
    this.#time.now += delay;
    super.doIteration(0);
  }
}
