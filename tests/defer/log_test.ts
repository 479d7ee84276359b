/**
 * `log`: where everything the library swallows goes — observers, events,
 * and failures of observers themselves.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  defaultObserver,
  Failure,
  log,
  type LogEvent,
} from "../../defer/mod.ts";
import { capturingLogSync } from "../_log.ts";

describe("log", () => {
  it("hands a msg event with its parts to every observer", () => {
    const { events } = capturingLogSync(() => log.msg("hello", 42));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.isError, false);
    assert.deepEqual(events[0]!.message, ["hello", 42]);
    assert.equal(typeof events[0]!.time, "number");
  });

  it("wraps a thrown value given to err in a Failure and keeps a Failure as is", () => {
    const failure = new Failure(new RangeError("as is"));
    const { events } = capturingLogSync(() => {
      log.err(new TypeError("wrapped"), "while testing");
      log.err(failure);
    });
    assert.equal(events.length, 2);
    assert.equal(events[0]!.isError, true);
    assert.ok(events[0]!.failure!.check(TypeError));
    assert.equal(events[0]!.why, "while testing");
    assert.equal(events[1]!.failure, failure);
    assert.equal("why" in events[1]!, false);
  });

  it("refuses err() without an error, with a TypeError saying why (JavaScript has no current exception)", () => {
    const { events } = capturingLogSync(() => {
      assert.throws(
        () => (log.err as () => void)(),
        /log\.err: give the error to log .* no current exception/,
      );
    });
    assert.deepEqual(events, []);
    const undefinedThrown = capturingLogSync(() => log.err(undefined)).events;
    assert.equal(
      undefinedThrown.length,
      1,
      "a thrown undefined is still logged",
    );
  });

  it("adds an observer only once and ignores removing an unknown one", () => {
    const seen: LogEvent[] = [];
    const observer = (e: LogEvent) => {
      seen.push(e);
    };
    capturingLogSync(() => {
      log.addObserver(observer);
      log.addObserver(observer);
      log.removeObserver(() => {});
      log.msg("once");
      log.removeObserver(observer);
      log.msg("not seen");
    });
    assert.equal(seen.length, 1);
  });

  it("still reaches the other observers when one throws, then logs that failure", () => {
    const broken = () => {
      throw new RangeError("observer broke");
    };
    const { events } = capturingLogSync(() => {
      log.addObserver(broken);
      try {
        log.msg("important");
      } finally {
        log.removeObserver(broken);
      }
    });
    assert.deepEqual(events[0]!.message, ["important"]);
    const report = events.find((e) =>
      e.why === "Log observer raised an exception:"
    );
    assert.ok(report?.failure?.check(RangeError));
  });

  it("writes error events to stderr and ignores msg events in the default observer", () => {
    const written: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      written.push(args);
    };
    try {
      defaultObserver({ isError: false, message: ["quiet"], time: 0 });
      defaultObserver({
        isError: true,
        message: [],
        failure: new Failure(new RangeError("loud")),
        why: "Something failed:",
        time: 0,
      });
    } finally {
      console.error = original;
    }
    assert.equal(written.length, 1);
    const text = String(written[0]![0]);
    assert.match(text, /^Something failed:\nRangeError: loud\n/);
  });
});
