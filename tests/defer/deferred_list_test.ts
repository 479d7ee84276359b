/**
 * `DeferredList`, `gatherResults`, `FirstError` and `race` —
 * Twisted's DeferredTests (the list part), DeferredListEmptyTests and
 * FirstErrorTests, plus newer Twisted's documented `race` semantics.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  DeferredList,
  type DeferredListFirstResult,
  fail,
  Failure,
  FailureGroup,
  FirstError,
  gatherResults,
  race,
  succeed,
} from "../../defer/mod.ts";
import { capturingLogSync, errorsIn } from "../_log.ts";
import { assertNoResult, failureOf, quiet, resultOf } from "./_results.ts";

class GenericError extends Error {
  override name = "GenericError";
}

/** Twisted's fakeCallbackCanceller: cancelling calls back instead. */
const callbackCanceller = (d: Deferred<string>) =>
  d.callback("Callback Result");

describe("DeferredList", () => {
  it("fires with [ok, value-or-failure] pairs in input order once every member fired", () => {
    const d1 = new Deferred<string>();
    const d2 = new Deferred<string>();
    const d3 = new Deferred<string>();
    const dl = new DeferredList([d1, d2, d3]);
    let result: unknown[] | undefined;
    dl.addCallbacks((r) => {
      result = r;
    }, () => assert.fail("the list itself must not fail"));
    d1.callback("1");
    d2.addErrback(() => undefined);
    d2.errback(new GenericError("2"));
    assertNoResult(dl);
    d3.callback("3");
    assert.equal(result!.length, 3);
    assert.deepEqual(result![0], [true, "1"]);
    const [ok, failure] = result![1] as [boolean, Failure];
    assert.equal(ok, false);
    assert.equal(failure.getErrorMessage(), "2");
    assert.deepEqual(result![2], [true, "3"]);
  });

  it("orders results by input position, not by firing order", () => {
    const ds = [0, 1, 2, 3].map(() => new Deferred<number>());
    const dl = new DeferredList(ds);
    for (const i of [2, 0, 3, 1]) ds[i]!.callback(i * 10);
    assert.deepEqual(resultOf(dl), [[true, 0], [true, 10], [true, 20], [
      true,
      30,
    ]]);
  });

  it("fires at once with an empty array for an empty input", () => {
    assert.deepEqual(resultOf(new DeferredList([])), []);
    assert.deepEqual(
      resultOf(new DeferredList([], { fireOnOneErrback: true })),
      [],
    );
  });

  it("never fires for an empty input with fireOnOneCallback, as in Twisted", () => {
    const dl = new DeferredList([], { fireOnOneCallback: true });
    assertNoResult(dl);
    assert.equal(dl.called, false);
  });

  it("fires with [value, index] on the first success with fireOnOneCallback", () => {
    const d1 = new Deferred<string>();
    const d2 = new Deferred<string>();
    const dl = new DeferredList<string[], DeferredListFirstResult<string>>(
      [d1, d2],
      { fireOnOneCallback: true },
    );
    d2.callback("second wins");
    assert.deepEqual(resultOf(dl), ["second wins", 1]);
    d1.callback("late");
    assert.deepEqual(dl.resultList[0], [true, "late"]);
  });

  it("fires with the full list as a success when every member fails under fireOnOneCallback", () => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const dl = new DeferredList([a, b], {
      fireOnOneCallback: true,
      consumeErrors: true,
    });
    a.errback(new RangeError("x"));
    b.errback(new TypeError("y"));
    const list = resultOf(dl) as [boolean, Failure][];
    assert.deepEqual(list.map(([ok]) => ok), [false, false]);
    assert.ok(list[0]![1].check(RangeError));
    assert.ok(list[1]![1].check(TypeError));
  });

  it("fails with a FirstError naming the member on the first failure with fireOnOneErrback", () => {
    const d1 = new Deferred<string>();
    const d2 = new Deferred<string>();
    const d3 = new Deferred<string>();
    const dl = new DeferredList([d1, d2, d3], { fireOnOneErrback: true });
    const failures: Failure[] = [];
    dl.addErrback((f) => {
      failures.push(f);
    });
    d2.addErrback(() => undefined);
    d1.callback("1");
    assert.equal(failures.length, 0);
    d2.errback(new GenericError("from def2"));
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.type, FirstError);
    const firstError = failures[0]!.value as FirstError;
    assert.equal(firstError.subFailure.type, GenericError);
    assert.equal(firstError.subFailure.getErrorMessage(), "from def2");
    assert.equal(firstError.index, 1);
  });

  it("leaves a member's failure in its own chain without consumeErrors", () => {
    const d1 = new Deferred<null>();
    const dl = new DeferredList([d1]);
    const errorTrap: Failure[] = [];
    d1.addErrback((f) => {
      errorTrap.push(f);
    });
    d1.errback(new GenericError("Bang"));
    assert.equal(errorTrap[0]!.getErrorMessage(), "Bang");
    const [ok, failure] = (resultOf(dl) as [boolean, Failure][])[0]!;
    assert.equal(ok, false);
    assert.equal(failure.getErrorMessage(), "Bang");
  });

  it("turns a member's failure into undefined in its own chain with consumeErrors", () => {
    const d1 = new Deferred<null>();
    const dl = new DeferredList([d1], { consumeErrors: true });
    const errorTrap: Failure[] = [];
    d1.addErrback((f) => {
      errorTrap.push(f);
    });
    d1.errback(new GenericError("Bang"));
    assert.equal(errorTrap.length, 0);
    assert.equal(resultOf(d1), undefined);
    const [, failure] = (resultOf(dl) as [boolean, Failure][])[0]!;
    assert.equal(failure.getErrorMessage(), "Bang");
  });

  it("leaves a member's value in its own chain", () => {
    const d1 = new Deferred<string>();
    const dl = new DeferredList([d1]);
    d1.callback("kept");
    assert.equal(resultOf(d1), "kept");
    assert.deepEqual(resultOf(dl), [[true, "kept"]]);
  });

  it("fails at once with fireOnOneErrback when a member had already failed", () => {
    const d1 = new Deferred<null>();
    const d2 = new Deferred<null>();
    d1.errback(new GenericError("Bang"));
    const dl = new DeferredList([d1, d2], { fireOnOneErrback: true });
    failureOf(dl, FirstError);
    quiet(d1);
  });

  it("fires at once when every member had already fired, reporting them in input order", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    d1.errback(new GenericError("Bang"));
    d2.callback(2);
    const order: number[] = [];
    const dl = new DeferredList([d1, d2]);
    dl.addCallback((list) => {
      order.push(list.length);
    });
    assert.deepEqual(order, [2]);
    assert.equal(dl.finishedCount, 2);
    quiet(d1);
  });

  it("accepts any iterable of Deferreds and copies it", () => {
    const members = [succeed(1), succeed(2)];
    function* gen() {
      yield* members;
    }
    assert.deepEqual(resultOf(new DeferredList(gen())), [[true, 1], [
      true,
      2,
    ]]);
  });

  it("records results that arrive after it fired", () => {
    const d1 = new Deferred<number>();
    const d2 = new Deferred<number>();
    const dl = new DeferredList([d1, d2], { fireOnOneErrback: true });
    d1.errback(new GenericError("first"));
    failureOf(dl, FirstError);
    d2.callback(7);
    assert.deepEqual(dl.resultList[1], [true, 7]);
    assert.equal(dl.finishedCount, 2);
    quiet(d1);
  });
});

