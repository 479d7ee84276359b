/**
 * `cancel()`: with and without a canceller, the suppress-first-late-
 * fire rule, cancelling chained and paused Deferreds — Twisted's
 * DeferredCancellerTests and more.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalledError,
  CancelledError,
  Deferred,
  DeferredList,
  type Failure,
} from "../../defer/mod.ts";
import { failureOf, resultOf } from "./_results.ts";

class GenericError extends Error {
  override name = "GenericError";
}

/** Records what reaches a Deferred's first callback/errback pair. */
function watch<T>(d: Deferred<T>) {
  const seen: { result?: T; failure?: Failure } = {};
  d.addCallbacks((r: T) => {
    seen.result = r;
    return r;
  }, (f: Failure) => {
    seen.failure = f;
  });
  return seen;
}

describe("Deferred.cancel without a canceller", () => {
  it("errbacks with a CancelledError and does not call back", () => {
    const d = new Deferred<string>();
    const seen = watch(d);
    d.cancel();
    assert.equal(seen.failure?.type, CancelledError);
    assert.equal("result" in seen, false);
  });

  it("swallows one late callback and raises AlreadyCalledError after that", () => {
    const d = new Deferred<string>();
    watch(d);
    d.cancel();
    d.callback("late");
    assert.throws(() => d.callback("again"), AlreadyCalledError);
    assert.throws(() => d.errback(new Error("again")), AlreadyCalledError);
  });

  it("swallows one late errback and raises AlreadyCalledError after that", () => {
    const d = new Deferred<string>();
    watch(d);
    d.cancel();
    d.errback(new Error("late"));
    assert.throws(() => d.callback("again"), AlreadyCalledError);
    assert.throws(() => d.errback(new Error("again")), AlreadyCalledError);
  });

  it("ignores further cancels after being cancelled and then called back", () => {
    const d = new Deferred<string>();
    const seen = watch(d);
    d.cancel();
    const first = seen.failure;
    d.callback("late");
    d.cancel();
    assert.equal(seen.failure, first);
  });

  it("keeps its CancelledError when a late errback is swallowed, and ignores further cancels", () => {
    const d = new Deferred<string>();
    const seen = watch(d);
    d.cancel();
    const first = seen.failure;
    assert.equal(first?.type, CancelledError);
    d.errback(new GenericError());
    assert.equal(seen.failure?.type, CancelledError);
    d.cancel();
    assert.equal(seen.failure, first);
  });

  it("does nothing on a second cancel", () => {
    const d = new Deferred<string>();
    const seen = watch(d);
    d.cancel();
    const first = seen.failure;
    d.cancel();
    assert.equal(seen.failure, first);
  });

  it("fires a paused Deferred whose callbacks then wait for unpause", () => {
    const d = new Deferred<string>();
    d.pause();
    const seen = watch(d);
    d.cancel();
    assert.equal(d.called, true);
    const beforeUnpause = seen.failure;
    assert.equal(beforeUnpause, undefined);
    d.unpause();
    assert.equal(seen.failure?.type, CancelledError);
  });
});

describe("Deferred.cancel with a canceller", () => {
  it("calls the canceller once however often cancel is called", () => {
    let calls = 0;
    const d = new Deferred<string>(() => {
      calls++;
    });
    const seen = watch(d);
    d.cancel();
    const first = seen.failure;
    assert.equal(first?.type, CancelledError);
    d.cancel();
    assert.equal(seen.failure, first);
    assert.equal(calls, 1);
  });

  it("errbacks with CancelledError and does not swallow a later fire", () => {
    let calls = 0;
    const d = new Deferred<string>(() => {
      calls++;
    });
    const seen = watch(d);
    d.cancel();
    assert.equal(calls, 1);
    assert.equal(seen.failure?.type, CancelledError);
    assert.throws(() => d.callback("late"), AlreadyCalledError);
    assert.throws(() => d.errback(new Error("late")), AlreadyCalledError);
  });

  it("passes the Deferred being cancelled to its canceller", () => {
    let given: unknown;
    const d = new Deferred<string>((x) => {
      given = x;
    });
    watch(d);
    d.cancel();
    assert.equal(given, d);
  });

  it("does not call the canceller once the Deferred has called back", () => {
    let calls = 0;
    const d = new Deferred<string>((x) => {
      calls++;
      x.errback(new GenericError());
    });
    const seen = watch(d);
    d.callback("biff!");
    d.cancel();
    assert.equal(calls, 0);
    assert.equal(seen.failure, undefined);
    assert.equal(seen.result, "biff!");
  });

  it("does not call the canceller once the Deferred has errbacked", () => {
    let calls = 0;
    const d = new Deferred<string>((x) => {
      calls++;
      x.errback(new GenericError());
    });
    const seen = watch(d);
    d.errback(new GenericError());
    d.cancel();
    assert.equal(calls, 0);
    assert.equal(seen.failure?.type, GenericError);
    assert.equal("result" in seen, false);
  });

  it("keeps the failure of a canceller that errbacks", () => {
    let calls = 0;
    const d = new Deferred<string>((x) => {
      calls++;
      x.errback(new GenericError());
    });
    const seen = watch(d);
    d.cancel();
    assert.equal(calls, 1);
    assert.equal(seen.failure?.type, GenericError);
  });

  it("keeps the result of a canceller that calls back", () => {
    let calls = 0;
    const d = new Deferred<string>((x) => {
      calls++;
      x.callback("hello!");
    });
    const seen = watch(d);
    d.cancel();
    assert.equal(calls, 1);
    assert.equal(seen.result, "hello!");
    assert.equal(seen.failure, undefined);
  });

  it("lets a canceller's exception out of cancel and leaves the Deferred unfired", () => {
    const d = new Deferred<string>(() => {
      throw new GenericError("canceller broke");
    });
    assert.throws(() => d.cancel(), GenericError);
    assert.equal(d.called, false);
    d.callback("still usable");
    assert.equal(resultOf(d), "still usable");
  });
});

