/**
 * Values that fight back: what callbacks, generators and promises throw,
 * return or yield may be a revoked Proxy (any look at it throws, even
 * `instanceof`), a Proxy that claims to be a `Failure`, a thenable whose
 * `then` getter or `then()` throws or calls back twice, or an error whose
 * name or message is not a string. Whatever it is, every Deferred settles,
 * nothing throws from the library where it should not, and the error is
 * described in text.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  defaultObserver,
  Deferred,
  ensureDeferred,
  fail,
  Failure,
  inlineCallbacks,
  log,
  type LogEvent,
  maybeDeferred,
} from "../../defer/mod.ts";
import { capturingLogSync } from "../_log.ts";

/** A Proxy that throws from every look, `instanceof` included. */
function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A function Proxy whose `getPrototypeOf` trap throws. */
function hostileFunction(): () => void {
  return new Proxy(() => {}, {
    getPrototypeOf() {
      throw new Error("getPrototypeOf trap");
    },
  });
}

/** An object whose `then` getter throws `error`. */
function thenGetterThrows(error: Error): object {
  return {
    get then() {
      throw error;
    },
  };
}

/** What `d` holds once fired (its failure's value, or its value). */
function outcome(d: Deferred<unknown>): { ok: boolean; value: unknown } {
  let seen: { ok: boolean; value: unknown } | undefined;
  d.addCallbacks(
    (value) => {
      seen = { ok: true, value };
    },
    (f: Failure) => {
      seen = { ok: false, value: f.value };
    },
  );
  assert.ok(seen, `${d} has not fired`);
  return seen;
}

/** Asserts that `d` fired as `ok` with `value` itself (`Object.is`). */
function assertOutcome(d: Deferred<unknown>, ok: boolean, value: unknown) {
  const seen = outcome(d);
  assert.equal(seen.ok, ok, ok ? "failed" : "succeeded");
  assert.ok(Object.is(seen.value, value), "fired with another value");
}

