/**
 * `cancelOnAbort` and `fromAbortable`: cancellation in both directions
 * between Deferreds and `AbortSignal`, with a real `AbortController` and a
 * fake abortable API.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  cancelOnAbort,
  Deferred,
  type Failure,
  fromAbortable,
} from "../../defer/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";
import { failureOf } from "./_results.ts";

/** Lets every pending promise reaction run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A real signal whose abort listeners are counted. */
function countedSignal(): { controller: AbortController; listeners(): number } {
  const controller = new AbortController();
  const signal = controller.signal;
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener =
    ((type: string, fn: EventListener, opts?: unknown) => {
      if (type === "abort") live.add(fn);
      add(type, fn, opts as AddEventListenerOptions);
    }) as typeof signal.addEventListener;
  signal.removeEventListener =
    ((type: string, fn: EventListener, opts?: unknown) => {
      if (type === "abort") live.delete(fn);
      remove(type, fn, opts as EventListenerOptions);
    }) as typeof signal.removeEventListener;
  return { controller, listeners: () => live.size };
}

/**
 * A fake abortable API: `start(signal)` returns a promise that the test
 * settles by hand, and rejects with `signal.reason` when aborted (as
 * `fetch` does).
 */
function fakeApi<T>() {
  const api = {
    signal: undefined as AbortSignal | undefined,
    resolve: (_value: T) => {},
    reject: (_reason: unknown) => {},
    start: (signal: AbortSignal): Promise<T> => {
      api.signal = signal;
      return new Promise<T>((resolve, reject) => {
        api.resolve = resolve;
        api.reject = reject;
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    },
  };
  return api;
}

describe("cancelOnAbort", () => {
  it("cancels the Deferred when the signal aborts", () => {
    const controller = new AbortController();
    const d = cancelOnAbort(new Deferred<string>(), controller.signal);
    assert.equal(d.called, false);
    controller.abort();
    assert.ok(failureOf(d).value instanceof CancelledError);
  });

  it("returns the Deferred it was given", () => {
    const d = new Deferred();
    assert.equal(cancelOnAbort(d, new AbortController().signal), d);
  });

  it("cancels at once when the signal has already aborted", () => {
    const d = cancelOnAbort(new Deferred(), AbortSignal.abort());
    assert.ok(failureOf(d).value instanceof CancelledError);
  });

  it("uses the Deferred's canceller, whose outcome wins", () => {
    const controller = new AbortController();
    const d = cancelOnAbort(
      new Deferred<string>((it) => it.callback("cleaned up")),
      controller.signal,
    );
    controller.abort();
    assert.equal(d.result, "cleaned up");
  });

  it("removes its listener once the Deferred fires", () => {
    const { controller, listeners } = countedSignal();
    const d = cancelOnAbort(new Deferred<number>(), controller.signal);
    assert.equal(listeners(), 1);
    d.callback(1);
    assert.equal(listeners(), 0);
    controller.abort();
    assert.equal(d.result, 1);
  });

  it("adds no listener for a Deferred that already has its result", () => {
    const { controller, listeners } = countedSignal();
    const d = new Deferred<number>();
    d.callback(2);
    cancelOnAbort(d, controller.signal);
    assert.equal(listeners(), 0);
  });

  it("cancels the inner Deferred of a Deferred that waits on one", () => {
    const controller = new AbortController();
    const inner = new Deferred<string>();
    const outer = new Deferred<null>();
    outer.addCallback(() => inner);
    outer.callback(null);
    cancelOnAbort(outer, controller.signal);
    controller.abort();
    assert.ok(failureOf(outer).value instanceof CancelledError);
    assert.equal(inner.called, true);
  });

  it("logs, rather than throws into the event dispatch, a canceller that throws", () => {
    const controller = new AbortController();
    const error = new Error("canceller broke");
    const d = cancelOnAbort(
      new Deferred(() => {
        throw error;
      }),
      controller.signal,
    );
    const { events } = capturingLogSync(() => controller.abort());
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure!.value, error);
    assert.equal(
      errors[0]!.why,
      "cancelOnAbort: cancelling the Deferred raised:",
    );
    assert.equal(d.called, false);
  });

  it("throws a TypeError for a signal that is not an AbortSignal", () => {
    assert.throws(() => cancelOnAbort(new Deferred(), {} as AbortSignal), {
      name: "TypeError",
      message: "cancelOnAbort: signal must be an AbortSignal, got an object",
    });
  });

  it("throws a TypeError for something that is not a Deferred", () => {
    assert.throws(
      () => cancelOnAbort(Promise.resolve() as never, AbortSignal.abort()),
      {
        name: "TypeError",
        message: "cancelOnAbort: d must be a Deferred, got a Promise",
      },
    );
  });
});

describe("fromAbortable", () => {
  it("fires with the value the work resolves with", async () => {
    const api = fakeApi<string>();
    const d = fromAbortable(api.start);
    assert.equal(d.called, false);
    api.resolve("body");
    await settle();
    assert.equal(d.result, "body");
    assert.equal(api.signal!.aborted, false);
  });

  it("fails with the reason the work rejects with", async () => {
    const api = fakeApi<string>();
    const d = fromAbortable(api.start);
    const error = new TypeError("network down");
    api.reject(error);
    await settle();
    assert.equal(failureOf(d).value, error);
  });

  it("fires at once with a plain value returned by start", () => {
    assert.equal(fromAbortable(() => 5).result, 5);
  });

  it("fails at once when start throws", () => {
    const error = new Error("bad url");
    const d = fromAbortable(() => {
      throw error;
    });
    assert.equal(failureOf(d).value, error);
  });

  it("aborts the signal and fails with CancelledError at once when cancelled", () => {
    const api = fakeApi<string>();
    const d = fromAbortable(api.start);
    d.cancel();
    assert.equal(api.signal!.aborted, true);
    assert.ok(failureOf(d).value instanceof CancelledError);
  });

  it("drops the abort's own rejection without a second firing, a log or an unhandled rejection", async () => {
    const api = fakeApi<string>();
    const { events } = await capturingLog(async () => {
      const d = fromAbortable(api.start);
      const outcomes: unknown[] = [];
      d.addBoth((r) => {
        outcomes.push(r);
      });
      d.cancel();
      await settle();
      assert.equal(outcomes.length, 1);
      assert.ok((outcomes[0] as Failure).value instanceof CancelledError);
    });
    assert.deepEqual(errorsIn(events), []);
  });

  it("drops a value that arrives after cancellation", async () => {
    const { events } = await capturingLog(async () => {
      let finish!: (v: string) => void;
      const d = fromAbortable(() => new Promise<string>((r) => finish = r));
      d.addErrback((f) => f.trap(CancelledError));
      d.cancel();
      finish("ignored");
      await settle();
      assert.equal(d.result, CancelledError, "still the trapped cancellation");
    });
    assert.deepEqual(errorsIn(events), []);
  });

  it("logs a rejection other than the abort that arrives after cancellation", async () => {
    const error = new Error("disk failed while aborting");
    const { events } = await capturingLog(async () => {
      let fail!: (e: unknown) => void;
      const d = fromAbortable(() => new Promise<string>((_, r) => fail = r));
      d.addErrback((f) => f.trap(CancelledError));
      d.cancel();
      fail(error);
      await settle();
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure!.value, error);
    assert.match(errors[0]!.why!, /after its Deferred was cancelled/);
  });

  it("throws a TypeError when start is not a function", () => {
    assert.throws(() => fromAbortable(null as never), {
      name: "TypeError",
      message: "fromAbortable: start must be a function, got null",
    });
  });
});
