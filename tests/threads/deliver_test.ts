/**
 * `threads/_transport/deliver.ts`: outcomes and proxy calls reach the reactor thread
 * through `callFromThread`, one call per reactor per incoming message.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, Deferred, type Failure } from "../../defer/mod.ts";
import {
  deliver,
  deliveringBatch,
  deliverOutcome,
} from "../../threads/_transport/deliver.ts";
import { capturingLogSync, errorsIn } from "../_log.ts";

/** A reactor stand-in that records each `callFromThread` and runs it later. */
class Recorder {
  readonly calls: unknown[][] = [];
  callFromThread(fn: (...a: unknown[]) => unknown, ...args: unknown[]): void {
    this.calls.push([fn, ...args]);
  }
  /** Runs the recorded calls in order; returns how many ran. */
  run(): number {
    const calls = this.calls.splice(0);
    for (const [fn, ...args] of calls) {
      (fn as (...a: unknown[]) => unknown)(...args);
    }
    return calls.length;
  }
}

describe("deliver", () => {
  it("hands a delivery outside a batch to callFromThread at once", () => {
    const reactor = new Recorder();
    const seen: unknown[] = [];
    const push = (a: string, b: number) => seen.push(a, b);
    deliver(reactor, push, "x", 1);
    assert.deepEqual(reactor.calls, [[push, "x", 1]]);
    reactor.run();
    assert.deepEqual(seen, ["x", 1]);
  });

  it("hands a batch's lone delivery to callFromThread as it is, once the batch is read", () => {
    const reactor = new Recorder();
    const push = (a: string, b: number) => [a, b];
    deliveringBatch((r: Recorder) => {
      deliver(r, push, "a", 1);
      assert.equal(r.calls.length, 0, "not while the batch is read");
    }, reactor);
    assert.deepEqual(reactor.calls, [[push, "a", 1]]);
  });

  it("queues one call per reactor for a batch, running its deliveries in order", () => {
    const first = new Recorder(), second = new Recorder();
    const seen: string[] = [];
    const push = (who: string, what: string) => seen.push(`${who}:${what}`);
    deliveringBatch(() => {
      deliver(first, push, "first", "a");
      deliver(second, push, "second", "b");
      deliver(first, push, "first", "c");
      deliver(second, push, "second", "d");
      deliver(first, push, "first", "e");
    }, undefined);
    assert.equal(first.calls.length, 1);
    assert.equal(second.calls.length, 1);
    first.run();
    second.run();
    assert.deepEqual(seen, [
      "first:a",
      "first:c",
      "first:e",
      "second:b",
      "second:d",
    ]);
  });

  it("logs a delivery that throws and still runs the rest of its batch", () => {
    const reactor = new Recorder();
    const seen: number[] = [];
    const ok = (n: number) => seen.push(n);
    const boom = () => {
      throw new Error("boom");
    };
    deliveringBatch(() => {
      deliver(reactor, ok, 1, undefined);
      deliver(reactor, boom, undefined, undefined);
      deliver(reactor, ok, 3, undefined);
    }, undefined);
    const { events } = capturingLogSync(() => reactor.run());
    assert.deepEqual(seen, [1, 3]);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]!.why), /Unhandled error in a callFromThread/);
    assert.equal((errors[0]!.failure!.value as Error).message, "boom");
  });

  it("logs a reactor whose callFromThread throws, and still queues the other reactors' calls", () => {
    const broken = {
      callFromThread(): void {
        throw new Error("no reactor here");
      },
    };
    const reactor = new Recorder();
    const { events } = capturingLogSync(() =>
      deliveringBatch(() => {
        deliver(broken, () => {}, 1, 2);
        deliver(reactor, () => {}, 3, 4);
      }, undefined)
    );
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]!.why), /could not hand results/);
    assert.equal(reactor.calls.length, 1);
  });
});

describe("deliverOutcome", () => {
  it("fires the Deferred with the result on the reactor's turn", () => {
    const reactor = new Recorder();
    const d = new Deferred<number>();
    deliverOutcome(reactor, d as Deferred<unknown>, true, 5);
    assert.equal(d.called, false, "not before the reactor runs it");
    reactor.run();
    let got: number | undefined;
    d.addCallback((v: number) => (got = v));
    assert.equal(got, 5);
  });

  it("errbacks the Deferred with a Failure of the error", () => {
    const reactor = new Recorder();
    const d = new Deferred<number>();
    deliverOutcome(reactor, d as Deferred<unknown>, false, new RangeError("r"));
    reactor.run();
    let failure: Failure | undefined;
    d.addErrback((f: Failure) => {
      failure = f;
    });
    assert.ok(failure?.check(RangeError));
  });

  it("leaves alone a Deferred that fired meanwhile (a cancelled one)", () => {
    const reactor = new Recorder();
    const d = new Deferred<number>();
    deliverOutcome(reactor, d as Deferred<unknown>, true, 5);
    d.cancel();
    assert.equal(reactor.run(), 1);
    let failure: Failure | undefined;
    d.addErrback((f: Failure) => {
      failure = f;
    });
    assert.ok(failure?.check(CancelledError), "still the cancellation");
  });
});
