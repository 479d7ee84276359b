/**
 * Deferreds chained together: a callback returning a Deferred,
 * `chainDeferred`, the thenable extension, `toString`, and chains of a
 * million Deferreds — Twisted's DeferredTests (the chaining part:
 * test_chainedPausedDeferredWithResult, test_nestedAsynchronousChainedDeferreds,
 * test_chainDeferredRecordsExplicitChain, test_reprWithChaining and their
 * neighbours).
 * Expected orders were checked against Twisted 22.4. The chain of a single
 * Deferred is in `one_deferred_chain_test.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalledError,
  Deferred,
  fail,
  type Failure,
  gatherResults,
  succeed,
} from "../../defer/mod.ts";
import { assertNoResult, failureOf, resultOf } from "./_results.ts";

describe("Deferred returned from a callback", () => {
  it("waits for a paused inner Deferred to be unpaused even after it fires", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    d2.pause();
    const seen: number[] = [];
    d1.addCallback(() => d2);
    d1.addCallback((r) => {
      seen.push(r);
    });
    d1.callback(1);
    assert.equal(seen.length, 0);
    d2.callback(2);
    assert.equal(seen.length, 0);
    d2.unpause();
    assert.deepEqual(seen, [2]);
  });

  it("chains to a paused inner Deferred that already has a result instead of taking it", () => {
    const expected = { marker: true };
    const paused = new Deferred<object>();
    paused.callback(expected);
    paused.pause();
    const chained = new Deferred<null>();
    const seen: object[] = [];
    const waiting = chained.addCallback(() => paused);
    chained.callback(null);
    waiting.addCallback((r) => {
      seen.push(r);
    });
    assert.equal(seen.length, 0);
    paused.unpause();
    assert.deepEqual(seen, [expected]);
    assert.equal(seen[0], expected);
  });

  it("lets an inner Deferred run its own later callbacks while the outer is paused", () => {
    const first = new Deferred<null>();
    const second = new Deferred<string>();
    first.addCallback(() => second);
    first.callback(null);
    first.pause();
    second.callback("moved");
    const seen: unknown[] = [];
    second.addCallback((r) => {
      seen.push(r);
    });
    assert.deepEqual(seen, [undefined]);
    assert.equal(first.result, "moved");
  });

  it("parks the inner result in a paused outer and stalls inner callbacks queued after chaining", () => {
    const outer = new Deferred<null>();
    const inner = new Deferred<number>();
    const seen: string[] = [];
    outer.addCallback(() => inner);
    outer.callback(null);
    outer.pause();
    inner.addCallback((r) => {
      seen.push(`inner-after ${r}`);
    });
    inner.callback(5);
    assert.equal(outer.paused, 1);
    assert.equal(outer.result, 5);
    outer.addCallback((r) => {
      seen.push(`outer ${r}`);
    });
    assert.equal(seen.length, 0);
    outer.unpause();
    assert.deepEqual(seen, ["outer 5"]);
    assert.equal(inner.result, undefined);
    inner.addCallback((r) => {
      seen.push(`inner-2 ${r}`);
    });
    assert.deepEqual(seen, [
      "outer 5",
      "inner-after undefined",
      "inner-2 undefined",
    ]);
  });

  it("takes an already-fired inner Deferred's result and leaves it undefined", () => {
    const result = { marker: true };
    const first = succeed(result);
    const second = new Deferred<null>();
    second.addCallback(() => first);
    second.callback(null);
    const seen: unknown[] = [];
    first.addCallback((r) => {
      seen.push(r);
    });
    assert.equal(seen[0], undefined);
    second.addCallback((r) => {
      seen.push(r);
    });
    assert.equal(seen[1], result);
  });

  it("moves an unfired inner Deferred's result to the outer when it fires", () => {
    const first = new Deferred<object>();
    const second = new Deferred<null>();
    second.addCallback(() => first);
    second.callback(null);
    const firstResult: unknown[] = [];
    first.addCallback((r) => {
      firstResult.push(r);
    });
    const secondResult: unknown[] = [];
    second.addCallback((r) => {
      secondResult.push(r);
    });
    assert.equal(firstResult.length + secondResult.length, 0);
    const result = { marker: true };
    first.callback(result);
    assert.deepEqual(firstResult, [undefined]);
    assert.deepEqual(secondResult, [result]);
  });

  it("takes an already-failed inner Deferred's failure and leaves it undefined", () => {
    const first = fail(new RangeError("First Deferred's Failure"));
    const second = new Deferred<null>();
    second.addCallback(() => first);
    second.callback(null);
    const firstResult: unknown[] = [];
    first.addCallback((r) => {
      firstResult.push(r);
    });
    assert.deepEqual(firstResult, [undefined]);
    assert.equal(first._debugInfo?.failure, undefined);
    failureOf(second, RangeError);
  });

  it("moves an unfired inner Deferred's failure to the outer when it fails", () => {
    const first = new Deferred<null>();
    const second = new Deferred<null>();
    second.addCallback(() => first);
    second.callback(null);
    const secondError: Failure[] = [];
    second.addErrback((f) => {
      secondError.push(f);
    });
    const firstResult: unknown[] = [];
    first.addCallback((r) => {
      firstResult.push(r);
    });
    const secondResult: unknown[] = [];
    second.addCallback((r) => {
      secondResult.push(r);
    });
    first.errback(new RangeError("First Deferred's Failure"));
    assert.ok(secondError[0]!.check(RangeError));
    assert.deepEqual(firstResult, [undefined]);
    assert.equal(secondResult.length, 1);
  });

  it("chains transitively: C waits on B waits on A", () => {
    const first = new Deferred<object>();
    const second = new Deferred<null>();
    second.addCallback(() => first);
    const third = new Deferred<null>();
    third.addCallback(() => second);
    const thirdResult: unknown[] = [];
    third.addCallback((r) => {
      thirdResult.push(r);
    });
    const result = { marker: true };
    second.callback(null);
    third.callback(null);
    assert.equal(thirdResult.length, 0);
    first.callback(result);
    assert.deepEqual(thirdResult, [result]);
  });

  it("runs an inner chain's remaining callbacks before the outer resumes", () => {
    const results: unknown[] = [];
    const failures: Failure[] = [];
    const inner = new Deferred<string>();
    const outer = succeed("outer");
    outer.addCallback((result) => {
      results.push(["start-of-cb", result]);
      const d = succeed("inner");
      d.addCallback(() => {
        results.push(["firstCallback", "inner"]);
        return inner;
      }).addCallback((r) => {
        results.push(["secondCallback", r]);
        return r + r;
      });
      d.addErrback((f) => {
        failures.push(f);
      });
      return d;
    });
    outer.addCallback((r) => {
      results.push(r);
    });
    assert.deepEqual(results, [
      ["start-of-cb", "outer"],
      ["firstCallback", "inner"],
    ]);
    inner.callback("orange");
    inner.addErrback((f) => {
      failures.push(f);
    });
    outer.addErrback((f) => {
      failures.push(f);
    });
    assert.equal(failures.length, 0);
    assert.deepEqual(results, [
      ["start-of-cb", "outer"],
      ["firstCallback", "inner"],
      ["secondCallback", "orange"],
      "orangeorange",
    ]);
  });

  it("runs the callbacks an inner Deferred had before it was returned first", () => {
    const results: unknown[] = [];
    const inner = new Deferred<string>();
    const outer = succeed("outer");
    outer.addCallback((result) => {
      results.push(["start-of-cb", result]);
      const d = succeed("inner");
      d.addCallback((r) => {
        results.push(["firstCallback", r]);
        return inner.addCallback((x) => [x]);
      });
      d.addCallback((r: unknown) => {
        results.push(["secondCallback", r]);
        return [...r as string[], ...r as string[]];
      });
      return d;
    });
    outer.addCallback((r) => {
      results.push(r);
    });
    assert.deepEqual(results, [
      ["start-of-cb", "outer"],
      ["firstCallback", "inner"],
    ]);
    inner.callback("withers");
    assert.deepEqual(results, [
      ["start-of-cb", "outer"],
      ["firstCallback", "inner"],
      ["secondCallback", ["withers"]],
      ["withers", "withers"],
    ]);
  });

  it("finds a waiting Deferred's continuation even when it is not the first pending pair", () => {
    const results: unknown[] = [];
    const a = new Deferred<string>();
    const outer = succeed("outer");
    outer.addCallback((result) => {
      results.push(["cb", result]);
      const d = new Deferred<null>();
      d.addCallback((r) => {
        results.push(["firstCallback", r]);
        return gatherResults([a]);
      });
      d.addCallback((r) => {
        results.push(["secondCallback", r]);
      });
      d.callback(null);
      return d;
    });
    assert.deepEqual(results, [["cb", "outer"], ["firstCallback", null]]);
    a.callback("withers");
    assert.deepEqual(results, [
      ["cb", "outer"],
      ["firstCallback", null],
      ["secondCallback", ["withers"]],
    ]);
    assert.equal(resultOf(outer), undefined);
  });

  it("runs outer callbacks added after the chaining callback once the inner chain completes", () => {
    const results: unknown[] = [];
    const a = new Deferred<string>();
    const outer = new Deferred<string>();
    outer.addCallback((result) => {
      results.push(["cb", result]);
      const d = new Deferred<null>();
      d.addCallback((r) => {
        results.push(["firstCallback", r]);
        return gatherResults([a]);
      });
      d.addCallback((r) => {
        results.push(["secondCallback", r]);
      });
      d.callback(null);
      return d;
    });
    outer.addCallback(() => {
      results.push(["final", null]);
    });
    outer.callback("outer");
    assert.deepEqual(results, [["cb", "outer"], ["firstCallback", null]]);
    a.callback("withers");
    assert.deepEqual(results, [
      ["cb", "outer"],
      ["firstCallback", null],
      ["secondCallback", ["withers"]],
      ["final", null],
    ]);
  });

  it("runs callbacks added to a middle Deferred after the whole chain fired", () => {
    const first = new Deferred<null>();
    const second = new Deferred<null>();
    const third = new Deferred<null>();
    first.addCallback(() => second);
    second.addCallback(() => third);
    second.callback(null);
    first.callback(null);
    third.callback(null);
    const seen: unknown[] = [];
    second.addCallback((r: unknown) => {
      seen.push(r);
    });
    assert.deepEqual(seen, [undefined]);
  });

  it("records what a Deferred waits on and forgets it once resolved", () => {
    const a = new Deferred<null>();
    const b = new Deferred<null>();
    a.addCallback(() => b);
    a.callback(null);
    assert.ok(String(a).endsWith(` waiting on ${String(b).slice(1)}`));
    assert.equal(a.paused, 1);
    assert.equal(a.result, b);
    assert.equal(a.hasResult, false);
    b.callback(null);
    assert.doesNotMatch(String(a), /waiting on/);
    assert.equal(a.paused, 0);
  });

  it("fails with a TypeError when a callback returns the Deferred it is attached to", () => {
    const d = new Deferred<string>();
    d.addCallback(() => d);
    d.callback("foo");
    const f = failureOf(d, TypeError);
    assert.match(
      f.getErrorMessage(),
      /returned the Deferred it is attached to/,
    );
    assert.equal(d.paused, 0);
  });

  it("chains a million Deferreds without growing the stack", () => {
    const n = 1_000_000;
    const top = new Deferred<null>();
    const inners: Deferred<null>[] = [];
    for (let i = 0; i < n; i++) inners.push(new Deferred<null>());
    const last = new Deferred<string>();
    const seen: unknown[] = [];
    top.addCallback(() => inners[0]!);
    top.addCallback((r: unknown) => {
      seen.push(r);
    });
    for (let i = 0; i < n - 1; i++) {
      const next = inners[i + 1]!;
      inners[i]!.addCallback(() => next);
    }
    inners[n - 1]!.addCallback(() => last);
    top.callback(null);
    for (const inner of inners) inner.callback(null);
    assert.equal(seen.length, 0);
    last.callback("done");
    assert.deepEqual(seen, ["done"]);
  });

  it("unwinds 100,000 nested Deferreds, each adding one, when the leaf fires last", () => {
    const n = 100_000;
    const ds: Deferred<number>[] = [];
    for (let i = 0; i < n; i++) ds.push(new Deferred<number>());
    const leaf = new Deferred<number>();
    for (let i = n - 1; i >= 0; i--) {
      const inner = i === n - 1 ? leaf : ds[i + 1]!;
      ds[i]!.addCallback(() => inner);
      ds[i]!.addCallback((x: number) => x + 1);
    }
    for (let i = n - 1; i >= 0; i--) ds[i]!.callback(0);
    leaf.callback(0);
    assert.equal(resultOf(ds[0]!), n);
  });
});

describe("chainDeferred", () => {
  it("records the explicit chain on the target and clears it once the source fires", () => {
    const a = new Deferred<null>();
    const b = new Deferred<null>();
    b.chainDeferred(a);
    assert.ok(String(a).endsWith(` waiting on ${String(b).slice(1)}`));
    b.callback(null);
    assert.doesNotMatch(String(a), /waiting on/);
  });

  it("fires the target with the source's result and leaves the source undefined", () => {
    const source = new Deferred<number>();
    const target = new Deferred<number>();
    const seen: number[] = [];
    target.addCallback((n) => {
      seen.push(n);
    });
    source.chainDeferred(target);
    source.callback(5);
    assert.deepEqual(seen, [5]);
    assert.equal(resultOf(source), undefined);
  });

  it("keeps the source's result while the target's callbacks run, and drops it after", () => {
    const source = new Deferred<string>();
    const target = new Deferred<string>();
    const seen: unknown[] = [];
    target.addCallback((r) => {
      seen.push(source.result);
      return r;
    });
    source.callback("hello");
    source.chainDeferred(target);
    assert.deepEqual(seen, ["hello"]);
    assert.equal(resultOf(target), "hello");
    assert.equal(resultOf(source), undefined);
  });

  it("lets a target's callback take the source's result by returning the source", () => {
    const source = new Deferred<string>();
    const target = new Deferred<string>();
    target.addCallback(() => source);
    source.callback("hello");
    source.chainDeferred(target);
    assert.equal(resultOf(target), "hello");
    assert.equal(resultOf(source), undefined);
  });

  it("does not fire the target with a Deferred when the source is unpaused while it waits: the source fails instead", () => {
    const source = new Deferred<unknown>();
    const inner = new Deferred<string>();
    const target = new Deferred<unknown>();
    source.addCallback(() => inner);
    source.callback(0);
    source.chainDeferred(target);
    source.unpause(); // once too often: it still waits on `inner`
    assert.equal(target.called, false);
    assert.match(
      failureOf(source, TypeError).getErrorMessage(),
      /cannot fire with a Deferred/,
    );
  });

  it("relays a failure to the target's errbacks", () => {
    const source = new Deferred<number>();
    const target = new Deferred<number>();
    source.chainDeferred(target);
    source.errback(new RangeError("relayed"));
    assert.equal(failureOf(target, RangeError).getErrorMessage(), "relayed");
    assert.equal(resultOf(source), undefined);
  });

  it("gives the source an AlreadyCalledError failure when the target already fired", () => {
    const source = new Deferred<number>();
    const target = new Deferred<number>();
    target.callback(1);
    source.chainDeferred(target);
    source.callback(5);
    failureOf(source, AlreadyCalledError);
    assert.equal(resultOf(target), 1);
  });

  it("lets a cancelled target without a canceller swallow the relayed result once", () => {
    const source = new Deferred<number>();
    const target = new Deferred<number>();
    target.cancel();
    target.addErrback(() => undefined);
    source.chainDeferred(target);
    source.callback(5);
    assert.equal(resultOf(source), undefined);
    assert.equal(resultOf(target), undefined);
    // swallowed once only: a second late fire is an error again
    assert.throws(() => target.callback(6), AlreadyCalledError);
  });

  it("fires a paused target and continues the source while the target waits", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    d2.pause();
    const seen: string[] = [];
    d2.addCallback((r) => {
      seen.push(`d2 ${r}`);
    });
    d1.chainDeferred(d2);
    d1.addCallback((r) => {
      seen.push(`d1 ${r}`);
    });
    d1.callback(5);
    assert.deepEqual(seen, ["d1 undefined"]);
    assert.equal(d2.called, true);
    d2.unpause();
    assert.deepEqual(seen, ["d1 undefined", "d2 5"]);
  });

  it("continues the source when the target's chain stalls on a paused Deferred", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    const w = new Deferred<null>();
    const seen: string[] = [];
    w.addCallback(() => d2);
    w.callback(null);
    w.pause();
    d2.addCallback((r) => {
      seen.push(`d2 ${r}`);
      return r;
    });
    d1.chainDeferred(d2);
    d1.addCallback((r) => {
      seen.push(`d1-after ${r}`);
    });
    d1.callback(7);
    assert.deepEqual(seen, ["d1-after undefined"]);
    assert.equal(w.result, 7);
    assert.equal(w.paused, 1);
  });

  it("treats the source as running while the target's callbacks run", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    const seen: string[] = [];
    d2.addCallback((r) => {
      d1.addCallback((x) => {
        seen.push(`added-by-d2 ${x}`);
      });
      seen.push(`d2 ${r}`);
    });
    d1.chainDeferred(d2);
    d1.addCallback((r) => {
      seen.push(`d1-next ${r}`);
    });
    d1.callback(1);
    assert.deepEqual(seen, [
      "d2 1",
      "d1-next undefined",
      "added-by-d2 undefined",
    ]);
  });

  it("relays through 100,000 chainDeferred links without growing the stack", () => {
    const n = 100_000;
    const ds: Deferred<string>[] = [new Deferred<string>()];
    for (let i = 1; i < n; i++) {
      const d = new Deferred<string>();
      ds[i - 1]!.chainDeferred(d);
      ds.push(d);
    }
    ds[0]!.callback("end");
    assert.equal(resultOf(ds[n - 1]!), "end");
    assert.equal(resultOf(ds[0]!), undefined);
  });
});

describe("thenable returned from a callback", () => {
  it("pauses the chain until a returned promise resolves", async () => {
    const d = new Deferred<number>();
    let release!: (n: number) => void;
    d.addCallback((n) =>
      new Promise<number>((r) => (release = r)).then((x) => x + n)
    );
    d.callback(1);
    assertNoResult(d);
    assert.equal(d.paused, 1);
    release(10);
    assert.equal(await d, 11);
  });

  it("turns a returned promise's rejection into a failure", async () => {
    const d = new Deferred<number>();
    d.addCallback(() => Promise.reject(new RangeError("rejected")));
    d.callback(1);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(failureOf(d, RangeError).getErrorMessage(), "rejected");
  });

  it("turns a thenable whose then getter throws into a failure", () => {
    const d = new Deferred<number>();
    d.addCallback(() => ({
      get then(): never {
        throw new RangeError("no then for you");
      },
    }));
    d.callback(1);
    assert.equal(failureOf(d, RangeError).getErrorMessage(), "no then for you");
    // the loop ended cleanly: a callback added now runs at once
    let ran = false;
    d.addCallback(() => {
      ran = true;
    });
    assert.equal(ran, true);
  });

  it("takes the value of a thenable that settles synchronously at once", () => {
    const d = new Deferred<number>();
    d.addCallback((): unknown => ({
      then(onFulfilled: (v: number) => void) {
        onFulfilled(99);
      },
    }));
    d.callback(1);
    assert.equal(resultOf(d), 99);
  });
});

describe("Deferred toString", () => {
  it("names the class and a stable id when unfired", () => {
    const d = new Deferred();
    assert.match(String(d), /^<Deferred #\d+>$/);
    assert.equal(String(d), String(d));
  });

  it("shows the current result once fired", () => {
    const d = new Deferred<string>();
    d.callback("orange");
    assert.match(String(d), /^<Deferred #\d+ current result: "orange">$/);
  });

  it("says what a chained Deferred waits on", () => {
    const a = new Deferred<null>();
    const b = new Deferred<null>();
    b.chainDeferred(a);
    const id = /#(\d+)/.exec(String(b))![1];
    assert.match(
      String(a),
      new RegExp(`^<Deferred #\\d+ waiting on Deferred #${id}>$`),
    );
  });
});
