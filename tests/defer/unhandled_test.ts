/**
 * Unhandled failures — Twisted's LogTests: a Deferred collected
 * while holding a failure is reported through `log`, once. The
 * deterministic path calls the record's report directly; the real path
 * drops the Deferred and runs the garbage collector (Deno with
 * `--v8-flags=--expose-gc`, Bun with `Bun.gc`) for a bounded number of
 * rounds. Twisted emits two log events per report; here it is one error
 * event carrying both the failure and the "Unhandled error in Deferred:"
 * message.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  defaultObserver,
  Deferred,
  fail,
  Failure,
  getDebugging,
  log,
  type LogEvent,
  setDebugging,
} from "../../defer/mod.ts";
import { capturingLogSync, errorsIn } from "../_log.ts";
import { collectGarbage } from "../_gc.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `drop()`, then garbage-collection rounds (at most 30, 10 ms apart)
 * until `done(events)` holds, plus two more rounds to catch a duplicate
 * report; returns what was logged meanwhile (stderr stays quiet).
 */
async function dropAndCollect(
  drop: () => void,
  done: (events: LogEvent[]) => boolean,
): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  const observer = (e: LogEvent) => {
    events.push(e);
  };
  log.removeObserver(defaultObserver);
  log.addObserver(observer);
  try {
    drop();
    for (let i = 0; i < 30 && !done(events); i++) {
      collectGarbage();
      await sleep(10);
    }
    for (let i = 0; i < 2; i++) {
      collectGarbage();
      await sleep(10);
    }
    return events;
  } finally {
    log.removeObserver(observer);
    log.addObserver(defaultObserver);
  }
}

let serial = 0;
/** A message no other test (or test file) logs. */
function marker(what: string): string {
  return `${what} #${++serial} ${Math.random()}`;
}

function reportsOf(events: LogEvent[], message: string): LogEvent[] {
  return errorsIn(events).filter((e) =>
    e.failure?.getErrorMessage() === message
  );
}

// Each maker drops its Deferred: nothing outside refers to it afterwards.
function dropThrowingDeferred(message: string): void {
  const d = new Deferred<number>();
  d.addCallback(() => {
    throw new RangeError(message);
  });
  d.callback(1);
}
function dropDeferredThrowingAString(message: string): void {
  const d = new Deferred<number>();
  d.addCallback(() => {
    throw message;
  });
  d.callback(1);
}
function dropSelfReferringDeferred(message: string): void {
  const d = new Deferred<number>() as Deferred<number> & { self?: unknown };
  d.self = d;
  d.addCallback(() => {
    d.self = d;
    throw new RangeError(message);
  });
  d.callback(1);
}
/** An error that carries its request, and the request its Deferred. */
class RequestError extends Error {
  code = "E_REQUEST";
  request: unknown;
  reply: unknown = { status: 503, headers: ["retry-after: 5"] };
  retry: unknown;
}
function dropDeferredWhoseErrorRefersToIt(message: string): void {
  const d = new Deferred<number>();
  const error = new RequestError(message, {
    cause: new TypeError("socket closed"),
  });
  error.request = { id: 7, d };
  error.retry = () => d; // a closure over it
  d.errback(error);
}
function dropCancelledDeferred(message: string): void {
  new Deferred((d) => d.errback(new CancelledError(message))).cancel();
}
function dropHandledDeferred(message: string): void {
  const d = new Deferred<number>();
  d.addCallback(() => {
    throw new RangeError(message);
  });
  d.callback(1);
  d.addErrback(() => "handled");
}
function dropAwaitedFailure(message: string): void {
  const d = new Deferred<number>();
  d.addCallback(() => {
    throw new RangeError(message);
  });
  d.callback(1);
  d.asPromise().catch(() => "awaited");
}
function dropChainedFailure(message: string): void {
  const outer = new Deferred<null>();
  outer.addCallback(() => fail(new RangeError(message)));
  outer.callback(null);
  outer.addErrback(() => "handled by the outer");
}

