/**
 * The `Reactor` running on the host's event loop (real timers, short and
 * bounded): Twisted's SystemEventTestsBuilder (test_core.py: run, stop,
 * crash, startup, shutdown), CallFromThreadTests and
 * CallFromThreadStopsAndWakeUpTests, DelayedTests; coexistence with host
 * callbacks; the single host timer, its clamp, idling; signals through
 * the host seam.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type IDelayedCall,
  Reactor,
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
} from "../../reactor/mod.ts";
import { Deferred } from "../../defer/mod.ts";
import { host, MAX_TIMER_MS, type StopSignal } from "../../reactor/_host.ts";
import { capturingLog } from "../_log.ts";

const make = () => new Reactor({ installSignalHandlers: false });

/** Runs `r`, failing (and crashing it) if it is still running after `ms`. */
async function runBounded(r: Reactor, ms = 3000): Promise<void> {
  let timedOut = false;
  const guard = setTimeout(() => {
    timedOut = true;
    r.crash();
  }, ms);
  try {
    await r.run();
  } finally {
    clearTimeout(guard);
  }
  assert.equal(timedOut, false, `the reactor was still running after ${ms} ms`);
}

/** Replaces `host[name]` while `fn` runs. */
async function withHost<K extends keyof typeof host, R>(
  name: K,
  replacement: (typeof host)[K],
  fn: () => Promise<R>,
): Promise<R> {
  const original = host[name];
  host[name] = replacement;
  try {
    return await fn();
  } finally {
    host[name] = original;
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("Reactor.run: startup and shutdown (Twisted's SystemEventTestsBuilder)", () => {
  it("refuses stop() after it has stopped", async () => {
    const r = make();
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.throws(() => r.stop(), ReactorNotRunning);
  });

  it("runs callWhenRunning functions in the order given", async () => {
    const r = make();
    const events: string[] = [];
    r.callWhenRunning((e: string) => events.push(e), "first");
    r.callWhenRunning((e: string) => events.push(e), "second");
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.deepEqual(events, ["first", "second"]);
  });

  it("is not running for before-startup triggers, and is for during and after", async () => {
    const r = make();
    const state: Record<string, boolean> = {};
    r.addSystemEventTrigger(
      "before",
      "startup",
      () => state.before = r.running,
    );
    r.addSystemEventTrigger(
      "during",
      "startup",
      () => state.during = r.running,
    );
    r.addSystemEventTrigger("after", "startup", () => state.after = r.running);
    r.callWhenRunning(() => r.stop());
    assert.deepEqual(state, {});
    await runBounded(r);
    assert.deepEqual(state, { before: false, during: true, after: true });
  });

  it("installs signal handlers during startup, after before-triggers and before after-triggers", async () => {
    const r = new Reactor({ installSignalHandlers: true });
    let phase: string | undefined;
    const sawPhase: (string | undefined)[] = [];
    let removed = 0;
    r.addSystemEventTrigger("before", "startup", () => phase = "before");
    r.addSystemEventTrigger("after", "startup", () => phase = "after");
    r.callWhenRunning(() => r.stop());
    await withHost("listenForSignals", () => {
      sawPhase.push(phase);
      return () => removed++;
    }, () => runBounded(r));
    assert.deepEqual(sawPhase, ["before"]);
    assert.equal(phase, "after");
    assert.equal(removed, 1, "handlers are removed at shutdown");
  });

  it("installs no signal handlers when told not to", async () => {
    const r = make();
    let installed = 0;
    r.callWhenRunning(() => r.stop());
    await withHost("listenForSignals", () => {
      installed++;
      return () => {};
    }, () => runBounded(r));
    assert.equal(installed, 0);
  });

  it("fires all three shutdown phases before run() resolves", async () => {
    const r = make();
    const events: string[] = [];
    for (const phase of ["before", "during", "after"] as const) {
      r.addSystemEventTrigger(phase, "shutdown", () => events.push(phase));
    }
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.deepEqual(events, ["before", "during", "after"]);
  });

  it("does not fire shutdown synchronously from stop()", async () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "shutdown",
      () => events.push("before shutdown"),
    );
    r.callWhenRunning(() => {
      r.stop();
      events.push("stopped");
    });
    await runBounded(r);
    assert.deepEqual(events, ["stopped", "before shutdown"]);
  });

  it("refuses run() from inside the running reactor", async () => {
    const r = make();
    const events: string[] = [];
    r.callWhenRunning(() => {
      assert.throws(() => r.run(), ReactorAlreadyRunning);
      events.push("tested");
    });
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.deepEqual(events, ["tested"]);
  });

  it("keeps running while a before-startup trigger's Deferred is pending", async () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "startup", () => {
      events.push("trigger");
      const d = new Deferred<void>();
      d.addCallback(() => {
        events.push("callback");
        r.stop();
      });
      r.callLater(0, d.callback);
      return d;
    });
    await runBounded(r);
    assert.deepEqual(events, ["trigger", "callback"]);
  });

  it("waits for a before-shutdown Deferred, fired later from a host callback", async () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "shutdown", () => {
      const d = new Deferred<void>();
      setTimeout(() => {
        events.push("released");
        d.callback();
      }, 20);
      return d;
    });
    r.addSystemEventTrigger("during", "shutdown", () => events.push("during"));
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.deepEqual(events, ["released", "during"]);
  });

  it("crashes without firing shutdown triggers", async () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "shutdown",
      () => events.push("shutdown"),
    );
    r.callWhenRunning(() => r.callLater(0, () => r.crash()));
    await runBounded(r);
    assert.equal(r.running, false);
    assert.deepEqual(events, []);
  });

  it("runs again after a crash", async () => {
    const r = make();
    const events: unknown[] = [];
    r.callWhenRunning(() => {
      events.push("crash");
      r.crash();
    });
    await runBounded(r);
    r.callWhenRunning(() => {
      events.push(["stop", r.running]);
      r.stop();
    });
    await runBounded(r);
    assert.deepEqual(events, ["crash", ["stop", true]]);
  });

  it("refuses to run again after a stop, even from an after-shutdown trigger", async () => {
    const r = make();
    const events: string[] = [];
    r.callWhenRunning(() => r.stop());
    r.addSystemEventTrigger("after", "shutdown", () => {
      assert.throws(() => r.run(), ReactorNotRestartable);
      events.push("tested");
    });
    await runBounded(r);
    assert.deepEqual(events, ["tested"]);
    assert.throws(() => r.run(), ReactorNotRestartable);
  });

  it("resolves the promise of mainLoop() for a reactor that is not started", async () => {
    await make().mainLoop();
  });
});

