/**
 * Callbacks written `async`, handed to code that does not wait for them
 * (`callLater`, `callFromThread`, `during`/`after` triggers and so
 * `callWhenRunning`, `Clock`): a promise they return that rejects is
 * logged, once, as a throw would be — not left as the host's unhandled
 * rejection, which ends the program on Deno and reaches no observer.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fail } from "../../defer/succeed.ts";
import { Clock } from "../../reactor/clock.ts";
import { Reactor } from "../../reactor/reactor.ts";
import { capturingLog, errorsIn } from "../_log.ts";

/** An async callback that fails after an await. */
const failsLater = (tag: string) => async () => {
  await null;
  throw new RangeError(tag);
};

/** Lets the promises settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a callback that returns a promise that rejects", () => {
  it("is logged once, as a throw, from callLater, callFromThread, during and after triggers", async () => {
    let now = 0;
    const r = new Reactor({ seconds: () => now, installSignalHandlers: false });
    const { events } = await capturingLog(async () => {
      r.callLater(1, failsLater("timed"));
      r.callFromThread(failsLater("from thread"));
      r.addSystemEventTrigger("during", "custom", failsLater("during"));
      r.addSystemEventTrigger("after", "custom", failsLater("after"));
      now = 1;
      r.runUntilCurrent();
      r.fireSystemEvent("custom");
      await settle();
    });
    const errors = errorsIn(events);
    assert.deepEqual(
      errors.map((e) => e.failure!.getErrorMessage()).sort(),
      ["after", "during", "from thread", "timed"],
    );
    assert.ok(errors.every((e) => e.failure!.check(RangeError)));
    const whys = errors.map((e) => e.why).join("\n");
    assert.match(whys, /Unhandled error in a DelayedCall/);
    assert.match(whys, /Unhandled error in a callFromThread call/);
    assert.match(whys, /Error in a 'during' trigger for system event "custom"/);
    assert.match(whys, /Error in an 'after' trigger for system event "custom"/);
  });

  it("is logged once from a Clock's call, while a throw still leaves advance", async () => {
    const clock = new Clock();
    const { events } = await capturingLog(async () => {
      clock.callLater(1, failsLater("on the clock"));
      clock.advance(1);
      await settle();
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure!.getErrorMessage(), "on the clock");
    clock.callLater(1, () => {
      throw new RangeError("thrown");
    });
    assert.throws(() => clock.advance(1), /thrown/);
  });

  it("leaves a returned Deferred to its owner, as Twisted does", async () => {
    const clock = new Clock();
    const { events } = await capturingLog(async () => {
      const kept = fail(new RangeError("the owner's"));
      clock.callLater(1, () => kept);
      clock.advance(1);
      await settle();
      assert.equal(kept.called, true);
      kept.addErrback(() => {}); // handled by its owner after all
    });
    assert.equal(errorsIn(events).length, 0);
  });
});
