/**
 * The reactor given values that fight back: a trigger, a timed call, a
 * `callFromThread` call or a task that throws a revoked Proxy (any look at
 * it throws, even `instanceof`), or returns a thenable whose `then` getter
 * or `then()` throws, or that calls back twice. Shutdown still completes,
 * the other work still runs, and the error reaches `log`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, type Failure } from "../../defer/mod.ts";
import { Clock, Cooperator, LoopingCall, Reactor } from "../../reactor/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";

const make = () => new Reactor({ installSignalHandlers: false });

/** A Proxy that throws from every look, `instanceof` included. */
function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An object whose `then` getter throws `error`. */
function thenGetterThrows(error: Error): object {
  return {
    get then() {
      throw error;
    },
  };
}

/** A thenable whose `then()` throws `error` without calling back. */
function thenThrows(error: Error): PromiseLike<never> {
  return {
    then() {
      throw error;
    },
  };
}

describe("shutdown with a 'before' trigger that returns a hostile value", () => {
  const hostile: [string, (e: Error) => unknown][] = [
    ["an object whose then getter throws", thenGetterThrows],
    ["a thenable whose then() throws", thenThrows],
  ];
  for (const [what, make1] of hostile) {
    it(`completes, running the 'during' triggers and logging the error, for ${what}`, async () => {
      const r = make();
      const error = new Error(what);
      const seen: string[] = [];
      r.addSystemEventTrigger("before", "shutdown", () => make1(error));
      r.addSystemEventTrigger("during", "shutdown", () => seen.push("during"));
      r.callWhenRunning(() => r.stop());
      const { events } = await capturingLog(() => r.run());
      assert.deepEqual(seen, ["during"]);
      const errors = errorsIn(events);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.failure!.value, error);
    });
  }

  it("completes when a trigger throws a revoked Proxy, logging it", async () => {
    const r = make();
    const proxy = revoked();
    const seen: string[] = [];
    r.addSystemEventTrigger("before", "shutdown", () => {
      throw proxy;
    });
    r.addSystemEventTrigger("during", "shutdown", () => seen.push("during"));
    r.callWhenRunning(() => r.stop());
    const { events } = await capturingLog(() => r.run());
    assert.deepEqual(seen, ["during"]);
    assert.ok(errorsIn(events).some((e) => e.failure!.value === proxy));
  });

  it("counts a thenable that calls back twice once: 'during' still waits for the other trigger's Deferred", () => {
    const r = make();
    const other = new Deferred<void>();
    const seen: string[] = [];
    r.addSystemEventTrigger("before", "test", () => other);
    r.addSystemEventTrigger("before", "test", () => ({
      then(onValue: () => void) {
        onValue();
        onValue();
      },
    }));
    r.addSystemEventTrigger("during", "test", () => seen.push("during"));
    r.fireSystemEvent("test");
    assert.deepEqual(seen, [], "ran before the other trigger's Deferred fired");
    other.callback();
    assert.deepEqual(seen, ["during"]);
  });
});

describe("the run loop with calls that throw a revoked Proxy", () => {
  it("logs a timed call's revoked Proxy and runs the next call", async () => {
    const r = make();
    const proxy = revoked();
    const seen: string[] = [];
    r.callLater(0, () => {
      throw proxy;
    });
    r.callLater(0, () => {
      seen.push("next");
      r.stop();
    });
    const { events } = await capturingLog(() => r.run());
    assert.deepEqual(seen, ["next"]);
    assert.ok(errorsIn(events).some((e) => e.failure!.value === proxy));
  });

  it("logs a callFromThread call's revoked Proxy and runs the calls queued behind it", async () => {
    const r = make();
    const proxy = revoked();
    const seen: string[] = [];
    r.callWhenRunning(() => {
      r.callFromThread(() => {
        throw proxy;
      });
      r.callFromThread(() => {
        seen.push("behind");
        r.stop();
      });
    });
    const { events } = await capturingLog(() => r.run());
    assert.deepEqual(seen, ["behind"]);
    assert.ok(errorsIn(events).some((e) => e.failure!.value === proxy));
  });
});

describe("task helpers given a thenable whose then getter throws", () => {
  it("fails a Cooperator task that yields one, and keeps stepping the others", () => {
    const clock = new Clock();
    const coop = new Cooperator({
      scheduler: (tick) => clock.callLater(1e-8, tick),
    });
    const error = new Error("then getter");
    let outcome: unknown;
    coop.cooperate([thenGetterThrows(error)][Symbol.iterator]()).whenDone()
      .addErrback((f: Failure) => {
        outcome = f.value;
      });
    let steps = 0;
    const others = coop.coiterate(
      (function* () {
        for (; steps < 3; steps++) yield;
      })(),
    );
    let othersDone = false;
    others.addCallback(() => {
      othersDone = true;
    });
    for (let i = 0; i < 10; i++) clock.advance(1e-8);
    assert.equal(outcome, error);
    assert.equal(steps, 3);
    assert.ok(othersDone);
  });

  it("fails a LoopingCall whose function returns one, and stops it", () => {
    const clock = new Clock();
    const error = new Error("then getter");
    const loop = new LoopingCall(() => thenGetterThrows(error));
    loop.clock = clock;
    let outcome: unknown;
    const { events } = capturingLogSync(() => {
      loop.start(1).addErrback((f: Failure) => {
        outcome = f.value;
      });
    });
    assert.equal(outcome, error);
    assert.equal(loop.running, false);
    assert.deepEqual(errorsIn(events), []);
  });
});