describe("DeferredList.cancel", () => {
  it("cancels every member of an unfired list", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two]);
    dl.cancel();
    failureOf(one, CancelledError);
    failureOf(two, CancelledError);
    const list = resultOf(dl) as [boolean, Failure][];
    assert.deepEqual(list.map(([ok]) => ok), [false, false]);
  });

  it("fires with the list, including values of members whose cancellers call back", () => {
    const one = new Deferred<string>(callbackCanceller);
    const two = new Deferred<string>();
    const dl = new DeferredList([one, two]);
    dl.cancel();
    failureOf(two, CancelledError);
    const [first, second] = resultOf(dl) as [boolean, unknown][];
    assert.deepEqual(first, [true, "Callback Result"]);
    assert.equal(second![0], false);
    assert.ok((second![1] as Failure).check(CancelledError));
  });

  it("cancels every member with fireOnOneCallback", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two], { fireOnOneCallback: true });
    dl.cancel();
    failureOf(one, CancelledError);
    failureOf(two, CancelledError);
    resultOf(dl);
  });

  it("fires with [value, index] when a member's canceller calls back under fireOnOneCallback", () => {
    const one = new Deferred<string>(callbackCanceller);
    const two = new Deferred<string>();
    const dl = new DeferredList([one, two], { fireOnOneCallback: true });
    dl.cancel();
    failureOf(two, CancelledError);
    assert.deepEqual(resultOf(dl), ["Callback Result", 0]);
  });

  it("fails with a FirstError wrapping CancelledError under fireOnOneErrback", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two], { fireOnOneErrback: true });
    dl.cancel();
    failureOf(one, CancelledError);
    failureOf(two, CancelledError);
    const firstError = failureOf(dl, FirstError).value as FirstError;
    assert.ok(firstError.subFailure.check(CancelledError));
  });

  it("succeeds under fireOnOneErrback when every canceller calls back", () => {
    const one = new Deferred<string>(callbackCanceller);
    const two = new Deferred<string>(callbackCanceller);
    const dl = new DeferredList([one, two], { fireOnOneErrback: true });
    dl.cancel();
    assert.deepEqual(resultOf(dl), [[true, "Callback Result"], [
      true,
      "Callback Result",
    ]]);
  });

  it("cancels only the Deferreds given at construction", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const argumentList = [one, two];
    const dl = new DeferredList(argumentList);
    const three = new Deferred<null>();
    argumentList.push(three);
    dl.cancel();
    failureOf(one, CancelledError);
    failureOf(two, CancelledError);
    assertNoResult(three);
  });

  it("logs a member canceller's exception and still cancels the others", () => {
    const one = new Deferred<null>(() => {
      throw new RangeError("test");
    });
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two]);
    const { events } = capturingLogSync(() => dl.cancel());
    failureOf(two, CancelledError);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check(RangeError));
    assert.equal(
      errors[0]!.why,
      "Exception raised from user supplied canceller",
    );
    assertNoResult(dl);
  });

  it("does nothing once fired through fireOnOneCallback", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two], { fireOnOneCallback: true });
    one.callback(null);
    dl.cancel();
    assertNoResult(two);
  });

  it("does nothing once fired through fireOnOneErrback", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const dl = new DeferredList([one, two], { fireOnOneErrback: true });
    one.errback(new GenericError("test"));
    dl.cancel();
    assertNoResult(two);
    failureOf(one, GenericError);
    failureOf(dl, FirstError);
  });
});