describe("Reactor scheduling time", () => {
  it("never schedules from a time earlier than a seconds() its caller read", async () => {
    let t = 100;
    await withHost("seconds", () => t, () => {
      const r = make();
      const first = r.callLater(10, () => {}); // the time is cached: 100
      t = 105;
      assert.equal(r.seconds(), 105);
      const second = r.callLater(1, () => {}); // from 105, not 100
      t = 107;
      const third = r.callLater(1, () => {}); // the cache still says 105
      assert.deepEqual(
        [first.getTime(), second.getTime(), third.getTime()],
        [110, 106, 106],
      );
      for (const call of [first, second, third]) call.cancel();
      return Promise.resolve();
    });
  });
});

describe("Reactor.mainLoop and doIteration (Twisted's mainLoop)", () => {
  /** A reactor that records the delay of every doIteration. */
  class Recording extends Reactor {
    readonly delays: (number | undefined)[] = [];
    constructor() {
      super({ installSignalHandlers: false });
    }
    override doIteration(delay: number | undefined): void {
      this.delays.push(delay);
      super.doIteration(delay);
    }
  }

  it("ends with one doIteration(0) after the pass that crashed the loop", async () => {
    const r = new Recording();
    r.callWhenRunning(() => r.stop());
    await runBounded(r);
    assert.deepEqual(r.delays, [0]);
  });

  it("passes the time to the next call while a before-startup trigger waits (Twisted passes 0 and polls)", async () => {
    const r = new Recording();
    const startup = new Deferred<void>();
    r.addSystemEventTrigger("before", "startup", () => startup);
    r.callLater(3600, () => {});
    const running: boolean[] = [];
    setTimeout(() => {
      running.push(r.running);
      startup.callback(undefined);
      running.push(r.running);
      r.stop();
    }, 10);
    await runBounded(r);
    assert.deepEqual(running, [false, true]);
    assert.ok(r.delays[0]! > 3500, `first delay ${r.delays[0]}`);
    assert.equal(r.delays.at(-1), 0);
  });

  it("wakes from a far wait when stop() is called from a host callback", async () => {
    const r = make();
    r.callLater(3600, () => {});
    setTimeout(() => r.stop(), 10);
    await runBounded(r, 2000);
    assert.equal(r.running, false);
  });
});

