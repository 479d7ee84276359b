/**
 * The static types of a Deferred's chain: what `addCallback`, `addErrback`,
 * `addBoth` and `addCallbacks` give, as Twisted code uses them — a callback
 * that returns a value on one path and a Deferred on another, an errback
 * that recovers or passes the failure on, `addBoth` for clean-up — and
 * `succeed`.
 *
 * `deno check` (run by the test task before the tests) is what tests the
 * types: each `// @ts-expect-error` line is a wrong use that must not
 * type-check, and each `expectType` a type that must be inferred. The
 * runtime assertions check that the values are what the types say.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import type { Failure } from "../../defer/failure.ts";
import { fail, succeed } from "../../defer/succeed.ts";
import { type Equal, expectType } from "../_types.ts";

describe("chain types", () => {
  it("a callback returning a value on one path and a Deferred on another gives their values' union", async () => {
    const cache = new Map<string, number>([["a", 1]]);
    const lookup = (key: string) =>
      succeed(key).addCallback((k) => cache.get(k) ?? succeed(`no ${k}`));
    expectType<Equal<ReturnType<typeof lookup>, Deferred<number | string>>>();
    assert.deepEqual([await lookup("a"), await lookup("b")], [1, "no b"]);
  });

  it("a callback returning a promise gives the promise's value", async () => {
    const d = succeed(1).addCallback((n) => Promise.resolve(`${n + 1}`));
    expectType<Equal<typeof d, Deferred<string>>>();
    assert.equal(await d, "2");
  });

  it("an errback that recovers on one path and passes the failure on adds only the recovered value", async () => {
    const d = fail<number>(new RangeError("out")).addErrback((f: Failure) => {
      if (f.check(RangeError)) return 0;
      return f;
    });
    expectType<Equal<typeof d, Deferred<number>>>();
    assert.equal(await d, 0);
    const rethrows = succeed(2).addErrback((f: Failure) => {
      throw f.value;
    });
    expectType<Equal<typeof rethrows, Deferred<number>>>();
  });

  it("addBoth returning what it was given keeps the value type", async () => {
    const seen: string[] = [];
    const d = succeed(3).addBoth((r) => {
      seen.push("cleaned up");
      return r;
    });
    expectType<Equal<typeof d, Deferred<number>>>();
    assert.equal(await d, 3);
    assert.deepEqual(seen, ["cleaned up"]);
  });

  it("addCallbacks gives the union of both sides' values", async () => {
    const d = succeed(4).addCallbacks(
      (n) => succeed(`${n}`),
      (f: Failure) => f.check(RangeError) ? null : f,
    );
    expectType<Equal<typeof d, Deferred<string | null>>>();
    assert.equal(await d, "4");
  });

  it("still checks a callback's extra arguments", () => {
    const d = new Deferred<number>();
    const typed = d.addCallback((n, unit: string) => `${n}${unit}`, "px");
    expectType<Equal<typeof typed, Deferred<string>>>();
    const wrongUse = () =>
      // @ts-expect-error the extra argument must be a string
      new Deferred<number>().addCallback((n, u: string) => `${n}${u}`, 42);
    void wrongUse; // never called: the check is deno check's
    d.callback(1);
    assert.equal(typed.result, "1px");
  });

  it("succeed() is Twisted's succeed(None), and a Deferred is refused", async () => {
    const none = succeed();
    expectType<Equal<typeof none, Deferred<undefined>>>();
    assert.equal(await none, undefined);
    const five = succeed(5);
    expectType<Equal<typeof five, Deferred<number>>>();
    // @ts-expect-error a Deferred of a Deferred: return the Deferred itself
    assert.throws(() => succeed(new Deferred<number>()), TypeError);
  });
});
