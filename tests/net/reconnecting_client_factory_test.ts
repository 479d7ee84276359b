import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { capturingLogSync } from "../_log.ts";
import { Clock, Failure, reactor } from "../../mod.ts";
import {
  ConnectionRefusedError,
  type IConnector,
  NotConnectingError,
  Protocol,
  ReconnectingClientFactory,
} from "../../net/mod.ts";

function connector(log: string[], stop?: () => void): IConnector {
  return {
    connect: () => log.push("connect"),
    stopConnecting: stop ?? (() => log.push("stopConnecting")),
    disconnect() {},
    getDestination: () => ({ toString: () => "dest" }),
    toString: () => "<connector>",
  } as IConnector;
}

function factory(clock: Clock): ReconnectingClientFactory {
  const f = new ReconnectingClientFactory();
  f.clock = clock;
  f.noisy = false;
  return f;
}

const refused = new Failure(new ConnectionRefusedError());

describe("ReconnectingClientFactory", () => {
  it("has Twisted's settings", () => {
    const f = new ReconnectingClientFactory();
    assert.deepEqual(
      [f.initialDelay, f.factor, f.jitter, f.maxDelay, f.maxRetries, f.delay],
      [1.0, Math.E, 0.119626565582, 3600, undefined, 1.0],
    );
  });

  it("multiplies the delay by factor per failure, up to maxDelay, and reconnects after it", () => {
    const clock = new Clock();
    const f = factory(clock);
    f.jitter = 0;
    f.maxDelay = 20;
    const log: string[] = [];
    const c = connector(log);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      f.clientConnectionFailed(c, refused);
      delays.push(f.delay);
      const due = clock.getDelayedCalls()[0]!.getTime() - clock.seconds();
      assert.ok(Math.abs(due - f.delay) < 1e-9, `${due} vs ${f.delay}`);
      clock.advance(f.delay);
      assert.equal(log.length, i + 1);
    }
    const e = Math.E;
    assert.deepEqual(delays, [e, e * e, 20, 20, 20]); // e³ > 20
    assert.equal(f.retries, 5);
  });

  it("draws the jitter from a normal distribution around the delay, using the injected random source", () => {
    const clock = new Clock();
    const f = factory(clock);
    const uniforms = [0.5, 0.2]; // u1 = 0.5 gives z = 0: exactly the mean
    f.random = () => uniforms.shift()!;
    f.retry(connector([]));
    assert.equal(f.delay, Math.E);
    assert.deepEqual(uniforms, []);
  });

  it("gives up after maxRetries, logging why when noisy", () => {
    const clock = new Clock();
    const f = factory(clock);
    f.noisy = true;
    f.maxRetries = 2;
    const log: string[] = [];
    const { events } = capturingLogSync(() => {
      f.retry(connector(log));
      f.retry(connector(log));
      f.retry(connector(log));
    });
    clock.advance(1e6);
    assert.equal(log.length, 2);
    assert.ok(
      events.some((e) =>
        e.message.join(" ") === "Abandoning <connector> after 3 retries."
      ),
    );
  });

  it("stopTrying cancels the scheduled retry, stops the connector and ignores NotConnectingError", () => {
    const clock = new Clock();
    const f = factory(clock);
    const log: string[] = [];
    f.clientConnectionLost(connector(log), refused);
    f.stopTrying();
    clock.advance(1e6);
    assert.deepEqual(log, ["stopConnecting"]);
    assert.equal(f.continueTrying, false);
    f.clientConnectionFailed(connector(log), refused);
    assert.equal(clock.getDelayedCalls().length, 0, "no retry once stopped");
    const g = factory(clock);
    g.connector = connector([], () => {
      throw new NotConnectingError();
    });
    g.stopTrying();
    const h = factory(clock);
    h.connector = connector([], () => {
      throw new TypeError("real bug");
    });
    assert.throws(() => h.stopTrying(), TypeError);
  });

  it("schedules no retry when stopTrying's stopConnecting reports the attempt failed at once", () => {
    const clock = new Clock();
    const f = factory(clock);
    const log: string[] = [];
    const c = connector(log, () => f.clientConnectionFailed(c, refused));
    f.connector = c;
    f.stopTrying();
    clock.advance(1e6);
    assert.deepEqual(log, [], "it reconnected");
    assert.equal(clock.getDelayedCalls().length, 0);
  });

  it("neither stops nor reconnects a connection lost after stopTrying while connected", () => {
    const clock = new Clock();
    const f = factory(clock);
    f.protocol = Protocol;
    f.buildProtocol({ toString: () => "peer" });
    assert.equal(f.connector, undefined, "connected: no attempt in flight");
    f.stopTrying();
    const c = connector([], () => {
      throw new Error("stopConnecting called while connected");
    });
    c.connect = () => {
      throw new Error("reconnected");
    };
    f.clientConnectionLost(c, refused);
    clock.advance(1e6);
    assert.equal(f.continueTrying, false);
  });

  it("resetDelay restores the initial delay, the retry count and continueTrying", () => {
    const f = factory(new Clock());
    f.retry(connector([]));
    f.stopTrying();
    f.resetDelay();
    assert.deepEqual([f.delay, f.retries, f.continueTrying], [1, 0, true]);
  });

  it("refuses to retry without a connector, and bad settings, naming them", () => {
    const f = factory(new Clock());
    assert.throws(
      () => f.retry(),
      new RangeError("ReconnectingClientFactory.retry: no connector to retry"),
    );
    f.factor = NaN;
    assert.throws(
      () => f.retry(connector([])),
      new RangeError(
        "ReconnectingClientFactory.factor must be a finite number >= 0, got NaN",
      ),
    );
    f.factor = 2;
    f.maxRetries = -1;
    assert.throws(
      () => f.retry(connector([])),
      /maxRetries must be undefined or a number >= 0/,
    );
    f.maxRetries = undefined;
    f.jitter = "x" as never;
    assert.throws(() => f.retry(connector([])), TypeError);
  });

  it("schedules on the global reactor when no clock is set", () => {
    const f = new ReconnectingClientFactory();
    f.noisy = false;
    f.retry(connector([]));
    assert.equal(f.clock, reactor);
    f.stopTrying();
  });
});
