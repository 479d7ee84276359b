import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Clock } from "../../mod.ts";
import {
  LineReceiver,
  Protocol,
  StringTransport,
  TimeoutMixin,
} from "../../net/mod.ts";

class Timed extends TimeoutMixin(Protocol) {
  timedOut = 0;
  override timeoutConnection() {
    this.timedOut++;
    super.timeoutConnection();
  }
}

function connected(clock: Clock): [Timed, StringTransport] {
  const p = new Timed();
  p.clock = clock;
  const t = new StringTransport();
  p.makeConnection(t);
  return [p, t];
}

describe("TimeoutMixin", () => {
  it("calls timeoutConnection once the period passes, which loses the connection", () => {
    const clock = new Clock();
    const [p, t] = connected(clock);
    assert.equal(p.setTimeout(10), undefined);
    clock.advance(9.9);
    assert.equal(p.timedOut, 0);
    clock.advance(0.1);
    assert.equal(p.timedOut, 1);
    assert.equal(t.disconnecting, true);
  });

  it("resetTimeout restarts the countdown; setTimeout(undefined) cancels it", () => {
    const clock = new Clock();
    const [p] = connected(clock);
    p.setTimeout(10);
    clock.advance(8);
    p.resetTimeout();
    clock.advance(8);
    assert.equal(p.timedOut, 0);
    assert.equal(p.setTimeout(undefined), 10);
    clock.advance(100);
    assert.equal(p.timedOut, 0);
    p.resetTimeout(); // no timeout: nothing
    assert.equal(clock.getDelayedCalls().length, 0);
  });

  it("setTimeout while one is pending moves it to the new period from now", () => {
    const clock = new Clock();
    const [p] = connected(clock);
    p.setTimeout(10);
    clock.advance(5);
    p.setTimeout(2);
    clock.advance(2);
    assert.equal(p.timedOut, 1);
  });

  it("keeps the base class working and lets a subclass override, with super", () => {
    class Idle extends TimeoutMixin(LineReceiver) {
      override lineReceived(_line: Uint8Array) {
        this.resetTimeout();
      }
    }
    const p = new Idle();
    const clock = new Clock();
    p.clock = clock;
    p.makeConnection(new StringTransport());
    p.setTimeout(1);
    p.dataReceived(new TextEncoder().encode("x\r\n"));
    assert.ok(p instanceof LineReceiver);
  });

  it("can use an overridden callLater, as Twisted's tests do", () => {
    const clock = new Clock();
    class P extends Timed {
      override callLater(period: number, fn: () => void) {
        return clock.callLater(period, fn);
      }
    }
    const p = new P();
    p.makeConnection(new StringTransport());
    p.setTimeout(3);
    clock.advance(3);
    assert.equal(p.timedOut, 1);
  });

  it("refuses a bad period and a non-class base", () => {
    const [p] = connected(new Clock());
    assert.throws(() => p.setTimeout(-1), RangeError);
    assert.throws(() => p.setTimeout("5" as never), TypeError);
    assert.throws(() => TimeoutMixin(5 as never), TypeError);
  });
});
