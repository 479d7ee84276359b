/**
 * The waiting line behind `DeferredLock` and `DeferredSemaphore`: a count of
 * free tokens and a first-in-first-out line of Deferreds waiting for one,
 * plus the `run` both share.
 *
 * How and why:
 * - Waiters stand in a `WaitLine`: O(1) to join, O(1) to leave when
 *   cancelled (Twisted's `list.remove` is O(n)), O(1) amortised to take
 *   the oldest.
 * - A release with someone waiting hands the token over at once (the free
 *   count never rises, so `locked` stays true and nobody can jump the
 *   line), then fires the waiter. Firing goes through a hand-off list that
 *   one loop drains: a release made *while* that loop fires a waiter (a
 *   `run` whose function finished synchronously releases from inside the
 *   acquire's callbacks) only appends, and the loop fires the next waiter
 *   once the current callbacks return. So ten thousand queued synchronous
 *   `run` calls use constant stack; Twisted recurses here and overflows its
 *   stack at a few hundred, leaving the lock held forever.
 * - A waiter cancelled after the hand-off but before it was fired (only
 *   possible from inside that loop) gives its token back to the next one.
 * - A waiter someone fired by hand (`acquire().callback(x)`: a misuse)
 *   keeps the token it is handed, and `release()` throws the
 *   `AlreadyCalledError` of firing it, as Twisted's does, once the other
 *   hand-offs of its loop are done.
 *
 * @module
 */
import { requireFunction } from "../_util/describe.ts";
import { Deferred } from "./deferred.ts";
import { maybeDeferred } from "./succeed.ts";
import { WaitLine } from "./_wait_line.ts";

/** Free tokens and the Deferreds waiting for one; fires them with `owner`. */
export class TokenQueue<V> {
  /** Tokens nobody holds. */
  free: number;
  readonly #owner: V;
  readonly #waiting = new WaitLine<Deferred<V>>();
  readonly #handOff: Deferred<V>[] = [];
  /** Handed a token, then cancelled: the canceller passed it on. */
  readonly #passedOn = new Set<Deferred<V>>();
  #firing = false;

  /** A queue of `tokens` tokens whose acquisitions fire with `owner`. */
  constructor(owner: V, tokens: number) {
    this.#owner = owner;
    this.free = tokens;
  }

  /** The Deferreds still waiting, oldest first. */
  waiting(): Deferred<V>[] {
    return this.#waiting.toArray();
  }

  /** A Deferred that fires with the owner once a token is ours. */
  acquire(): Deferred<V> {
    const d = new Deferred<V>(this.#cancel);
    if (this.free > 0) {
      this.free--;
      d.callback(this.#owner);
    } else {
      this.#waiting.push(d);
    }
    return d;
  }

  /** Gives a token back: to the oldest waiter if there is one. */
  release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) {
      this.free++;
      return;
    }
    this.#handOff.push(next);
    if (this.#firing) return; // the loop below, further up the stack, fires it
    this.#firing = true;
    let misuse: unknown = undefined;
    try {
      for (let i = 0; i < this.#handOff.length; i++) {
        const d = this.#handOff[i]!;
        if (this.#passedOn.delete(d)) continue; // cancelled: token passed on
        try {
          d.callback(this.#owner);
        } catch (e) {
          misuse ??= e; // fired by hand: AlreadyCalledError
        }
      }
    } finally {
      this.#handOff.length = 0;
      this.#passedOn.clear();
      this.#firing = false;
    }
    if (misuse !== undefined) throw misuse;
  }

  /** Canceller of every acquisition (only called while it is unfired). */
  readonly #cancel = (d: Deferred<V>): void => {
    if (this.#waiting.delete(d)) return;
    // handed a token but not fired yet: pass the token on
    this.#passedOn.add(d);
    this.release();
  };
}

/**
 * `lock.run(fn, ...args)` for any acquire/release pair: acquire, call `fn`
 * (through `maybeDeferred`), release when its outcome is known — success or
 * failure — and pass that outcome on.
 */
export function runHolding<V, R, A extends unknown[]>(
  what: string,
  acquire: () => Deferred<V>,
  release: () => void,
  fn: (...args: A) => R,
  args: A,
): Deferred<Awaited<R>> {
  requireFunction(`${what}: fn`, fn);
  const releaseAndPass = (outcome: unknown): unknown => {
    release();
    return outcome;
  };
  return acquire().addCallback(() =>
    maybeDeferred(fn as (...args: A) => Awaited<R>, ...args).addBoth(
      releaseAndPass,
    )
  ) as unknown as Deferred<Awaited<R>>;
}
