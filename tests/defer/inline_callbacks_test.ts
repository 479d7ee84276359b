/**
 * `inlineCallbacks`: Twisted's `test_inlinecb.py` (StopIterationReturnTests,
 * InlineCallbacksTests, ForwardTraceBackTests, CancellationTests) and the
 * driver rules of its `_inlineCallbacks`, in behaviour.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  fail,
  Failure,
  inlineCallbacks,
  succeed,
  wait,
} from "../../defer/mod.ts";
import { failureOf } from "./_results.ts";

/** The failure a fired Deferred holds (and handles it). */
class UntranslatedError extends Error {}
class TranslatedError extends Error {}
class DontFail extends Error {
  constructor(readonly actualValue: number) {
    super("dont fail");
  }
}

describe("inlineCallbacks", () => {
  describe("return values", () => {
    it("fires its Deferred with the generator's return value once the yielded Deferred fires", () => {
      const f = inlineCallbacks(function* (d: Deferred<unknown>) {
        yield d;
        return 14;
      });
      const d1 = new Deferred();
      const d2 = f(d1);
      assert.equal(d2.called, false);
      d1.callback(undefined);
      assert.equal(d2.result, 14);
    });

    it("fires with undefined when the generator falls off its end", () => {
      const f = inlineCallbacks(function* () {
        yield 1;
      });
      const d = f();
      assert.equal(d.called, true);
      assert.equal(d.hasResult, true);
      assert.equal(d.result, undefined);
    });

    it("passes the call's arguments and this to the generator function", () => {
      class Counter {
        base = 10;
        add = inlineCallbacks(function* (this: Counter, a: number, b: number) {
          const x = yield* wait(succeed(a));
          return this.base + x + b;
        });
      }
      assert.equal(new Counter().add(1, 2).result, 13);
    });

    it("keeps the generator function's name on the wrapper", () => {
      const fetchPage = inlineCallbacks(function* fetchPage() {
        yield 0;
      });
      assert.equal(fetchPage.name, "fetchPage");
    });

    it("fails its Deferred with a TypeError when the generator returns a Deferred", () => {
      const f = inlineCallbacks(function* gives() {
        yield 0;
        return succeed(1);
      });
      const failure = failureOf(f());
      assert.ok(failure.value instanceof TypeError);
      assert.match(
        failure.getErrorMessage(),
        /function gives returned a Deferred instead of a value/,
      );
    });

    it("fails its Deferred with a TypeError when the generator returns a promise", () => {
      const f = inlineCallbacks(function* () {
        yield 0;
        return Promise.resolve(1);
      });
      const failure = failureOf(f());
      assert.ok(failure.value instanceof TypeError);
      assert.match(failure.getErrorMessage(), /returned a promise/);
    });
  });

  describe("synchronous resumption", () => {
    it("runs the body up to the first unfired yield before the call returns", () => {
      const steps: string[] = [];
      const pending = new Deferred<number>();
      const f = inlineCallbacks(function* () {
        steps.push("start");
        yield succeed(1);
        steps.push("after a fired Deferred");
        yield pending;
        steps.push("after the pending one");
      });
      const d = f();
      assert.deepEqual(steps, ["start", "after a fired Deferred"]);
      assert.equal(d.called, false);
      pending.callback(2);
      assert.deepEqual(steps, [
        "start",
        "after a fired Deferred",
        "after the pending one",
      ]);
      assert.equal(d.called, true);
    });

    it("resumes inside the callback call of the awaited Deferred", () => {
      const pending = new Deferred<string>();
      const seen: string[] = [];
      const f = inlineCallbacks(function* () {
        seen.push(yield* wait(pending));
        return "done";
      });
      const d = f();
      pending.callback("value");
      // no tick has passed: the generator ran during callback()
      assert.deepEqual(seen, ["value"]);
      assert.equal(d.result, "done");
    });

    it("survives 100,000 yields of fired Deferreds without growing the stack", () => {
      const f = inlineCallbacks(function* (n: number) {
        let total = 0;
        for (let i = 0; i < n; i++) total += yield* wait(succeed(1));
        return total;
      });
      assert.equal(f(100_000).result, 100_000);
    });

    it("survives 100,000 yields of plain values without growing the stack", () => {
      const f = inlineCallbacks(function* (n: number) {
        let total = 0;
        for (let i = 0; i < n; i++) total += (yield i) as number;
        return total;
      });
      assert.equal(f(100_000).result, (100_000 * 99_999) / 2);
    });

    it("survives 100,000 asynchronous resumptions in a row", () => {
      const ds: Deferred<number>[] = [];
      const f = inlineCallbacks(function* (n: number) {
        let total = 0;
        for (let i = 0; i < n; i++) {
          const d = new Deferred<number>();
          ds.push(d);
          total += yield* wait(d);
        }
        return total;
      });
      const result = f(100_000);
      for (let i = 0; i < ds.length; i++) ds[i]!.callback(1);
      assert.equal(result.result, 100_000);
    });
  });

  describe("yielded values", () => {
    it("sends a yielded plain value straight back", () => {
      const f = inlineCallbacks(function* () {
        return yield "echo";
      });
      assert.equal(f().result, "echo");
    });

    it("throws a yielded Failure object into the generator, as Twisted does", () => {
      const error = new RangeError("from a bare Failure");
      const f = inlineCallbacks(function* () {
        try {
          yield new Failure(error);
          return "sent back";
        } catch (e) {
          return e;
        }
      });
      assert.equal(f().result, error);
    });

    it("leaves undefined as the result of every yielded Deferred", () => {
      const fired = succeed("taken");
      const later = new Deferred<string>();
      const f = inlineCallbacks(function* () {
        yield fired;
        yield later;
      });
      f();
      later.callback("taken too");
      assert.equal(fired.result, undefined);
      assert.equal(later.result, undefined);
    });

    it("throws the original error of a failed yielded Deferred at the yield", () => {
      const error = new RangeError("boom");
      const f = inlineCallbacks(function* () {
        try {
          yield fail(error);
        } catch (e) {
          return e;
        }
      });
      assert.equal(f().result, error);
    });

    it("throws a later failure of a yielded Deferred at the yield", () => {
      const pending = new Deferred<number>();
      const error = new TypeError("late");
      const f = inlineCallbacks(function* () {
        try {
          yield pending;
          return "no error";
        } catch (e) {
          return e;
        }
      });
      const d = f();
      pending.errback(error);
      assert.equal(d.result, error);
    });

    it("treats the failure of a yielded Deferred as handled", () => {
      const failed = fail(new Error("caught by the generator"));
      const f = inlineCallbacks(function* () {
        try {
          yield failed;
        } catch {
          // handled
        }
      });
      f();
      assert.equal(failed.result, undefined);
    });

    it("waits for a yielded promise and resumes asynchronously", async () => {
      const f = inlineCallbacks(function* () {
        const v = yield* wait(Promise.resolve(5));
        return v * 2;
      });
      const d = f();
      assert.equal(d.called, false, "a promise never resumes synchronously");
      assert.equal(await d, 10);
    });

    it("throws a rejected promise's reason at the yield", async () => {
      const error = new SyntaxError("bad");
      const f = inlineCallbacks(function* () {
        try {
          yield Promise.reject(error);
        } catch (e) {
          return e;
        }
      });
      assert.equal(await f(), error);
    });

    it("waits for the Deferred of a nested inlineCallbacks function", () => {
      const gate = new Deferred<number>();
      const inner = inlineCallbacks(function* () {
        return (yield* wait(gate)) + 1;
      });
      const outer = inlineCallbacks(function* () {
        return (yield* wait(inner())) * 10;
      });
      const d = outer();
      gate.callback(4);
      assert.equal(d.result, 50);
    });
  });

  describe("errors", () => {
    it("fails its Deferred, rather than throwing, when the body throws before its first yield", () => {
      const error = new Error("early");
      const f = inlineCallbacks(function* () {
        throw error;
        // deno-lint-ignore no-unreachable
        yield 0;
      });
      let d: Deferred<never> | undefined;
      assert.doesNotThrow(() => {
        d = f();
      });
      assert.equal(failureOf(d!).value, error);
    });

    it("fails its Deferred with the very value the body throws", () => {
      const pending = new Deferred();
      const f = inlineCallbacks(function* () {
        yield pending;
        throw "a string, not an Error";
      });
      const d = f();
      pending.callback(undefined);
      assert.equal(failureOf(d).value, "a string, not an Error");
    });

    it("throws a TypeError at wrap time for something that is not a function", () => {
      assert.throws(
        () => inlineCallbacks(42 as never),
        {
          name: "TypeError",
          message: "inlineCallbacks: fn must be a function, got 42",
        },
      );
    });

    it("throws a TypeError at call time when the function returns no generator", () => {
      const f = inlineCallbacks(function notAGenerator() {
        return 3;
      } as never);
      assert.throws(() => f(), {
        name: "TypeError",
        message:
          "inlineCallbacks: function notAGenerator must produce a generator (be a function*), but calling it returned 3",
      });
    });

    it("points an async function to ensureDeferred in its TypeError", () => {
      const f = inlineCallbacks(async function asyncOne() {} as never);
      assert.throws(() => f(), {
        name: "TypeError",
        message: /returned a Promise; for an async function use ensureDeferred/,
      });
    });

    it("rejects an async generator function with a TypeError when called", () => {
      const f = inlineCallbacks(async function* () {} as never);
      assert.throws(() => f(), {
        name: "TypeError",
        message: /async generators cannot resume synchronously/,
      });
    });
  });

  describe("tracebacks", () => {
    it("forwards a failure through nested generators with both names in its traceback", () => {
      const erroring = inlineCallbacks(function* erroring() {
        yield "forcing generator";
        throw new Error("Error Marker");
      });
      const calling = inlineCallbacks(function* calling() {
        yield erroring();
      });
      const tb = failureOf(calling()).getTraceback();
      assert.match(tb, /erroring/);
      assert.match(tb, /calling/);
      assert.match(tb, /Error Marker/);
    });
  });

  describe("cancellation", () => {
    // Twisted's CancellationTests: G is the generator, D the Deferred it
    // returned, C the Deferred it waits on.
    const outstanding: Deferred<unknown>[] = [];
    function getDeferred(): Deferred<unknown> {
      const d = new Deferred();
      outstanding.push(d);
      return d;
    }
    const sampleInlineCB = inlineCallbacks(
      function* (getChild: () => Deferred<unknown> = getDeferred) {
        let x: number;
        try {
          x = (yield getChild()) as number;
        } catch (e) {
          if (e instanceof UntranslatedError) throw new TranslatedError();
          if (e instanceof DontFail) x = e.actualValue - 2;
          else throw e;
        }
        return x + 1;
      },
    );

    it("cancels the awaited Deferred when the returned one is cancelled", () => {
      let childSaw: unknown = "nothing";
      const d = sampleInlineCB(() => {
        const c = new Deferred();
        c.addErrback((f) => {
          childSaw = f.check(CancelledError);
          return f;
        });
        return c;
      });
      d.addErrback(() => undefined);
      d.cancel();
      assert.equal(childSaw, CancelledError);
    });

    it("fails the returned Deferred with the awaited one's CancelledError", () => {
      const d = sampleInlineCB();
      d.cancel();
      assert.ok(failureOf(d).value instanceof CancelledError);
      outstanding.length = 0;
    });

    it("lets the generator translate the cancellation error into another error", () => {
      const a = new Deferred((it) => it.errback(new UntranslatedError()));
      const d = sampleInlineCB(() => a);
      d.cancel();
      assert.ok(failureOf(d).value instanceof TranslatedError);
    });

    it("lets the generator translate the cancellation error into a value", () => {
      const a = new Deferred((it) => it.errback(new DontFail(4321)));
      const d = sampleInlineCB(() => a);
      const results: unknown[] = [];
      d.addCallback((r) => {
        results.push(r);
      });
      d.cancel();
      assert.deepEqual(results, [4320]);
    });

    it("keeps the returned Deferred waiting while the awaited one's errbacks wait", () => {
      const moreDeferred = new Deferred<number>();
      const d = sampleInlineCB(() => {
        const c = new Deferred();
        c.addErrback((f) => {
          f.trap(CancelledError);
          return moreDeferred;
        });
        return c;
      });
      d.cancel();
      assert.equal(d.called, true, "called at once, as in Twisted");
      assert.equal(d.hasResult, false, "but without a result yet");
      moreDeferred.callback(6543);
      assert.equal(d.result, 6544);
    });

    it("reaches the new awaited Deferred on a second cancel after the generator caught the first", () => {
      const c1 = new Deferred();
      const c2 = new Deferred();
      const log: string[] = [];
      const g = inlineCallbacks(function* () {
        try {
          yield c1;
        } catch (e) {
          if (e instanceof CancelledError) log.push("c1 cancelled");
        }
        try {
          yield c2;
        } catch (e) {
          if (e instanceof CancelledError) log.push("c2 cancelled");
        }
        return "done";
      });
      const d = g();
      d.cancel();
      assert.deepEqual(log, ["c1 cancelled"]);
      assert.equal(d.hasResult, false);
      d.cancel();
      assert.deepEqual(log, ["c1 cancelled", "c2 cancelled"]);
      assert.equal(d.result, "done");
    });

    it("throws CancelledError in at once when the generator waits on a promise", () => {
      const f = inlineCallbacks(function* () {
        try {
          yield new Promise<never>(() => {});
          return "resolved";
        } catch (e) {
          return e instanceof CancelledError ? "cancelled" : "other";
        }
      });
      const d = f();
      d.cancel();
      assert.equal(d.result, "cancelled");
    });

    it("waits for the generator's own outcome when cancelled while the generator runs", () => {
      const gate = new Deferred();
      const holder: { d?: Deferred<number> } = {};
      const f = inlineCallbacks(function* () {
        yield gate;
        holder.d!.cancel();
        return 3;
      });
      holder.d = f();
      gate.callback(undefined);
      assert.equal(holder.d.result, 3);
    });

    it("does nothing when the returned Deferred has already fired", () => {
      const f = inlineCallbacks(function* () {
        return yield 7;
      });
      const d = f();
      d.cancel();
      assert.equal(d.result, 7);
    });
  });
});
