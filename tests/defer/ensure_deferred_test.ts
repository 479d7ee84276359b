/**
 * `ensureDeferred` and `await` on Deferreds: Twisted's EnsureDeferredTests
 * (`test_defer.py`) and AwaitTests (`test_defer_await.py`), in behaviour.
 * Native `await` goes through `Deferred.then` and is asynchronous, so these
 * tests let the microtask queue drain where Twisted's ran synchronously.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  ensureDeferred,
  fail,
  Failure,
  maybeDeferred,
  NotACoroutineError,
  succeed,
  wait,
} from "../../defer/mod.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import { failureOf } from "./_results.ts";

/** Lets every pending promise reaction run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

class SampleError extends Error {}

describe("ensureDeferred", () => {
  it("passes a Deferred through unchanged", () => {
    const d1 = new Deferred();
    assert.equal(ensureDeferred(d1), d1);
  });

  it("throws NotACoroutineError, a TypeError, for something that is neither", () => {
    assert.throws(() => ensureDeferred("something" as never), (e) => {
      assert.ok(e instanceof NotACoroutineError);
      assert.ok(e instanceof TypeError);
      assert.equal(
        e.message,
        'ensureDeferred: expected a Deferred, a promise or a generator object, got "something"',
      );
      return true;
    });
  });

  it("tells a caller who passed a function to call it first", () => {
    assert.throws(
      () => ensureDeferred(function* gen() {} as never),
      {
        name: "NotACoroutineError",
        message: /got function gen \(call the function and pass its result\)/,
      },
    );
  });

  it("refuses an async generator object", () => {
    assert.throws(
      () => ensureDeferred((async function* () {})() as never),
      { name: "NotACoroutineError", message: /async generators/ },
    );
  });

  it("turns an async function's promise into a Deferred of its result", async () => {
    async function run(): Promise<string> {
      return await succeed("foo");
    }
    const d = ensureDeferred(run());
    assert.ok(d instanceof Deferred);
    await settle();
    assert.equal(d.result, "foo");
  });

  it("turns a generator object into a Deferred that has its result at once", () => {
    function* run() {
      return yield* wait(succeed("foo"));
    }
    const d = ensureDeferred(run());
    assert.ok(d instanceof Deferred);
    assert.equal(d.result, "foo");
  });

  it("cancels the Deferred a generator object waits on when its Deferred is cancelled", () => {
    const awaited = new Deferred<string>();
    let awaitedSaw: unknown = "nothing";
    awaited.addErrback((f) => {
      awaitedSaw = f.check(CancelledError);
      return f;
    });
    function* run() {
      try {
        return yield* wait(awaited);
      } catch (e) {
        return e instanceof CancelledError ? "cancelled" : "other";
      }
    }
    const d = ensureDeferred(run());
    d.cancel();
    assert.equal(awaitedSaw, CancelledError);
    assert.equal(d.result, "cancelled");
  });

  it("fails a promise's Deferred with CancelledError at once and ignores the promise's late outcome", async () => {
    let finish!: (value: string) => void;
    let finished = false;
    async function slow(): Promise<string> {
      const value = await new Promise<string>((resolve) => finish = resolve);
      finished = true;
      return value;
    }
    const { events } = await capturingLog(async () => {
      const d = ensureDeferred(slow());
      d.cancel();
      assert.ok(failureOf(d).value instanceof CancelledError);
      finish("too late");
      await settle();
      assert.equal(finished, true, "the async function ran on");
      assert.equal(d.result, undefined, "the late value was not delivered");
    });
    assert.deepEqual(errorsIn(events), []);
  });
});

describe("await on a Deferred inside an async function", () => {
  it("gives the result of a fired Deferred", async () => {
    async function run() {
      const d = succeed("foo");
      return await d;
    }
    assert.equal(await ensureDeferred(run()), "foo");
  });

  it("does not consume the result of the awaited Deferred", async () => {
    const d = succeed("kept");
    assert.equal(await d, "kept");
    assert.equal(await d, "kept");
    assert.equal(d.result, "kept");
  });

  it("waits for nested async functions before going on", async () => {
    async function run2() {
      return await succeed("foo");
    }
    async function run() {
      await succeed("bar");
      return await run2();
    }
    assert.equal(await ensureDeferred(run()), "foo");
  });

  it("fails the Deferred with the error an async function throws after an await", async () => {
    const error = new RangeError("Oh no!");
    async function run() {
      await succeed("foo");
      throw error;
    }
    const d = ensureDeferred(run());
    await settle();
    assert.equal(failureOf(d).value, error);
  });

  it("throws a failed Deferred's original error at the await", async () => {
    const error = new TypeError("Boom");
    async function run() {
      try {
        await fail(error);
      } catch (e) {
        assert.equal(e, error);
        return 1;
      }
      return 0;
    }
    assert.equal(await ensureDeferred(run()), 1);
  });

  it("keeps the stack of a synchronous failure that is awaited", async () => {
    function raises(): never {
      throw new SampleError("sample");
    }
    const failing = maybeDeferred(raises);
    async function doomed() {
      return await failing;
    }
    const d = ensureDeferred(doomed());
    await settle();
    assert.match(failureOf(d).getTraceback(), /raises/);
  });

  it("keeps the stack of a failure that arrives after the await began", async () => {
    function makesFailure(): Failure {
      try {
        throw new SampleError("sample");
      } catch (e) {
        return new Failure(e);
      }
    }
    const failing = new Deferred<never>();
    async function doomed() {
      return await failing;
    }
    const d = ensureDeferred(doomed());
    await settle();
    assert.equal(d.called, false);
    failing.errback(makesFailure());
    await settle();
    assert.match(failureOf(d).getTraceback(), /makesFailure/);
  });

  it("suspends until an inner Deferred fires, section by section", async () => {
    const sections: number[] = [];
    const first = new Deferred<number>();
    const second = new Deferred<number>();
    async function runone() {
      sections.push(2);
      await first;
      sections.push(3);
      return "Yay!";
    }
    async function run() {
      sections.push(1);
      const result = await runone();
      sections.push(4);
      await second;
      sections.push(5);
      return result;
    }
    const d = ensureDeferred(run());
    await settle();
    assert.deepEqual(sections, [1, 2]);
    first.callback(2);
    await settle();
    assert.deepEqual(sections, [1, 2, 3, 4]);
    second.callback(1);
    await settle();
    assert.deepEqual(sections, [1, 2, 3, 4, 5]);
    assert.equal(d.result, "Yay!");
  });

  it("gives a chained (paused) Deferred's result once its chain resolves", async () => {
    const d2 = new Deferred<string>();
    async function run() {
      const d = new Deferred<null>();
      const chained = d.addCallback(() => d2);
      d.callback(null);
      setTimeout(() => d2.callback("bye"), 0);
      return await chained;
    }
    assert.equal(await ensureDeferred(run()), "bye");
  });
});