describe("a Deferred given hostile values", () => {
  it("fails with a revoked Proxy a callback threw, and runs the callbacks added later", () => {
    const proxy = revoked();
    const d = new Deferred<number>();
    d.addCallback(() => {
      throw proxy;
    });
    d.callback(1);
    assertOutcome(d, false, proxy);
    assertOutcome(d.addCallback(() => 2), true, 2);
  });

  it("passes on a function Proxy a callback returned as a plain result", () => {
    const fn = hostileFunction();
    const d = new Deferred<number>();
    d.addCallback(() => fn);
    d.callback(1);
    assertOutcome(d, true, fn);
  });

  it("fails with a revoked Proxy given to errback or fail", () => {
    const proxy = revoked();
    const d = new Deferred();
    d.errback(proxy);
    assertOutcome(d, false, proxy);
    assertOutcome(fail(proxy), false, proxy);
  });

  it("wraps a Proxy that claims to be a Failure instead of taking it for one", () => {
    const impostor = new Proxy({}, {
      getPrototypeOf: () => Failure.prototype,
    });
    assert.ok(impostor instanceof Failure, "the premise: instanceof is fooled");
    const d = new Deferred();
    d.errback(impostor);
    assertOutcome(d, false, impostor);
  });

  it("fires with a Proxy whose getPrototypeOf throws, that a promise a callback returned fulfilled with", async () => {
    const proxy = new Proxy({}, {
      getPrototypeOf() {
        throw new Error("getPrototypeOf trap");
      },
    });
    const d = new Deferred<number>();
    d.addCallback(() => Promise.resolve(proxy));
    d.callback(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assertOutcome(d, true, proxy);
  });
});

describe("a thenable that misbehaves", () => {
  it("fails fromPromise's Deferred when its then getter throws, as a promise rejects", () => {
    const error = new Error("then getter");
    const d = Deferred.fromPromise(
      thenGetterThrows(error) as PromiseLike<unknown>,
    );
    assertOutcome(d, false, error);
  });

  it("fails fromPromise's Deferred when then() throws before calling back", () => {
    const error = new Error("then()");
    const d = Deferred.fromPromise({
      then() {
        throw error;
      },
    });
    assertOutcome(d, false, error);
  });

  it("keeps the first outcome of a thenable that calls back twice, or throws after calling back", () => {
    const twice = Deferred.fromPromise<number>({
      then(onValue, onReason) {
        onValue?.(1);
        onValue?.(2);
        onReason?.(new Error("third"));
        throw new Error("fourth");
      },
    });
    assertOutcome(twice, true, 1);
  });

  it("pauses a chain on a returned thenable that calls back twice only once", () => {
    const d = new Deferred<number>();
    const seen: unknown[] = [];
    const thenable: PromiseLike<number> = {
      then(onValue) {
        onValue?.(10);
        onValue?.(20);
        return this as never;
      },
    };
    d.addCallback(() => thenable).addCallback((v) => {
      seen.push(v);
    });
    d.callback(0);
    assert.deepEqual(seen, [10]);
  });

  it("fails maybeDeferred's and ensureDeferred's Deferreds instead of throwing", () => {
    const error = new Error("then getter");
    const hostile = thenGetterThrows(error);
    assertOutcome(maybeDeferred(() => hostile), false, error);
    assertOutcome(ensureDeferred(hostile as never), false, error);
  });
});

describe("inlineCallbacks given hostile values", () => {
  it("fails with a revoked Proxy the generator threw after a yield", () => {
    const proxy = revoked();
    const waitFor = new Deferred<number>();
    const run = inlineCallbacks(function* () {
      yield waitFor;
      throw proxy;
    });
    const d = run();
    waitFor.callback(1);
    assertOutcome(d, false, proxy);
  });

  it("returns a failed Deferred when the generator throws a revoked Proxy before its first yield", () => {
    const proxy = revoked();
    const run = inlineCallbacks(function* () {
      yield* [];
      throw proxy;
    });
    assertOutcome(run(), false, proxy);
  });

  it("throws a yielded thenable's then-getter error into the generator", () => {
    const error = new Error("then getter");
    const run = inlineCallbacks(function* () {
      try {
        yield thenGetterThrows(error);
        return "not thrown";
      } catch (e) {
        return e === error ? "caught it" : `caught ${e}`;
      }
    });
    assertOutcome(run(), true, "caught it");
  });

  it("fails with the getter's error when the generator returns an object whose then getter throws", () => {
    const error = new Error("then getter");
    const run = inlineCallbacks(function* () {
      yield* [];
      return thenGetterThrows(error);
    });
    assertOutcome(run(), false, error);
  });
});

describe("Failure describing values that resist it", () => {
  class SymbolNamed extends Error {}
  Object.defineProperty(SymbolNamed, "name", { value: Symbol("odd") });
  class ThrowingName extends Error {}
  Object.defineProperty(ThrowingName, "name", {
    get() {
      throw new Error("name getter");
    },
  });
  const symbolMessage = new Error("x");
  (symbolMessage as { message: unknown }).message = Symbol("message");
  const objectMessage = new Error("x");
  (objectMessage as { message: unknown }).message = {
    toString() {
      throw new Error("message.toString");
    },
  };
  const cases: [string, unknown][] = [
    ["a class named by a Symbol", new SymbolNamed("a")],
    ["a class whose name getter throws", new ThrowingName("b")],
    ["an error whose message is a Symbol", symbolMessage],
    ["an error whose message cannot become text", objectMessage],
    ["a revoked Proxy", revoked()],
  ];
  for (const [what, value] of cases) {
    it(`gives text from toString, getErrorMessage and getTraceback for ${what}`, () => {
      const f = new Failure(value);
      assert.equal(typeof f.toString(), "string");
      assert.equal(typeof f.getErrorMessage(), "string");
      assert.equal(typeof f.getTraceback(), "string");
      assert.equal(
        typeof String(Deferred.prototype.toString.call(fail(f))),
        "string",
      );
    });
  }

  it("names a class without a usable name <anonymous class>, and keeps null for null", () => {
    assert.match(
      new Failure(new SymbolNamed("a")).toString(),
      /^\[Failure instance: <anonymous class>: a\]$/,
    );
    assert.equal(
      new Failure(undefined).toString(),
      "[Failure instance: null: undefined]",
    );
  });
});

describe("an unhandled failure holding a hostile value", () => {
  it("is copied at the end of the tick without throwing, and reported as text", async () => {
    class SymbolNamed extends Error {}
    Object.defineProperty(SymbolNamed, "name", { value: Symbol("odd") });
    const held = [fail(new SymbolNamed("odd one")), fail(revoked())];
    // the copy for the report is made in a microtask: a throw there would
    // be an uncaught error, failing this test
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { events } = capturingLogSync(() => {
      for (const d of held) d._debugInfo!.reportUnhandled();
    });
    assert.equal(events.length, 2);
    assert.match(events[0]!.failure!.getTraceback(), /odd one/);
    assert.equal(typeof events[1]!.failure!.getTraceback(), "string");
  });
});

describe("log given hostile values", () => {
  it("logs a revoked Proxy and a why that is not a string without throwing", () => {
    const proxy = revoked();
    const { events } = capturingLogSync(() => {
      log.err(proxy, Symbol("why") as unknown as string);
    });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.failure!.value, proxy);
    assert.equal(events[0]!.why, "Symbol(why)");
  });

  it("writes an error to stderr when the only observer fails on it", () => {
    const written: unknown[][] = [];
    const consoleError = console.error;
    const broken = (_: LogEvent) => {
      throw new Error("observer broke");
    };
    log.removeObserver(defaultObserver);
    log.addObserver(broken);
    console.error = (...parts: unknown[]) => written.push(parts);
    try {
      log.err(new Error("the lost error"), "while testing:");
    } finally {
      console.error = consoleError;
      log.removeObserver(broken);
      log.addObserver(defaultObserver);
    }
    const text = written.map((parts) => parts.join(" ")).join("\n");
    assert.match(text, /while testing:/);
    assert.match(text, /the lost error/);
    assert.match(text, /observer broke/);
  });
});
