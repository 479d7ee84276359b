/**
 * System event triggers: Twisted's ThreePhaseEventTests and
 * SystemEventTests (test_internet.py), through the reactor's
 * `addSystemEventTrigger` / `removeSystemEventTrigger` / `fireSystemEvent`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Reactor, type SystemEventTriggerID } from "../../reactor/mod.ts";
import { Deferred } from "../../defer/mod.ts";
import { capturingLog, capturingLogSync, errorsIn } from "../_log.ts";

const make = () => new Reactor({ installSignalHandlers: false });

describe("system events: phases and order (ThreePhaseEventTests)", () => {
  it("rejects an invalid phase", () => {
    assert.throws(
      () => make().addSystemEventTrigger("xxx" as "before", "test", () => {}),
      RangeError,
    );
  });

  for (const phase of ["before", "during", "after"] as const) {
    it(`runs a '${phase}' trigger with its arguments only when its event fires`, () => {
      const r = make();
      const seen: unknown[] = [];
      const arg = {};
      r.addSystemEventTrigger(phase, "test", (a: object) => seen.push(a), arg);
      r.fireSystemEvent("other");
      assert.deepEqual(seen, []);
      r.fireSystemEvent("test");
      assert.equal(seen.length, 1);
      assert.equal(seen[0], arg);
    });
  }

  it("runs before, then during, then after triggers, each in the order added", () => {
    const r = make();
    const events: string[] = [];
    const add = (phase: "before" | "during" | "after", tag: string) =>
      r.addSystemEventTrigger(
        phase,
        "test",
        (t: string) => events.push(t),
        tag,
      );
    add("after", "first after");
    add("during", "first during");
    add("before", "first before");
    add("before", "second before");
    add("during", "second during");
    add("after", "second after");
    r.fireSystemEvent("test");
    assert.deepEqual(events, [
      "first before",
      "second before",
      "first during",
      "second during",
      "first after",
      "second after",
    ]);
  });

  it("waits for a Deferred returned by a before trigger", () => {
    const r = make();
    const events: string[] = [];
    const d = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => d);
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.addSystemEventTrigger("after", "test", () => events.push("after"));
    r.fireSystemEvent("test");
    assert.deepEqual(events, []);
    d.callback();
    assert.deepEqual(events, ["during", "after"]);
  });

  it("waits for every Deferred returned by before triggers", () => {
    const r = make();
    const events: string[] = [];
    const first = new Deferred<void>();
    const second = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => first);
    r.addSystemEventTrigger("before", "test", () => second);
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.fireSystemEvent("test");
    first.callback();
    assert.deepEqual(events, []);
    second.callback();
    assert.deepEqual(events, ["during"]);
  });

  it("waits for a promise returned by a before trigger too (an extension)", async () => {
    const r = make();
    const events: string[] = [];
    let release!: () => void;
    const p = new Promise<void>((resolve) => release = resolve);
    r.addSystemEventTrigger("before", "test", () => p);
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.fireSystemEvent("test");
    await Promise.resolve();
    assert.deepEqual(events, []);
    release();
    await p;
    await Promise.resolve();
    assert.deepEqual(events, ["during"]);
  });

  it("logs a rejected promise from a before trigger and goes on", async () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "test",
      () => Promise.reject(new Error("nope")),
    );
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    const { events: logged } = await capturingLog(async () => {
      r.fireSystemEvent("test");
      for (let i = 0; i < 5; i++) await Promise.resolve();
    });
    assert.deepEqual(events, ["during"]);
    assert.equal(errorsIn(logged).length, 1);
    assert.equal(errorsIn(logged)[0]!.failure!.getErrorMessage(), "nope");
  });

  it("goes on when a before trigger's Deferred fails, leaving the failure to it", () => {
    const r = make();
    const events: string[] = [];
    const d = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => d);
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.fireSystemEvent("test");
    d.errback(new Error("late failure"));
    assert.deepEqual(events, ["during"]);
    let handled = "";
    d.addErrback((f) => {
      handled = f.getErrorMessage();
    });
    assert.equal(handled, "late failure");
  });

  it("logs a before trigger that throws and runs the rest", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "test", () => {
      throw new TypeError("dummy");
    });
    r.addSystemEventTrigger("before", "test", () => events.push("before"));
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    const { events: logged } = capturingLogSync(() =>
      r.fireSystemEvent("test")
    );
    assert.deepEqual(events, ["before", "during"]);
    const errors = errorsIn(logged);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check(TypeError));
    assert.match(errors[0]!.why!, /'before' trigger for system event "test"/);
  });

  it("logs a during trigger that throws and runs the rest", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("during", "test", () => {
      throw new TypeError("dummy");
    });
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.addSystemEventTrigger("after", "test", () => events.push("after"));
    const { events: logged } = capturingLogSync(() =>
      r.fireSystemEvent("test")
    );
    assert.deepEqual(events, ["during", "after"]);
    assert.equal(errorsIn(logged).length, 1);
  });

  it("runs triggers once: a second firing runs nothing", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "test", () => events.push("before"));
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.addSystemEventTrigger("after", "test", () => events.push("after"));
    r.fireSystemEvent("test");
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["before", "during", "after"]);
  });

  it("finishes a firing whose before Deferred settles after a newer firing ended, running the triggers added meanwhile", () => {
    const r = make();
    const events: string[] = [];
    const waiting = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => waiting);
    r.addSystemEventTrigger("during", "test", () => events.push("during 1"));
    r.fireSystemEvent("test"); // waits on its before trigger's Deferred
    r.fireSystemEvent("test"); // nothing to wait for: during and after now
    assert.deepEqual(events, ["during 1"]);
    r.addSystemEventTrigger("during", "test", () => events.push("during 2"));
    waiting.callback(undefined);
    assert.deepEqual(events, ["during 1", "during 2"], "as in Twisted");
  });

  it("runs triggers added to a phase that has not finished yet", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "test", () => {
      events.push("before 1");
      r.addSystemEventTrigger("before", "test", () => events.push("before 2"));
      r.addSystemEventTrigger("after", "test", () => events.push("after"));
    });
    r.addSystemEventTrigger("during", "test", () => {
      events.push("during 1");
      r.addSystemEventTrigger("during", "test", () => events.push("during 2"));
    });
    r.fireSystemEvent("test");
    assert.deepEqual(events, [
      "before 1",
      "before 2",
      "during 1",
      "during 2",
      "after",
    ]);
  });
});

describe("system events: removal (ThreePhaseEventTests, SystemEventTests)", () => {
  it("does not run a removed trigger", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger("before", "test", () => events.push("first"));
    const id = r.addSystemEventTrigger(
      "before",
      "test",
      () => events.push("second"),
    );
    r.removeSystemEventTrigger(id);
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["first"]);
  });

  it("refuses to remove a trigger twice, or something that is not an ID", () => {
    const r = make();
    const id = r.addSystemEventTrigger("during", "test", () => {});
    r.removeSystemEventTrigger(id);
    assert.throws(
      () => r.removeSystemEventTrigger(id),
      (e: unknown) =>
        e instanceof RangeError &&
        /already removed, or already run/.test(e.message),
    );
    assert.throws(
      () => r.removeSystemEventTrigger(null as unknown as SystemEventTriggerID),
      TypeError,
    );
    assert.throws(
      () => r.removeSystemEventTrigger({ event: "test", phase: "during" }),
      TypeError,
    );
  });

  it("refuses to remove a trigger of another reactor", () => {
    const id = make().addSystemEventTrigger("during", "test", () => {});
    const other = make();
    assert.throws(() => other.removeSystemEventTrigger(id), RangeError);
    other.addSystemEventTrigger("during", "test", () => {});
    assert.throws(() => other.removeSystemEventTrigger(id), RangeError);
  });

  it("refuses to remove a trigger that has run in a finished firing", () => {
    const r = make();
    const id = r.addSystemEventTrigger("during", "test", () => {});
    r.fireSystemEvent("test");
    assert.throws(() => r.removeSystemEventTrigger(id), RangeError);
  });

  it("only logs the removal of a before trigger that already ran in this firing", () => {
    const r = make();
    const events: string[] = [];
    const first = r.addSystemEventTrigger(
      "before",
      "test",
      () => events.push("first"),
    );
    r.addSystemEventTrigger(
      "before",
      "test",
      () => r.removeSystemEventTrigger(first),
    );
    r.addSystemEventTrigger("before", "test", () => events.push("second"));
    const { events: logged } = capturingLogSync(() =>
      r.fireSystemEvent("test")
    );
    assert.deepEqual(events, ["first", "second"]);
    assert.equal(errorsIn(logged).length, 0);
    assert.equal(logged.length, 1);
    assert.match(
      String(logged[0]!.message[0]),
      /has already run; nothing removed/,
    );
  });

  it("does not run a pending before trigger removed by an earlier one", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "test",
      () => r.removeSystemEventTrigger(victim),
    );
    const victim = r.addSystemEventTrigger(
      "before",
      "test",
      () => events.push("first"),
    );
    r.addSystemEventTrigger("before", "test", () => events.push("second"));
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["second"]);
  });

  it("does not run a during trigger removed by a before trigger", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "before",
      "test",
      () => r.removeSystemEventTrigger(during),
    );
    const during = r.addSystemEventTrigger(
      "during",
      "test",
      () => events.push("during"),
    );
    r.addSystemEventTrigger("after", "test", () => events.push("after"));
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["after"]);
  });

  it("does not run a during trigger removed while a before Deferred is pending", () => {
    const r = make();
    const events: string[] = [];
    const d = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => d);
    const during = r.addSystemEventTrigger(
      "during",
      "test",
      () => events.push("during"),
    );
    r.addSystemEventTrigger("after", "test", () => events.push("after"));
    r.fireSystemEvent("test");
    r.removeSystemEventTrigger(during);
    d.callback();
    assert.deepEqual(events, ["after"]);
  });

  it("removes a during trigger identical to a before trigger that ran, and does not run it", () => {
    const r = make();
    const events: string[] = [];
    const trigger = () => events.push("trigger");
    r.addSystemEventTrigger("before", "test", trigger);
    r.addSystemEventTrigger(
      "before",
      "test",
      () => r.removeSystemEventTrigger(during),
    );
    const during = r.addSystemEventTrigger("during", "test", trigger);
    const { events: logged } = capturingLogSync(() =>
      r.fireSystemEvent("test")
    );
    assert.deepEqual(events, ["trigger"]);
    assert.deepEqual(logged, []);
  });

  it("does not run a pending during trigger removed by an earlier one", () => {
    const r = make();
    const events: string[] = [];
    r.addSystemEventTrigger(
      "during",
      "test",
      () => r.removeSystemEventTrigger(victim),
    );
    const victim = r.addSystemEventTrigger(
      "during",
      "test",
      () => events.push("first"),
    );
    r.addSystemEventTrigger("during", "test", () => events.push("second"));
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["second"]);
  });
});

describe("system events: Deferreds and independence (SystemEventTests)", () => {
  it("runs later before triggers when one of them fires an earlier one's Deferred", () => {
    const r = make();
    const events: string[] = [];
    const first = new Deferred<void>();
    const second = new Deferred<void>();
    r.addSystemEventTrigger("before", "test", () => first);
    r.addSystemEventTrigger("before", "test", () => first.callback());
    r.addSystemEventTrigger("before", "test", () => {
      events.push("before");
      return second;
    });
    r.addSystemEventTrigger("during", "test", () => events.push("during"));
    r.fireSystemEvent("test");
    assert.deepEqual(events, ["before"]);
    second.callback();
    assert.deepEqual(events, ["before", "during"]);
  });

  it("keeps different events independent while one waits on a Deferred", () => {
    const r = make();
    const events: string[] = [];
    const firstD = new Deferred<void>();
    const secondD = new Deferred<void>();
    r.addSystemEventTrigger("before", "first", () => {
      events.push("before first");
      return firstD;
    });
    r.addSystemEventTrigger("after", "first", () => events.push("after first"));
    r.addSystemEventTrigger("before", "second", () => {
      events.push("before second");
      return secondD;
    });
    r.addSystemEventTrigger(
      "after",
      "second",
      () => events.push("after second"),
    );
    r.fireSystemEvent("first");
    r.fireSystemEvent("second");
    assert.deepEqual(events, ["before first", "before second"]);
    firstD.callback();
    assert.deepEqual(events, ["before first", "before second", "after first"]);
    secondD.callback();
    assert.deepEqual(events, [
      "before first",
      "before second",
      "after first",
      "after second",
    ]);
  });

  it("does nothing when an event without triggers fires", () => {
    const r = make();
    const { events } = capturingLogSync(() =>
      r.fireSystemEvent("nothing here")
    );
    assert.deepEqual(events, []);
  });
});
