/**
 * How shutdown ends, beyond Twisted's rules: the thread pool stops only
 * once the other `before` triggers have settled (a server drains first); a
 * forced shutdown (a second signal) cancels what it waits for and runs the
 * rest; after shutdown, calls from other threads still run (so the
 * Deferreds they fire settle); work handed to the stopped reactor's pool is
 * refused at once; and work scheduled on a reactor that never ran is
 * pointed out.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { Reactor } from "../../reactor/reactor.ts";
import {
  type ReactorTask,
  type ReactorThreadPool,
  setThreadPoolFactory,
} from "../../reactor/thread_pool_factory.ts";
import { ThreePhaseEvent, Trigger } from "../../reactor/_three_phase_event.ts";
import { capturingLog, capturingLogSync } from "../_log.ts";

const make = () => new Reactor({ installSignalHandlers: false });
/** A stand-in task: the fake pools only record it. */
const TASK: ReactorTask = { moduleUrl: "file:///srv/t.ts", exportName: "t" };

/** A recording stand-in pool; `stop()` returns a Deferred fired by hand. */
function withFakePool<R>(
  fn: (log: string[], stopped: () => Deferred<void>) => R,
): R {
  const log: string[] = [];
  let stopping: Deferred<void> | undefined;
  const pool: ReactorThreadPool = {
    start: () => log.push("start"),
    stop: () => {
      log.push("stop");
      return stopping = new Deferred<void>(() => log.push("stop cancelled"));
    },
    callInThread: () => log.push("task"),
    adjustPoolsize: () => {},
  };
  const previous = setThreadPoolFactory(() => pool);
  try {
    return fn(log, () => stopping!);
  } finally {
    setThreadPoolFactory(previous);
  }
}

describe("the last wave of 'before' triggers", () => {
  it("runs a last 'before' trigger only once the others' results have settled, then the rest", () => {
    const event = new ThreePhaseEvent();
    const seen: string[] = [];
    const drain = new Deferred<void>();
    event.add(
      new Trigger("e", "before", () => (seen.push("last"), null), [], true),
    );
    event.add(
      new Trigger("e", "before", () => (seen.push("drain"), drain), []),
    );
    event.add(new Trigger("e", "during", () => seen.push("during"), []));
    event.fire();
    assert.deepEqual(seen, ["drain"]);
    drain.callback(undefined);
    assert.deepEqual(seen, ["drain", "last", "during"]);
  });

  it("stops the reactor's pool after a 'before' trigger's Deferred (a server draining) has fired", () =>
    withFakePool((log) => {
      const r = make();
      r.getThreadPool();
      const drained = new Deferred<void>();
      r.addSystemEventTrigger("before", "shutdown", () => drained);
      r.fireSystemEvent("shutdown");
      assert.deepEqual(log, [], "the pool keeps working while requests drain");
      drained.callback(undefined);
      assert.deepEqual(log, ["stop"]);
    }));
});

describe("a forced shutdown", () => {
  it("cancels the 'before' results it waits for and runs the during and after triggers at once", () => {
    const event = new ThreePhaseEvent();
    const seen: string[] = [];
    const stuck = new Deferred<void>(() => seen.push("cancelled"));
    stuck.addErrback(() => {}); // its owner handles its CancelledError
    event.add(new Trigger("e", "before", () => stuck, []));
    event.add(new Trigger("e", "during", () => seen.push("during"), []));
    event.add(new Trigger("e", "after", () => seen.push("after"), []));
    event.fire();
    assert.equal(event.force(), true);
    assert.deepEqual(seen, ["cancelled", "during", "after"]);
    assert.equal(event.force(), false, "nothing left to force");
  });

  it("runs the last 'before' triggers it had not reached yet, and cancels their results too", () => {
    const event = new ThreePhaseEvent();
    const seen: string[] = [];
    const stuck = new Deferred<void>(() => seen.push("stuck cancelled"));
    stuck.addErrback(() => {});
    const stopping = new Deferred<void>(() => seen.push("stop cancelled"));
    stopping.addErrback(() => {});
    event.add(
      new Trigger("e", "before", () => (seen.push("stop"), stopping), [], true),
    );
    event.add(new Trigger("e", "before", () => stuck, []));
    event.add(new Trigger("e", "during", () => seen.push("during"), []));
    event.fire();
    assert.deepEqual(seen, [], "the last wave waits for the stuck trigger");
    assert.equal(event.force(), true);
    assert.deepEqual(seen, [
      "stop",
      "stuck cancelled",
      "stop cancelled",
      "during",
    ]);
  });
});