describe("gatherResults", () => {
  it("fires with the plain values in input order", () => {
    assert.deepEqual(resultOf(gatherResults([succeed(1), succeed(2)])), [1, 2]);
  });

  it("fires with an empty array for an empty input", () => {
    assert.deepEqual(resultOf(gatherResults([])), []);
  });

  it("fails with a FirstError for the first failure in firing order", () => {
    const ds = [
      new Deferred<number>(),
      new Deferred<number>(),
      new Deferred<number>(),
    ];
    const gathered = gatherResults(ds);
    ds[0]!.callback(0);
    ds[2]!.errback(new RangeError("third failed first"));
    ds[1]!.errback(new TypeError("second failed later"));
    const firstError = failureOf(gathered, FirstError).value as FirstError;
    assert.equal(firstError.index, 2);
    assert.ok(firstError.subFailure.check(RangeError));
    quiet(ds[1]!);
    quiet(ds[2]!);
  });

  it("fails with a Failure and leaves the member's failure in place without consumeErrors", () => {
    const bad = fail(new RangeError("oh noes"));
    const gathered = gatherResults([succeed(1), bad]);
    assert.ok(failureOf(gathered) instanceof Failure);
    failureOf(bad, RangeError);
  });

  it("consumes a member's failure with consumeErrors", () => {
    const dgood = succeed(1);
    const dbad = fail(new RangeError("oh noes"));
    const d = gatherResults([dgood, dbad], true);
    const unconsumed: Failure[] = [];
    dbad.addErrback((f) => {
      unconsumed.push(f);
    });
    const firstError = failureOf(d, FirstError).value as FirstError;
    assert.equal(unconsumed.length, 0);
    assert.ok(firstError.subFailure.value instanceof RangeError);
  });

  it("cancels every member when cancelled and fails with a FirstError wrapping CancelledError", () => {
    const one = new Deferred<null>();
    const two = new Deferred<null>();
    const gathered = gatherResults([one, two]);
    gathered.cancel();
    failureOf(one, CancelledError);
    failureOf(two, CancelledError);
    const firstError = failureOf(gathered, FirstError).value as FirstError;
    assert.ok(firstError.subFailure.check(CancelledError));
  });

  it("fires with the values when cancelled and every canceller calls back", () => {
    const one = new Deferred<string>(callbackCanceller);
    const two = new Deferred<string>(callbackCanceller);
    const gathered = gatherResults([one, two]);
    gathered.cancel();
    assert.deepEqual(resultOf(gathered), [
      "Callback Result",
      "Callback Result",
    ]);
  });
});

