/**
 * Deferreds and promises: `await d` (`then`), `asPromise`,
 * `Deferred.fromPromise`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalledError,
  CancelledError,
  Deferred,
  fail,
  succeed,
} from "../../defer/mod.ts";
import { assertNoResult, failureOf, resultOf } from "./_results.ts";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("awaiting a Deferred", () => {
  it("resolves with the result and leaves it in the chain", async () => {
    const d = succeed(5);
    assert.equal(await d, 5);
    assert.equal(resultOf(d), 5);
  });

  it("waits for an unfired Deferred to fire", async () => {
    const d = new Deferred<string>();
    const waiting = (async () => await d)();
    d.callback("later");
    assert.equal(await waiting, "later");
  });

  it("rejects every await of a failed Deferred with the same error, which stays its result", async () => {
    const error = new RangeError("awaited");
    const d = fail(error);
    const failure = d.result;
    await assert.rejects(async () => await d, (e) => e === error);
    await assert.rejects(async () => await d, (e) => e === error);
    assert.equal(d.result, failure);
    assert.equal(failureOf(d, RangeError), failure);
  });

  it("keeps the failure of a Deferred that failed while awaited, for later awaits and callbacks", async () => {
    const error = new TypeError("later");
    const d = new Deferred<number>();
    const waiting = (async () => await d)();
    d.errback(error);
    await assert.rejects(waiting, (e) => e === error);
    await assert.rejects(async () => await d, (e) => e === error);
    let seen: unknown;
    d.addErrback((f) => {
      seen = f.value;
    });
    assert.equal(seen, error);
  });

  it("hands the failure on to the callbacks added after the await, before it fired", async () => {
    const d = new Deferred<number>();
    const waiting = d.then(() => "resolved", (e) => e);
    const seen: unknown[] = [];
    d.addCallbacks((v) => seen.push(["value", v]), (f) => seen.push(f.value));
    const error = new RangeError("for both");
    d.errback(error);
    assert.equal(await waiting, error);
    assert.deepEqual(seen, [error]);
  });

  it("is always asynchronous, even for a fired Deferred", async () => {
    const order: string[] = [];
    const p = succeed("x").then((v) => {
      order.push(`then ${v}`);
    });
    order.push("after then()");
    await p;
    assert.deepEqual(order, ["after then()", "then x"]);
  });
});

describe("Deferred.asPromise", () => {
  it("resolves with the value and leaves it in the chain", async () => {
    const d = new Deferred<number>();
    const p = d.asPromise();
    d.callback(3);
    assert.equal(await p, 3);
    d.addCallback((n) => n + 1);
    assert.equal(resultOf(d), 4);
  });

  it("rejects with the failure's value and leaves the failure in the chain", async () => {
    const d = new Deferred<number>();
    const p = d.asPromise();
    d.errback(new TypeError("nope"));
    await assert.rejects(p, TypeError);
    await assert.rejects(d.asPromise(), TypeError);
    failureOf(d, TypeError);
    assert.equal(d.result, undefined, "failureOf consumed it");
  });
});

describe("Deferred.fromPromise", () => {
  it("fires with the promise's value", async () => {
    const d = Deferred.fromPromise(Promise.resolve("ok"));
    assertNoResult(d);
    await tick();
    assert.equal(resultOf(d), "ok");
  });

  it("fails with the promise's rejection reason", async () => {
    const d = Deferred.fromPromise(Promise.reject(new RangeError("bad")));
    await tick();
    failureOf(d, RangeError);
  });

  it("errbacks with CancelledError at once when cancelled and ignores the promise's outcome", async () => {
    let resolve!: (v: string) => void;
    const d = Deferred.fromPromise(new Promise<string>((r) => (resolve = r)));
    d.cancel();
    failureOf(d, CancelledError);
    resolve("too late");
    await tick();
    assert.equal(d.result, undefined);
    assert.throws(() => d.callback("again"), AlreadyCalledError);
  });

  it("works with any thenable", () => {
    const d = Deferred.fromPromise({
      then(onFulfilled: (v: number) => void) {
        onFulfilled(1);
      },
    } as PromiseLike<number>);
    assert.equal(resultOf(d), 1);
  });

  it("chains to a Deferred that a custom thenable hands over as its value", () => {
    const inner = new Deferred<number>();
    const d = Deferred.fromPromise({
      then(onFulfilled: (v: unknown) => void) {
        onFulfilled(inner);
      },
    } as PromiseLike<number>);
    assertNoResult(d);
    inner.callback(9);
    assert.equal(resultOf(d), 9);
  });
});
