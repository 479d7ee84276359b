/**
 * The static types of `gatherResults`, `DeferredList` and `race`, as
 * `Promise.all` types its result: a tuple of Deferreds of mixed types gives
 * a tuple, an array of one type an array, any other iterable an array.
 *
 * `deno check` (run by the test task before the tests) is what tests this
 * file: each `// @ts-expect-error` line is a wrong use that must not
 * type-check (the check fails if it does), and each annotated `const` a
 * type that must be inferred. The runtime assertions check that the
 * values are what the types say.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import {
  DeferredList,
  type DeferredListEntry,
  type DeferredListFirstResult,
  type DeferredListResult,
  gatherResults,
  race,
} from "../../defer/deferred_list.ts";
import type { Failure } from "../../defer/failure.ts";
import { succeed } from "../../defer/succeed.ts";
import { type Equal, expectType } from "../_types.ts";

describe("combinator types", () => {
  it("gatherResults infers a tuple for Deferreds of mixed types", async () => {
    const d = gatherResults([succeed(1), succeed("a"), succeed(true)]);
    expectType<Equal<typeof d, Deferred<[number, string, boolean]>>>();
    const [n, s, b] = await d;
    assert.deepEqual([n.toFixed(0), s.toUpperCase(), b], ["1", "A", true]);
  });

  it("gatherResults keeps an array of one type an array", async () => {
    const ds: Deferred<number>[] = [succeed(1), succeed(2)];
    const d = gatherResults(ds);
    expectType<Equal<typeof d, Deferred<number[]>>>();
    const set = gatherResults(new Set([succeed("x")]));
    expectType<Equal<typeof set, Deferred<string[]>>>();
    assert.deepEqual([await d, await set], [[1, 2], ["x"]]);
    const empty = gatherResults([]);
    expectType<Equal<typeof empty, Deferred<[]>>>();
    assert.deepEqual(await empty, []);
  });

  it("DeferredList types each entry of a tuple, and keeps arrays arrays", async () => {
    const mixed = new DeferredList([succeed(1), succeed("a")]);
    expectType<
      Equal<
        Awaited<typeof mixed>,
        [DeferredListEntry<number>, DeferredListEntry<string>]
      >
    >();
    const [first, second] = await mixed;
    if (first[0] && second[0]) {
      assert.equal(first[1].toFixed(1) + second[1].toUpperCase(), "1.0A");
    } else assert.fail("both succeeded");

    const ds: Deferred<number>[] = [succeed(1)];
    const same = new DeferredList(ds, { consumeErrors: true });
    expectType<Equal<Awaited<typeof same>, DeferredListEntry<number>[]>>();
    const asBefore: DeferredListResult<number> = await same;
    assert.deepEqual(asBefore, [[true, 1]]);

    const a = new Deferred<string>();
    const firstOne = new DeferredList<
      string[],
      DeferredListFirstResult<string>
    >(
      [a, new Deferred<string>()],
      { fireOnOneCallback: true },
    );
    a.callback("won");
    assert.deepEqual(await firstOne, ["won", 0]);
  });

  it("race tells the winner's type by its index for a tuple", async () => {
    const d = race([new Deferred<number>(), succeed("fast")]);
    expectType<Equal<typeof d, Deferred<[0, number] | [1, string]>>>();
    const winner = await d;
    if (winner[0] === 1) assert.equal(winner[1].toUpperCase(), "FAST");
    else assert.fail(`the string won, not ${winner[1].toFixed()}`);
    const ds: Deferred<number>[] = [succeed(4)];
    const same = race(ds);
    expectType<Equal<typeof same, Deferred<[number, number]>>>();
    assert.deepEqual(await same, [0, 4]);
  });

  it("rejects wrong uses at compile time", () => {
    // never called: the lines only have to (not) type-check
    const wrongUses = () => {
      // @ts-expect-error the values are [number, string], not [string, string]
      const _a: Deferred<[string, string]> = gatherResults([
        succeed(1),
        succeed("a"),
      ]);
      // @ts-expect-error a number is not a Deferred
      gatherResults([succeed(1), 2]);
      // @ts-expect-error a promise is not a Deferred either
      new DeferredList([Promise.resolve(1)]);
      const [n] = race([succeed(1), succeed("a")]).addCallback(([i, v]) => {
        // @ts-expect-error v is number | string until the index is known
        v.toFixed();
        return i;
      }) as unknown as [number];
      return [n, _a];
    };
    assert.equal(typeof wrongUses, "function");
  });

  it("documents the chain's retyping: a callback added on the original variable leaves its type behind", async () => {
    const d = new Deferred<number>();
    d.addCallback((n) => `n=${n}`);
    d.callback(1);
    const x: number = await d; // type-checks: d is still a Deferred<number>
    assert.equal(typeof x, "string", "but the chain made it a string");
    const chained = new Deferred<number>();
    const text = chained.addCallback((n) => `n=${n}`);
    expectType<Equal<typeof text, Deferred<string>>>();
    chained.callback(1);
    assert.equal(await text, "n=1");
  });
});

// a Failure-typed errback still fits every combinator's chain
gatherResults([succeed(1)]).addErrback((f: Failure) => f);