describe("Reactor.callFromThread (Twisted's CallFromThread tests)", () => {
  it("runs many calls made from a host callback", async () => {
    const r = make();
    let counter = 0;
    r.callWhenRunning(() => {
      setTimeout(() => {
        for (let i = 0; i < 100; i++) {
          r.callFromThread(() => {
            if (++counter === 100) r.stop();
          });
        }
      }, 1);
    });
    await runBounded(r);
    assert.equal(counter, 100);
  });

  it("runs calls in the order they were made", async () => {
    const r = make();
    const order: number[] = [];
    r.callWhenRunning(() => {
      setTimeout(() => {
        r.callFromThread((n: number) => order.push(n), 1);
        r.callFromThread((n: number) => order.push(n), 2);
        r.callFromThread((n: number) => order.push(n), 3);
        r.callFromThread(() => r.callFromThread(() => r.stop()));
      }, 1);
    });
    await runBounded(r);
    assert.deepEqual(order, [1, 2, 3]);
  });

  it("does not run calls until the reactor runs", async () => {
    const r = make();
    let counter = 0;
    r.callFromThread(() => {
      counter = 1;
      r.stop();
    });
    await sleep(5);
    assert.equal(counter, 0);
    await runBounded(r);
    assert.equal(counter, 1);
  });

  it("wakes an idle reactor from a host callback", async () => {
    const r = make();
    const d = new Deferred<void>();
    d.addCallback(() => r.stop());
    r.callWhenRunning(() => {
      setTimeout(() => r.callFromThread(d.callback), 20);
    });
    await runBounded(r);
    assert.equal(d.called, true);
  });

  it("lets other things happen between nested callFromThread calls", async () => {
    const r = make();
    let stopped = false;
    const results: boolean[] = [];
    r.callFromThread(() => {
      r.callFromThread(() => {
        results.push(stopped);
        r.stop();
      });
      r.callLater(0, () => stopped = true);
    });
    await runBounded(r);
    assert.deepEqual(results, [true]);
  });

  it("does not starve host timers with endless nested calls", async () => {
    const r = make();
    let spins = 0;
    let hostTimerRan = false;
    const spin = () => {
      spins++;
      if (!hostTimerRan) r.callFromThread(spin);
      else r.stop();
    };
    r.callWhenRunning(() => {
      setTimeout(() => hostTimerRan = true, 5);
      r.callFromThread(spin);
    });
    await runBounded(r);
    assert.ok(hostTimerRan);
    assert.ok(spins > 1);
  });
});

