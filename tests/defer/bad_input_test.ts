/**
 * Bad input gets a clear `TypeError`/`RangeError` at the call site, naming
 * the argument and the offending value — and changes nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Deferred,
  DeferredList,
  fail,
  Failure,
  gatherResults,
  getDebugging,
  log,
  maybeDeferred,
  race,
  setDebugging,
  succeed,
} from "../../defer/mod.ts";
import { assertNoResult, resultOf } from "./_results.ts";

// Calls the API the way untyped JavaScript could.
// deno-lint-ignore no-explicit-any -- deliberately ill-typed calls
const loose = (x: unknown): any => x;

describe("bad input to Deferred", () => {
  it("rejects a non-function callback in every add method", () => {
    const d = new Deferred();
    assert.throws(() => d.addCallback(loose(5)), {
      name: "TypeError",
      message: "addCallback: callback must be a function, got 5",
    });
    assert.throws(() => d.addErrback(loose("x")), {
      name: "TypeError",
      message: 'addErrback: errback must be a function, got "x"',
    });
    assert.throws(() => d.addBoth(loose(null)), {
      name: "TypeError",
      message: "addBoth: callback must be a function, got null",
    });
    assert.throws(() => d.addCallbacks(loose({})), {
      name: "TypeError",
      message: "addCallbacks: callback must be a function, got an object",
    });
    assert.throws(() => d.addCallbacks(() => {}, loose(1)), {
      name: "TypeError",
      message: "addCallbacks: errback must be a function, got 1",
    });
    d.callback("fine"); // no half-added pair got in the way
    assert.equal(resultOf(d), "fine");
  });

  it("rejects options that are not an object, and extra-argument options that are not arrays", () => {
    const d = new Deferred();
    for (
      const [options, shown] of [[[2, 3], "an array of length 2"], [
        "oops",
        '"oops"',
      ], [
        null,
        "null",
      ], [7, "7"]] as const
    ) {
      assert.throws(() => d.addCallbacks(() => {}, null, loose(options)), {
        name: "TypeError",
        message:
          `addCallbacks: options must be an object such as { callbackArgs: [...] }, got ${shown}`,
      });
    }
    assert.throws(
      () => d.addCallbacks(() => {}, null, loose({ callbackArgs: "ab" })),
      {
        name: "TypeError",
        message: 'addCallbacks: callbackArgs must be an array, got "ab"',
      },
    );
    assert.throws(
      () => d.addCallbacks(() => {}, null, loose({ errbackArgs: 3 })),
      {
        name: "TypeError",
        message: "addCallbacks: errbackArgs must be an array, got 3",
      },
    );
    d.callback("fine"); // no half-added pair got in the way
    assert.equal(resultOf(d), "fine");
  });

  it('takes debug settings as booleans only: "false" would turn debugging on', () => {
    assert.throws(
      () => setDebugging("false" as never),
      /^TypeError: setDebugging: on must be true or false, got "false"$/,
    );
    assert.equal(getDebugging(), false);
    const d = new Deferred();
    assert.throws(
      () => {
        d.debug = "no" as never;
      },
      /^TypeError: Deferred.debug must be true or false, got "no"$/,
    );
    assert.equal(d.debug, false);
  });

  it("rejects a canceller that is not a function", () => {
    assert.throws(() => new Deferred(loose("cancel")), {
      name: "TypeError",
      message: 'Deferred: canceller must be a function, got "cancel"',
    });
  });

  it("rejects firing with a Deferred and stays unfired", () => {
    const d = new Deferred();
    assert.throws(() => d.callback(loose(new Deferred())), {
      name: "TypeError",
      message: /callback: result must not be a Deferred/,
    });
    assert.equal(d.called, false);
    assertNoResult(d);
  });

  it("rejects a string or a Deferred as a failure and stays unfired", () => {
    const d = new Deferred();
    assert.throws(() => d.errback("boom"), {
      name: "TypeError",
      message:
        'errback: strings are not supported as failures; pass an Error, got "boom"',
    });
    assert.throws(() => d.errback(new Deferred()), {
      name: "TypeError",
      message: /errback: reason must not be a Deferred/,
    });
    assert.equal(d.called, false);
  });

  it("rejects chaining to something that is not a Deferred", () => {
    assert.throws(
      () => new Deferred().chainDeferred(loose({ callback() {} })),
      {
        name: "TypeError",
        message: "chainDeferred: d must be a Deferred, got an object",
      },
    );
  });

  it("rejects making a Deferred from something that is not a thenable", () => {
    assert.throws(() => Deferred.fromPromise(loose(42)), {
      name: "TypeError",
      message: "Deferred.fromPromise: promise must be a thenable, got 42",
    });
    assert.throws(() => Deferred.fromPromise(loose(undefined)), TypeError);
  });
});

describe("bad input to the helpers", () => {
  it("rejects a string failure in fail", () => {
    assert.throws(() => fail("boom"), {
      name: "TypeError",
      message: /^fail: strings are not supported as failures/,
    });
  });

  it("rejects a non-function in maybeDeferred", () => {
    assert.throws(() => maybeDeferred(loose("f")), {
      name: "TypeError",
      message: 'maybeDeferred: fn must be a function, got "f"',
    });
  });

  it("rejects a non-iterable or a non-Deferred member in DeferredList", () => {
    assert.throws(() => new DeferredList(loose(5)), {
      name: "TypeError",
      message:
        "DeferredList: deferredList must be an iterable of Deferreds, got 5",
    });
    assert.throws(() => new DeferredList(loose("ab")), TypeError);
    assert.throws(() => new DeferredList(loose([succeed(1), 2])), {
      name: "TypeError",
      message: "DeferredList: deferredList[1] must be a Deferred, got 2",
    });
    assert.throws(() => new DeferredList([], loose("yes")), {
      name: "TypeError",
      message: 'DeferredList: options must be an object, got "yes"',
    });
  });

  it("does not touch the members when a DeferredList rejects its input", () => {
    // a list with consumeErrors turns a member's failure into undefined: a
    // member the rejected list never watched keeps its failure
    const untouched = new Deferred<number>();
    assert.throws(
      () =>
        new DeferredList(loose([untouched, "bad"]), { consumeErrors: true }),
      TypeError,
    );
    untouched.errback(new Error("kept"));
    assert.ok(untouched.result instanceof Failure);
    untouched.addErrback(() => {}); // handled
    // the check works: a list that accepts its input does consume it
    const watched = new Deferred<number>();
    new DeferredList([watched], { consumeErrors: true });
    watched.errback(new Error("consumed"));
    assert.equal(watched.result, undefined);
  });

  it("rejects bad input to gatherResults and race", () => {
    assert.throws(() => gatherResults(loose(null)), {
      name: "TypeError",
      message:
        "DeferredList: deferredList must be an iterable of Deferreds, got null",
    });
    assert.throws(() => race(loose({})), {
      name: "TypeError",
      message:
        "race: deferredList must be an iterable of Deferreds, got an object",
    });
    assert.throws(() => race([]), {
      name: "RangeError",
      message: /race: deferredList must hold at least one Deferred, got none/,
    });
  });

  it("rejects a non-function log observer", () => {
    assert.throws(() => log.addObserver(loose("print")), {
      name: "TypeError",
      message: 'log.addObserver: observer must be a function, got "print"',
    });
  });
});