describe("after shutdown", () => {
  it("runs calls from other threads soon and in order, instead of never", async () => {
    const r = make();
    r.callWhenRunning(() => r.stop());
    await r.run();
    const seen: number[] = [];
    r.callFromThread(() => seen.push(1));
    r.callFromThread(() => {
      seen.push(2);
      r.callFromThread(() => seen.push(3)); // and the calls those make
    });
    assert.deepEqual(seen, [], "not within the caller");
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it("keeps the stopped pool, so work handed to it is refused instead of waiting for ever", async () => {
    await withFakePool(async (log, stopped) => {
      const r = make();
      const pool = r.getThreadPool();
      r.callWhenRunning(() => r.stop());
      const running = r.run();
      await new Promise((resolve) => setTimeout(resolve, 0));
      stopped().callback(undefined);
      await running;
      assert.equal(r.getThreadPool(), pool);
      assert.deepEqual(log, ["start", "stop"]);
    });
  });

  it("gives a pool first asked for after shutdown stopped at once", () =>
    withFakePool((log) => {
      const r = make();
      r.fireSystemEvent("shutdown");
      r.getThreadPool();
      assert.deepEqual(log, ["stop"]);
    }));
});

describe("work on a reactor that never ran", () => {
  it("is pointed out, naming what was given the work, and only if it still waits", () => {
    const r = make();
    r.callLater(5, () => {});
    const { events } = capturingLogSync(() => r._warnIfWaiting("a while ago"));
    assert.equal(events.length, 1);
    assert.match(
      events[0]!.failure!.getErrorMessage(),
      /^callLater was given work a while ago, but the reactor has not been started, so none of it happens until reactor\.run\(\) is called/,
    );
    const quiet = make();
    quiet.callLater(5, () => {}).cancel();
    assert.equal(
      capturingLogSync(() => quiet._warnIfWaiting("now")).events.length,
      0,
      "no work waits: nothing to say",
    );
  });

  it("is not pointed out once the reactor has started", async () => {
    const r = make();
    r.callFromThread(() => r.stop());
    await r.run();
    const { events } = await capturingLog(() => r._warnIfWaiting("earlier"));
    assert.equal(events.length, 0);
  });

  it("is not pointed out once the reactor was shut down without running", () =>
    withFakePool((_, stopped) => {
      const r = make();
      r.getThreadPool();
      r.callLater(5, () => {});
      r.fireSystemEvent("shutdown");
      stopped().callback(undefined);
      const { events } = capturingLogSync(() => r._warnIfWaiting("earlier"));
      assert.equal(events.length, 0, "its pool is stopped; no run() can come");
    }));

  it("is not pointed out for a pool only made or sized, and is once a task waits in it", () => {
    let backlog = 0;
    const previous = setThreadPoolFactory(() => ({
      start() {},
      stop() {},
      callInThread() {
        backlog++;
      },
      adjustPoolsize() {},
      get backlog() {
        return backlog;
      },
    }));
    try {
      const r = make();
      r.getThreadPool();
      r.suggestThreadPoolSize(4);
      const warned = () =>
        capturingLogSync(() => r._warnIfWaiting("earlier")).events.length;
      assert.equal(warned(), 0, "no task was given");
      r.callInThread(TASK);
      assert.equal(warned(), 1);
    } finally {
      setThreadPoolFactory(previous);
    }
  });

  it("names the thread pool when the work went there", () =>
    withFakePool(() => {
      const r = make();
      r.callInThread(TASK);
      const { events } = capturingLogSync(() => r._warnIfWaiting("earlier"));
      assert.match(
        events[0]!.failure!.getErrorMessage(),
        /the reactor's thread pool \(callInThread, deferToThread\) was given work/,
      );
    }));
});
