/**
 * The `Quit` flag every worker keeps: set once by `quit()`, checked by `do`.
 * Twisted's `twisted._threads._convenience.Quit`.
 *
 * @module
 */
import { AlreadyQuit } from "./errors.ts";

/**
 * A one-way flag: unset until {@linkcode Quit.set}; afterwards
 * {@linkcode Quit.check} and a second `set` throw {@linkcode AlreadyQuit}.
 *
 * `owner` names the worker in the error message
 * (`"Team.do: this Team has already quit"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Quit } from "./_quit.ts";
 * const flag = new Quit("LockWorker");
 * flag.check("LockWorker.do"); // fine
 * flag.set("LockWorker.quit");
 * assert.ok(flag.isSet);
 * ```
 */
export class Quit {
  #set = false;
  readonly #owner: string;

  /** Creates the flag, unset, for a worker described as `owner`. */
  constructor(owner = "worker") {
    this.#owner = owner;
  }

  /** Whether {@linkcode Quit.set} has been called. */
  get isSet(): boolean {
    return this.#set;
  }

  /** Sets the flag; throws {@linkcode AlreadyQuit} if it was already set. */
  set(caller = "quit"): void {
    this.check(caller);
    this.#set = true;
  }

  /** Throws {@linkcode AlreadyQuit} if the flag is set; otherwise nothing. */
  check(caller = "do"): void {
    if (this.#set) {
      throw new AlreadyQuit(`${caller}: this ${this.#owner} has already quit`);
    }
  }
}
