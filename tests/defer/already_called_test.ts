/**
 * Firing twice — Twisted's
 * AlreadyCalledTests: `AlreadyCalledError`, with the creator and first
 * invoker stacks in debug mode.
 */
import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyCalledError,
  Deferred,
  Failure,
  getDebugging,
  setDebugging,
} from "../../defer/mod.ts";
import { failureOf, resultOf } from "./_results.ts";

// Named functions, so that they appear by name in the recorded stacks.
function createDeferred(): Deferred<string> {
  const d = new Deferred<string>();
  d.addCallbacks(() => {}, () => {});
  return d;
}
function call1(d: Deferred<string>) {
  d.callback("hello");
}
function call2(d: Deferred<string>) {
  d.callback("twice");
}
function err1(d: Deferred<string>) {
  d.errback(new Failure(new RangeError()));
}
function err2(d: Deferred<string>) {
  d.errback(new Failure(new RangeError()));
}

const FIRST = { call1, err1 } as const;
const SECOND = { call2, err2 } as const;

/** How many lines of `kind` (" C:" or " I:") mention a frame of `fn`. */
function count(lines: string[], kind: "C" | "I", fn: string): number {
  const frame = new RegExp(`\\bat (\\S+\\.)?${fn} \\(|\\bat ${fn} `);
  return lines.filter((l) => l.startsWith(` ${kind}:`) && frame.test(l))
    .length;
}

describe("AlreadyCalledError", () => {
  let wasDebugging = false;
  beforeEach(() => {
    wasDebugging = getDebugging();
  });
  afterEach(() => {
    setDebugging(wasDebugging);
  });

  for (const [firstName, first] of Object.entries(FIRST)) {
    for (const [secondName, second] of Object.entries(SECOND)) {
      it(`is raised by ${secondName} after ${firstName}`, () => {
        setDebugging(false);
        const d = createDeferred();
        first(d);
        assert.throws(() => second(d), AlreadyCalledError);
      });

      it(`lists the creator and only the first invoker (${firstName}) when ${secondName} fires again in debug mode`, () => {
        setDebugging(true);
        const d = createDeferred();
        first(d);
        let error: unknown;
        try {
          second(d);
        } catch (e) {
          error = e;
        }
        assert.ok(error instanceof AlreadyCalledError);
        const lines = error.message.split("\n");
        assert.ok(lines.includes(" C: Deferred was created:"), error.message);
        assert.ok(lines.includes(" I: First Invoker was:"), error.message);
        assert.equal(count(lines, "C", "createDeferred"), 1, error.message);
        for (const fn of ["call1", "call2", "err1", "err2"]) {
          assert.equal(count(lines, "C", fn), 0, `${fn} in ${error.message}`);
        }
        assert.equal(count(lines, "I", firstName), 1, error.message);
        assert.equal(count(lines, "I", secondName), 0, error.message);
      });
    }
  }

  it("carries no debug stacks when debugging is off", () => {
    setDebugging(false);
    const d = createDeferred();
    call1(d);
    let error: unknown;
    try {
      call2(d);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof AlreadyCalledError);
    assert.doesNotMatch(error.message, / C:| I:/);
    assert.match(error.message, /already been called/);
  });

  it("copes with debugging being switched on and off between creating and firing", () => {
    setDebugging(false);
    const d1 = new Deferred<null>();
    d1.addBoth(() => "one");
    setDebugging(true);
    d1.callback(null);
    assert.equal(resultOf(d1), "one");

    setDebugging(false);
    const d2 = new Deferred<null>();
    d2.callback(null);
    setDebugging(true);
    d2.addBoth(() => "two");
    assert.equal(resultOf(d2), "two");
    const error = (() => {
      try {
        d2.callback(null);
      } catch (e) {
        return e as Error;
      }
    })();
    assert.ok(error instanceof AlreadyCalledError);
    assert.doesNotMatch(error.message, / C: Deferred was created/);
  });

  it("records only the invoker for a Deferred whose own debug flag is set after creation", () => {
    setDebugging(false);
    const d = new Deferred<string>();
    d.debug = true;
    call1(d);
    assert.equal(getDebugging(), false);
    const error = (() => {
      try {
        call2(d);
      } catch (e) {
        return e as Error;
      }
    })();
    assert.ok(error instanceof AlreadyCalledError);
    const lines = error.message.split("\n");
    assert.equal(lines.includes(" C: Deferred was created:"), false);
    assert.equal(count(lines, "I", "call1"), 1, error.message);
  });

  it("is raised before any callback runs, leaving the first result in place", () => {
    const d = new Deferred<string>();
    d.callback("first");
    assert.throws(
      () => d.errback(new RangeError("second")),
      AlreadyCalledError,
    );
    assert.equal(resultOf(d), "first");
  });

  it("is raised when a callback fires its own Deferred again, and becomes that callback's failure", () => {
    const d = new Deferred<string>();
    d.addCallback(() => d.callback("again"));
    d.callback("first");
    failureOf(d, AlreadyCalledError);
  });
});
