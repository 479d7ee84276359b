/**
 * `Failure`: any thrown value, `check`/`trap`, messages and tracebacks —
 * the behaviour of Twisted's `twisted.python.failure.Failure` (its
 * FailureTests), as far as a JavaScript value allows.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, Deferred, Failure } from "../../defer/mod.ts";
import { failureOf } from "./_results.ts";

class AppError extends Error {
  override name = "AppError";
}
class DiskError extends AppError {
  override name = "DiskError";
}

function makeFailureOfString(): Failure {
  return new Failure("plain string");
}

describe("Failure", () => {
  it("keeps a thrown Error as its value, its class as type and its stack", () => {
    const error = new DiskError("disk full");
    const f = new Failure(error);
    assert.equal(f.value, error);
    assert.equal(f.type, DiskError);
    assert.equal(f.stack, error.stack);
    assert.equal(f.getErrorMessage(), "disk full");
  });

  it("wraps values that are not Errors, with the wrapper class as type", () => {
    const sym = Symbol("s");
    const cases: [unknown, unknown, string][] = [
      ["text", String, "text"],
      [42, Number, "42"],
      [true, Boolean, "true"],
      [sym, Symbol, "Symbol(s)"],
      [undefined, null, "undefined"],
      [null, null, "null"],
    ];
    for (const [value, type, message] of cases) {
      const f = new Failure(value);
      assert.equal(f.value, value);
      assert.equal(f.type, type);
      assert.equal(f.getErrorMessage(), message);
    }
  });

  it("gives a value without a stack the stack where the Failure was made", () => {
    const f = makeFailureOfString();
    assert.match(f.getTraceback(), /^String: plain string\n/);
    assert.match(f.getTraceback(), /makeFailureOfString/);
    assert.ok(f.getTraceback().endsWith("\n"));
  });

  it("uses an error-like object's own message and stack", () => {
    const remote = {
      name: "RemoteError",
      message: "worker said no",
      stack: "RemoteError: worker said no\n    at remote",
    };
    const f = new Failure(remote);
    assert.equal(f.getErrorMessage(), "worker said no");
    assert.equal(f.stack, remote.stack);
    assert.equal(f.check("RemoteError"), "RemoteError");
  });

  it("shows a thrown plain object's content as its message, not [object Object]", () => {
    assert.equal(
      new Failure({ code: 7, reason: "busy" }).getErrorMessage(),
      '{"code":7,"reason":"busy"}',
    );
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(new Failure(cyclic).getErrorMessage(), "[object Object]");
    const long = new Failure({ text: "x".repeat(500) }).getErrorMessage();
    assert.equal(long.length, 200);
    assert.ok(long.endsWith("…"));
  });

  it("copies another Failure rather than nesting it", () => {
    const inner = new Failure(new AppError("once"));
    const copy = new Failure(inner);
    assert.notEqual(copy, inner);
    assert.equal(copy.value, inner.value);
    assert.equal(copy.type, AppError);
    assert.equal(copy.stack, inner.stack);
  });

  it("checks against classes and returns the first that matches, base classes included", () => {
    const f = new Failure(new DiskError("x"));
    assert.equal(f.check(TypeError), undefined);
    assert.equal(f.check(TypeError, AppError, DiskError), AppError);
    assert.equal(f.check(Error), Error);
    assert.equal(new Failure("s").check(Number, String), String);
  });

  it("checks against class names anywhere in the value's prototype chain", () => {
    const f = new Failure(new DiskError("x"));
    assert.equal(f.check("DiskError"), "DiskError");
    assert.equal(f.check("Error"), "Error");
    assert.equal(f.check("TypeError"), undefined);
  });

  it("does not match a class whose instanceof check throws", () => {
    const Weird = class {
      static [Symbol.hasInstance](): boolean {
        throw new Error("no");
      }
    };
    assert.equal(new Failure({}).check(Weird), undefined);
  });

  it("returns the matching class from trap", () => {
    const f = new Failure(new CancelledError());
    assert.equal(f.trap(RangeError, CancelledError), CancelledError);
  });

  it("re-throws the original value, not the Failure, from trap when nothing matches", () => {
    const error = new AppError("not handled here");
    const f = new Failure(error);
    assert.throws(() => f.trap(RangeError), (e) => e === error);
  });

  it("passes an unmatched trap's failure on down the errback chain with the same value", () => {
    const error = new AppError("keep going");
    const d = new Deferred();
    d.addErrback((f) => f.trap(RangeError));
    d.errback(error);
    assert.equal(failureOf(d, AppError).value, error);
  });

  it("throws the original value from raiseException", () => {
    const value = { odd: "thing" };
    assert.throws(
      () => new Failure(value).raiseException(),
      (e) => e === value,
    );
  });

  it("prints as a Failure instance with the type and the message", () => {
    assert.equal(
      String(new Failure(new RangeError("too big"))),
      "[Failure instance: RangeError: too big]",
    );
    assert.equal(
      String(new Failure(undefined)),
      "[Failure instance: null: undefined]",
    );
  });

  it("describes a value whose conversion to a string throws as unprintable", () => {
    const hostile = {
      toString(): string {
        throw new Error("nope");
      },
    };
    assert.equal(new Failure(hostile).getErrorMessage(), "<unprintable value>");
  });

  it("wraps a revoked proxy without throwing", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const f = new Failure(proxy);
    assert.equal(f.type, null);
    assert.equal(f.check("Error"), undefined);
    assert.equal(typeof f.getTraceback(), "string");
  });

  it("keeps the stack of an error thrown in a callback", () => {
    let thrown: Error | undefined;
    const d = new Deferred<null>();
    d.addCallback(function failingStep() {
      thrown = new AppError("in a callback");
      throw thrown;
    });
    d.callback(null);
    const f = failureOf(d, AppError);
    assert.equal(f.value, thrown);
    assert.match(f.getTraceback(), /failingStep/);
  });
});