describe("cancelling a chained Deferred", () => {
  it("cancels the Deferred it waits on instead of calling its own canceller", () => {
    let innerCalls = 0;
    const b = new Deferred<null>(() => {
      innerCalls++;
    });
    const a = new Deferred<null>(() =>
      assert.fail("outer canceller must not run")
    );
    a.callback(null);
    a.addCallback(() => b);
    a.cancel();
    const seen = watch(a);
    assert.equal(innerCalls, 1);
    assert.equal(seen.failure?.type, CancelledError);
    assert.equal(b.result, undefined);
  });

  it("cancels the innermost of several nested waiting Deferreds", () => {
    let innermostCalls = 0;
    const c = new Deferred<string>(() => {
      innermostCalls++;
    });
    const b = new Deferred<null>();
    b.addCallback(() => c);
    b.callback(null);
    const a = new Deferred<null>();
    a.addCallback(() => b);
    a.callback(null);
    a.cancel();
    assert.equal(innermostCalls, 1);
    failureOf(a, CancelledError);
  });

  it("cancels the innermost of 100,000 nested waiting Deferreds without growing the stack", () => {
    const n = 100_000;
    const leaf = new Deferred<string>();
    let d: Deferred<unknown> = leaf;
    for (let i = 0; i < n; i++) {
      const inner = d;
      d = new Deferred<null>();
      d.addCallback(() => inner);
      d.callback(null);
    }
    d.cancel();
    assert.equal(leaf.called, true);
    failureOf(d, CancelledError);
  });

  it("throws a RangeError, and returns, when the Deferreds it waits on wait on each other in a circle", () => {
    for (const length of [2, 3, 10]) {
      const ring = Array.from({ length }, () => new Deferred<unknown>());
      ring.forEach((d, i) => d.addCallback(() => ring[(i + 1) % length]));
      // the last one's callback returns the first, still waiting: fire it
      // first, so that every other one then waits on the next
      for (const d of [...ring].reverse()) d.callback(null);
      const outer = new Deferred<null>();
      outer.addCallback(() => ring[0]);
      outer.callback(null);
      assert.throws(() => outer.cancel(), {
        name: "RangeError",
        message: /wait on each other in a circle/,
      }, `a circle of ${length}`);
      assert.throws(() => ring[length - 1]!.cancel(), RangeError);
    }
  });

  it("lets a waited-on DeferredList decide how it is cancelled", () => {
    const member = new Deferred<string>((m) => m.callback("from canceller"));
    const outer = new Deferred<null>();
    outer.addCallback(() => new DeferredList([member]));
    outer.callback(null);
    outer.cancel();
    assert.deepEqual(resultOf(outer), [[true, "from canceller"]]);
  });

  it("does nothing to a fired Deferred that no longer waits", () => {
    let calls = 0;
    const d = new Deferred<string>(() => {
      calls++;
    });
    d.callback("done");
    d.cancel();
    assert.equal(calls, 0);
    assert.equal(resultOf(d), "done");
  });

  it("cancels a Deferred waiting on a promise and ignores the promise's later value", async () => {
    let resolve!: (v: string) => void;
    const d = new Deferred<null>();
    d.addCallback(() => new Promise<string>((r) => (resolve = r)));
    d.callback(null);
    d.cancel();
    failureOf(d, CancelledError);
    resolve("too late");
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(d.result, undefined);
  });
});