describe("FirstError", () => {
  it("names the index and the sub-failure in its message", () => {
    const f = new Failure(new RangeError("some text"));
    const error = new FirstError(f, 3);
    assert.equal(
      error.message,
      "FirstError[#3, [Failure instance: RangeError: some text]]",
    );
    assert.equal(error.index, 3);
    assert.equal(error.subFailure, f);
    assert.equal(error.name, "FirstError");
  });
});

describe("race", () => {
  it("fires with [index, value] of the first success and cancels the others", () => {
    const ds = [
      new Deferred<string>(),
      new Deferred<string>(),
      new Deferred<string>(),
    ];
    const cancelled: number[] = [];
    ds.forEach((d, i) =>
      d.addErrback((f) => {
        if (f.check(CancelledError)) cancelled.push(i);
      })
    );
    const winner = race(ds);
    ds[1]!.callback("one");
    assert.deepEqual(resultOf(winner), [1, "one"]);
    assert.deepEqual(cancelled, [0, 2]);
  });

  it("fires at once when a member had already succeeded", () => {
    const slow = new Deferred<string>();
    const d = race([slow, succeed("ready")]);
    assert.deepEqual(resultOf(d), [1, "ready"]);
    assert.equal(slow.called, true);
  });

  it("ignores failures while another member may still succeed", () => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    a.errback(new RangeError("a failed"));
    assertNoResult(d);
    b.callback("b");
    assert.deepEqual(resultOf(d), [1, "b"]);
  });

  it("fails with a FailureGroup of every failure in input order when all fail", () => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    b.errback(new TypeError("b"));
    a.errback(new RangeError("a"));
    const group = failureOf(d, FailureGroup).value as FailureGroup;
    assert.equal(group.failures.length, 2);
    assert.ok(group.failures[0]!.check(RangeError));
    assert.ok(group.failures[1]!.check(TypeError));
    assert.match(group.message, /all 2 failed: a; b/);
  });

  it("consumes every member's outcome so losers are not reported as unhandled", () => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    b.callback("b");
    assert.deepEqual(resultOf(d), [1, "b"]);
    assert.equal(resultOf(a), undefined);
    assert.equal(resultOf(b), undefined);
    assert.equal(a._debugInfo?.failure, undefined);
  });

  it("cancels every member when cancelled, failing with their CancelledErrors", () => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    d.cancel();
    assert.equal(a.called && b.called, true);
    const group = failureOf(d, FailureGroup).value as FailureGroup;
    assert.ok(group.failures.every((f) => f.check(CancelledError)));
  });

  it("ignores a later success from a loser whose canceller calls back", () => {
    const a = new Deferred<string>(callbackCanceller);
    const b = new Deferred<string>();
    const d = race([a, b]);
    b.callback("b");
    assert.deepEqual(resultOf(d), [1, "b"]);
    assert.equal(a.called, true);
  });

  it("logs a loser canceller's exception and still fires with the winner", () => {
    const a = new Deferred<string>(() => {
      throw new RangeError("canceller broke");
    });
    const b = new Deferred<string>();
    const d = race([a, b]);
    const { events } = capturingLogSync(() => b.callback("b"));
    assert.deepEqual(resultOf(d), [1, "b"]);
    assert.equal(errorsIn(events).length, 1);
    assert.ok(errorsIn(events)[0]!.failure!.check(RangeError));
  });

  it("when cancelled, logs a member canceller's exception, cancels the others and fails with CancelledError", () => {
    const a = new Deferred<string>(() => {
      throw new RangeError("canceller broke");
    });
    const b = new Deferred<string>();
    const d = race([a, b]);
    const { events } = capturingLogSync(() => d.cancel());
    assert.equal(b.called, true, "the other member was not cancelled");
    failureOf(d, CancelledError);
    assert.equal(errorsIn(events).length, 1);
    assert.ok(errorsIn(events)[0]!.failure!.check(RangeError));
    assert.equal(
      errorsIn(events)[0]!.why,
      "Exception raised from user supplied canceller",
    );
  });
});