describe("unhandled failures, deterministic path", () => {
  it("logs nothing when a Deferred is left holding a failure", () => {
    const { events } = capturingLogSync(() => {
      const d = new Deferred();
      d.errback(new RangeError("held"));
      return d;
    });
    assert.deepEqual(errorsIn(events), []);
  });

  it("reports a held failure through log once, as an unhandled error", () => {
    const error = new RangeError("nobody handled me");
    const d = new Deferred();
    d.errback(error);
    const { events } = capturingLogSync(() => {
      d._debugInfo!.reportUnhandled();
      d._debugInfo!.reportUnhandled();
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.why, "Unhandled error in Deferred:");
    assert.equal(errors[0]!.failure?.value, error);
  });

  it("forgets the failure once a later errback handles it", () => {
    const d = fail(new RangeError("handled later"));
    assert.notEqual(d._debugInfo?.failure, undefined);
    d.addErrback(() => undefined);
    assert.equal(d._debugInfo?.failure, undefined);
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    assert.deepEqual(errorsIn(events), []);
  });

  it("forgets the failure of an inner Deferred whose failure the outer took", () => {
    const inner = fail(new RangeError("zoop"));
    const outer = new Deferred<null>();
    outer.addCallback(() => inner);
    outer.callback(null);
    const errors: string[] = [];
    outer.addErrback((f) => {
      errors.push(f.getErrorMessage());
    });
    assert.deepEqual(errors, ["zoop"]);
    assert.equal(inner._debugInfo?.failure, undefined);
    assert.equal(outer._debugInfo?.failure, undefined);
  });

  it("forgets the failure when an errback chains the failed Deferred to another", () => {
    const bad = fail(new Error("oh no"));
    const good = new Deferred();
    bad.addErrback(() => good);
    assert.equal(bad._debugInfo?.failure, undefined);
    assert.equal(good._debugInfo, undefined);
  });

  it("holds the CancelledError of a cancelled Deferred nobody handled, as Twisted does", () => {
    const d = new Deferred();
    d.cancel();
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure?.check(CancelledError));
  });

  it("does not report a failure that was awaited, though it stays the result", async () => {
    const d = fail(new RangeError("awaited"));
    await assert.rejects(async () => await d, RangeError);
    assert.equal(d._debugInfo?.failure, undefined);
    assert.ok(d.result instanceof Failure);
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    assert.deepEqual(errorsIn(events), []);
  });

  it("reports an awaited failure again once a later callback passes it on, as Twisted does", async () => {
    const d = fail(new RangeError("passed on"));
    await assert.rejects(async () => await d, RangeError);
    d.addCallback(() => "callbacks are passed by");
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure?.check(RangeError));
  });

  it("forgets an awaited failure that a later errback in the same run recovered from", async () => {
    const d = new Deferred();
    const awaited = assert.rejects(d.asPromise(), RangeError);
    let saved: Failure | undefined;
    d.addErrback((f) => {
      saved = f;
      return "recovered";
    });
    d.errback(new RangeError("recovered"));
    await awaited;
    d.addCallback(() => saved); // the same failure, back again
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    assert.equal(errorsIn(events).length, 1);
  });

  it("does not report a failure that was awaited before the Deferred fired", async () => {
    const d = new Deferred();
    const awaited = assert.rejects(d.asPromise(), RangeError);
    d.errback(new RangeError("awaited early"));
    await awaited;
    assert.equal(d._debugInfo?.failure, undefined);
    assert.ok((d.result as Failure).check(RangeError), "still the result");
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    assert.deepEqual(errorsIn(events), []);
  });

  it("reports a new failure raised after the awaited one", async () => {
    const d = fail(new RangeError("awaited"));
    await assert.rejects(async () => await d, RangeError);
    d.addErrback(() => {
      throw new TypeError("raised afterwards");
    });
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure?.check(TypeError));
  });

  it("includes the creator and first-invoker stacks in debug mode", () => {
    const was = getDebugging();
    setDebugging(true);
    try {
      const d = new Deferred();
      d.errback(new RangeError("debugged"));
      const { events } = capturingLogSync(() =>
        d._debugInfo!.reportUnhandled()
      );
      const why = errorsIn(events)[0]!.why!;
      assert.match(
        why,
        /^Unhandled error in Deferred:\n\(debug: {2}C: Deferred was created:\n/,
      );
      assert.match(why, /\n I: First Invoker was:\n/);
    } finally {
      setDebugging(was);
    }
  });

  it("includes only the invoker stack for a Deferred whose own debug flag was set", () => {
    const d = new Deferred();
    d.debug = true;
    d.errback(new RangeError("debugged"));
    const { events } = capturingLogSync(() => d._debugInfo!.reportUnhandled());
    const why = errorsIn(events)[0]!.why!;
    assert.match(
      why,
      /^Unhandled error in Deferred:\n\(debug: {2}I: First Invoker was:\n/,
    );
    assert.doesNotMatch(why, / C:/);
  });
});

