/**
 * `succeed`, `fail` and `maybeDeferred` — Twisted's DeferredTests for
 * maybeDeferred (`test_maybeDeferred*`) and for `succeed`/`fail`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Deferred,
  fail,
  Failure,
  maybeDeferred,
  succeed,
} from "../../defer/mod.ts";
import { assertNoResult, failureOf, resultOf } from "./_results.ts";

describe("succeed and fail", () => {
  it("gives an already-fired Deferred from succeed", () => {
    const d = succeed("success");
    assert.equal(d.called, true);
    assert.equal(resultOf(d), "success");
  });

  it("gives an already-failed Deferred from fail, wrapping a value or using a Failure as is", () => {
    const error = new RangeError("fail");
    assert.equal(failureOf(fail(error)).value, error);
    const failure = new Failure(error);
    assert.equal(failureOf(fail(failure)), failure);
  });
});

describe("maybeDeferred", () => {
  it("wraps a synchronous result in a fired Deferred", () => {
    const result = { marker: true };
    assert.equal(resultOf(maybeDeferred(() => result)), result);
  });

  it("passes its extra arguments to the function", () => {
    assert.equal(resultOf(maybeDeferred((x: number) => x + 5, 10)), 15);
  });

  it("turns a synchronous throw into a failed Deferred", () => {
    let expected = "";
    try {
      JSON.parse("{oops");
    } catch (e) {
      expected = (e as Error).message;
    }
    const d = maybeDeferred(JSON.parse, "{oops");
    assert.equal(failureOf(d, SyntaxError).getErrorMessage(), expected);
  });

  it("turns a returned Failure into a failed Deferred holding that same Failure", () => {
    const expected = new Failure(new TypeError("returned"));
    assert.equal(failureOf(maybeDeferred(() => expected)), expected);
  });

  it("returns a Deferred returned by the function itself", () => {
    const d1 = new Deferred<string>();
    const d2 = maybeDeferred(() => d1);
    assert.equal(d2, d1);
    d1.callback("Success");
    assert.equal(resultOf(d2), "Success");
  });

  it("returns a returned Deferred that later fails as is", () => {
    const d1 = new Deferred<null>();
    const d2 = maybeDeferred(() => d1);
    d1.errback(new Failure(new RangeError()));
    failureOf(d2, RangeError);
  });

  it("turns a returned promise into a Deferred that fires when it settles", async () => {
    const d = maybeDeferred(() => Promise.resolve(7));
    assertNoResult(d);
    assert.equal(await d, 7);
  });

  it("turns a thrown non-Error value into a failure", () => {
    const d = maybeDeferred(() => {
      throw "a string";
    });
    assert.equal(failureOf(d).value, "a string");
  });
});