describe("Reactor timed calls on the real clock (Twisted's DelayedTests)", () => {
  it("lists exactly the pending calls while they run out", async () => {
    const r = make();
    const timers = new Map<number, IDelayedCall>();
    let counter = 0;
    const check = () => {
      const listed = new Set<IDelayedCall>(r.getDelayedCalls());
      for (const call of timers.values()) assert.ok(listed.has(call));
    };
    const callback = (tag: number) => {
      timers.delete(tag);
      check();
    };
    const addTimer = (when: number, cb: (tag: number) => void) => {
      timers.set(counter, r.callLater(when * 0.002, cb, counter));
      counter++;
      check();
    };
    check();
    addTimer(35, (tag) => {
      callback(tag);
      r.stop();
    });
    addTimer(20, callback);
    addTimer(30, callback);
    const which = counter;
    addTimer(29, callback);
    addTimer(25, (tag) => {
      callback(tag);
      addTimer(15, callback);
    });
    addTimer(26, callback);
    timers.get(which)!.cancel();
    timers.delete(which);
    check();
    await runBounded(r);
    // the timer added at 50 ms for 30 ms later outlives the one that stops
    assert.equal(timers.size, 1);
    check();
    for (const call of timers.values()) call.cancel();
    assert.deepEqual(r.getDelayedCalls(), []);
  });

  it("is inactive once it has run", async () => {
    const r = make();
    const call = r.callLater(0.01, () => r.stop());
    assert.equal(call.active(), true);
    await runBounded(r);
    assert.equal(call.active(), false);
    assert.equal(call.called, true);
  });

  it("does not run a call cancelled before it was due", async () => {
    const r = make();
    const called: string[] = [];
    const call = r.callLater(0, () => called.push("cancelled one"));
    call.cancel();
    r.callLater(0, () => r.callLater(0, () => r.stop()));
    await runBounded(r);
    assert.deepEqual(called, []);
  });

  it("runs each of 10,000 timers once, in deadline order", async () => {
    const r = make();
    const fired: number[] = [];
    const n = 10_000;
    const delays = Array.from(
      { length: n },
      (_, i) => ((i * 7919) % 50) / 1000,
    );
    for (let i = 0; i < n; i++) {
      r.callLater(delays[i]!, () => {
        fired.push(i);
        if (fired.length === n) r.stop();
      });
    }
    await runBounded(r);
    assert.equal(fired.length, n);
    for (let k = 1; k < n; k++) {
      const a = fired[k - 1]!, b = fired[k]!;
      assert.ok(delays[a]! < delays[b]! || (delays[a] === delays[b] && a < b));
    }
  });
});

describe("Reactor and the host's event loop", () => {
  it("does not hold a call scheduled from a host callback past its deadline", async () => {
    const r = make();
    let firedAfter = -1;
    let scheduledAt = 0;
    r.callLater(5, () => {}); // the armed timer is 5 s away
    r.callWhenRunning(() => {
      setTimeout(() => {
        scheduledAt = performance.now();
        r.callLater(0.02, () => {
          firedAfter = performance.now() - scheduledAt;
          r.stop();
        });
      }, 5);
    });
    await runBounded(r, 4000);
    assert.ok(firedAfter >= 19, `fired ${firedAfter} ms after scheduling`);
    assert.ok(firedAfter < 2000, `held for ${firedAfter} ms (the 5 s timer)`);
  });

  it("re-arms for a call reset sooner from a host callback", async () => {
    const r = make();
    let fired = false;
    const call = r.callLater(30, () => {
      fired = true;
      r.stop();
    });
    r.callWhenRunning(() => setTimeout(() => call.reset(0.01), 5));
    await runBounded(r, 4000);
    assert.ok(fired);
  });

  it("lets a host callback fire a Deferred whose callbacks use the reactor", async () => {
    const r = make();
    const d = new Deferred<number>();
    const seen: number[] = [];
    d.addCallback((n) => {
      seen.push(n);
      r.callLater(0, () => r.stop());
    });
    r.callWhenRunning(() => setTimeout(() => d.callback(7), 5));
    await runBounded(r);
    assert.deepEqual(seen, [7]);
  });

  it("keeps at most one host timer armed, and none once stopped", async () => {
    let armed = 0;
    let most = 0;
    const live = new Set<unknown>();
    const start = host.startTimer;
    const stop = host.stopTimer;
    await withHost("startTimer", (fn, ms) => {
      const handle: unknown = start(() => {
        live.delete(handle);
        armed = live.size;
        fn();
      }, ms);
      live.add(handle);
      armed = live.size;
      most = Math.max(most, armed);
      return handle;
    }, () =>
      withHost("stopTimer", (handle) => {
        live.delete(handle);
        armed = live.size;
        stop(handle);
      }, async () => {
        const r = make();
        let n = 0;
        const tick = () => {
          if (++n < 20) r.callLater(0.001 * (n % 3), tick);
          else r.stop();
        };
        r.callLater(10, () => {});
        r.callLater(0.002, tick);
        r.callWhenRunning(() =>
          setTimeout(() => r.callLater(0.001, () => {}), 1)
        );
        await runBounded(r);
      }));
    assert.equal(most, 1);
    assert.equal(armed, 0);
  });

  it("clamps the host timer to 2^31-1 ms and re-arms when that wait ends early", async () => {
    let now = 0;
    const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
    const waits: number[] = [];
    let fire: (() => void) | undefined;
    await withHost("startTimer", (fn, ms) => {
      waits.push(ms);
      fire = fn;
      return waits.length;
    }, () =>
      withHost("stopTimer", () => {}, async () => {
        let ran = false;
        r.callLater(3_000_000, () => {
          ran = true;
          r.stop();
        });
        const done = r.run();
        assert.deepEqual(waits, [MAX_TIMER_MS]);
        now += MAX_TIMER_MS / 1000;
        fire!();
        assert.equal(ran, false);
        assert.equal(waits.length, 2);
        assert.equal(
          waits[1],
          Math.ceil((3_000_000 - MAX_TIMER_MS / 1000) * 1000),
        );
        now = 3_000_000;
        fire!();
        assert.equal(ran, true);
        await done;
      }));
  });

  it("idles: with nothing to do it makes no passes", async () => {
    const r = make();
    let passes = 0;
    const original = r.runUntilCurrent;
    r.runUntilCurrent = function () {
      passes++;
      original.call(this);
    };
    r.callWhenRunning(() =>
      setTimeout(() => r.callFromThread(() => r.stop()), 60)
    );
    await runBounded(r);
    // the first pass, the wake-up for the stop call, and the stop pass
    assert.ok(passes <= 4, `${passes} passes in 60 ms of idling`);
  });

  it("keeps waiting, with its timer armed, while nothing is scheduled", async () => {
    const r = make();
    const waits: number[] = [];
    const start = host.startTimer;
    await withHost("startTimer", (fn, ms) => {
      waits.push(ms);
      return start(fn, ms);
    }, async () => {
      r.callWhenRunning(() =>
        setTimeout(() => r.callFromThread(() => r.stop()), 5)
      );
      await runBounded(r);
    });
    assert.ok(waits.includes(MAX_TIMER_MS), `waits: ${waits}`);
  });
});