describe("unhandled failures, garbage-collection path", () => {
  it("reports a collected Deferred whose callback threw, once, with the error's class, message and stack", async () => {
    const message = marker("thrown in a callback");
    const events = await dropAndCollect(
      () => dropThrowingDeferred(message),
      (e) => reportsOf(e, message).length > 0,
    );
    const reports = reportsOf(events, message);
    assert.equal(reports.length, 1);
    const failure = reports[0]!.failure!;
    assert.equal(reports[0]!.why, "Unhandled error in Deferred:");
    assert.ok(failure.check(RangeError));
    assert.ok(failure.value instanceof RangeError);
    assert.match(failure.getTraceback(), /dropThrowingDeferred/);
  });

  it("reports a collected Deferred whose callback threw a string", async () => {
    const message = marker("a thrown string");
    const events = await dropAndCollect(
      () => dropDeferredThrowingAString(message),
      (e) => reportsOf(e, message).length > 0,
    );
    const reports = reportsOf(events, message);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.failure!.value, message);
    assert.match(reports[0]!.failure!.getTraceback(), /^String: a thrown/);
  });

  it("reports a collected Deferred that refers to itself", async () => {
    const message = marker("in a cycle");
    const events = await dropAndCollect(
      () => dropSelfReferringDeferred(message),
      (e) => reportsOf(e, message).length > 0,
    );
    assert.equal(reportsOf(events, message).length, 1);
  });

  it("reports a collected Deferred whose error refers to it, keeping the error's plain data", async () => {
    const message = marker("carries its request");
    const events = await dropAndCollect(
      () => dropDeferredWhoseErrorRefersToIt(message),
      (e) => reportsOf(e, message).length > 0,
    );
    const reports = reportsOf(events, message);
    assert.equal(reports.length, 1);
    const error = reports[0]!.failure!.value as RequestError;
    assert.ok(error instanceof RequestError);
    assert.equal(error.code, "E_REQUEST");
    assert.deepEqual(error.reply, {
      status: 503,
      headers: ["retry-after: 5"],
    });
    // what could hold the Deferred is described, not kept
    assert.equal(error.request, "an object");
    assert.equal(error.retry, "an anonymous function");
    const cause = error.cause as Error;
    assert.ok(cause instanceof TypeError);
    assert.equal(cause.message, "socket closed");
  });

  it("reports a collected Deferred that was cancelled and then dropped", async () => {
    const message = marker("cancelled");
    const events = await dropAndCollect(
      () => dropCancelledDeferred(message),
      (e) => reportsOf(e, message).length > 0,
    );
    const reports = reportsOf(events, message);
    assert.equal(reports.length, 1);
    assert.ok(reports[0]!.failure!.check(CancelledError));
  });

  it("does not report collected Deferreds whose failures were handled, awaited or taken by chaining", async () => {
    const handled = marker("handled");
    const awaited = marker("awaited");
    const chained = marker("chained");
    const sentinel = marker("sentinel");
    const events = await dropAndCollect(() => {
      dropHandledDeferred(handled);
      dropAwaitedFailure(awaited);
      dropChainedFailure(chained);
      dropThrowingDeferred(sentinel);
    }, (e) => reportsOf(e, sentinel).length > 0);
    assert.equal(reportsOf(events, sentinel).length, 1);
    assert.equal(reportsOf(events, handled).length, 0);
    assert.equal(reportsOf(events, awaited).length, 0);
    assert.equal(reportsOf(events, chained).length, 0);
  });
});