describe("Reactor signal handling (through the host seam)", () => {
  it("stops gracefully on SIGINT and logs it", async () => {
    const r = new Reactor({ installSignalHandlers: true });
    let deliver: ((s: StopSignal) => void) | undefined;
    let removed = 0;
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "shutdown",
      () => events.push("shutdown"),
    );
    const { events: logged } = await capturingLog(() =>
      withHost("listenForSignals", (handler) => {
        deliver = handler;
        return () => removed++;
      }, async () => {
        r.callWhenRunning(() => setTimeout(() => deliver!("SIGINT"), 5));
        await runBounded(r);
      })
    );
    assert.deepEqual(events, ["shutdown"]);
    assert.equal(removed, 1);
    assert.ok(
      logged.some((e) => e.message[0] === "Received SIGINT, shutting down."),
      JSON.stringify(logged.map((e) => e.message)),
    );
  });

  it("forces a stuck shutdown on a second signal: the stuck Deferred is cancelled and the rest runs", async () => {
    const r = new Reactor({ installSignalHandlers: true });
    let deliver: ((s: StopSignal) => void) | undefined;
    let removed = 0;
    const events: string[] = [];
    let stuck: Deferred<void> | undefined;
    r.addSystemEventTrigger("before", "shutdown", () => {
      events.push("stuck");
      setTimeout(() => deliver!("SIGTERM"), 5);
      stuck = new Deferred<void>(() => events.push("cancelled")); // never fires
      return stuck;
    });
    r.addSystemEventTrigger("during", "shutdown", () => events.push("during"));
    const { events: logged } = await capturingLog(() =>
      withHost("listenForSignals", (handler) => {
        deliver = handler;
        return () => removed++;
      }, async () => {
        r.callWhenRunning(() => setTimeout(() => deliver!("SIGINT"), 5));
        await runBounded(r);
      })
    );
    assert.deepEqual(events, ["stuck", "cancelled", "during"]);
    // the CancelledError the reactor caused is not left to be reported as
    // an unhandled error when the Deferred is collected
    let left: unknown = "nothing seen";
    stuck!.addBoth((r) => left = r);
    assert.equal(left, undefined);
    assert.equal(r.running, false);
    assert.equal(removed, 1);
    assert.deepEqual(
      logged.filter((e) => !e.isError).map((e) => e.message[0]),
      [
        "Received SIGINT, shutting down.",
        "Received SIGTERM again while shutting down; forcing it.",
      ],
    );
  });
});
