/**
 * The demo and the seed programs: what `deno task demo --fast` prints (run
 * as a process, as a user runs it), each program's timing on virtual time,
 * and the virtual-time reactor itself. The real-time demo is the one CI runs
 * (`npx deno task demo`); `twisted_parity_test.ts` compares the output with
 * Twisted's.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import {
  Deferred,
  setThreadPoolFactory,
  type Statistics,
  succeed,
  ThreadPool,
} from "../mod.ts";
import { main as callbacksErrbacks } from "./callbacks_errbacks.ts";
import { main as singleCallback } from "./single_callback.ts";
import { VirtualTimeReactor } from "./virtual_time_reactor.ts";
import {
  demoCommand,
  FAST_STDERR,
  FAST_STDOUT,
  IS_DENO,
  runProcess,
} from "./_process.ts";

describe("deno task demo", () => {
  it("with --fast, prints the seed programs and the fourth under their headings without waiting", async () => {
    const [cmd, args] = demoCommand("--fast");
    const r = await runProcess(cmd, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, FAST_STDOUT);
    assert.equal(r.stderr, FAST_STDERR);
    // on real time the first two programs alone wait 8 s
    assert.ok(r.ms < 5000, `took ${r.ms.toFixed(0)} ms`);
  });

  it("refuses an unknown argument with exit code 2, running nothing", async () => {
    const [cmd, args] = demoCommand("--slow");
    const r = await runProcess(cmd, args);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /unknown argument --slow/);
  });
});

describe("the seed programs as scripts", () => {
  it("remote_data.ts runs on the default reactor in real time, with a real worker, and exits", async () => {
    const args = IS_DENO
      ? ["run", "--allow-read", "examples/remote_data.ts"]
      : ["examples/remote_data.ts"];
    const r = await runProcess(process.execPath, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const expected = FAST_STDOUT.slice(FAST_STDOUT.indexOf("loadRemoteData"));
    assert.equal(r.stdout, expected); // named after its pool thread
  });
});

describe("the seed programs on virtual time", () => {
  it("single callback: the result arrives at 2 s and the reactor stops at 4 s", async () => {
    const reactor = new VirtualTimeReactor();
    const lines: string[] = [];
    await singleCallback(
      reactor,
      (l) => lines.push(`${reactor.seconds()}: ${l}`),
    );
    assert.deepEqual(lines, [
      "0: getDummyData called",
      "0: Starting the reactor",
      "2: Result received: 9",
    ]);
    assert.equal(reactor.seconds(), 4);
    assert.equal(reactor.running, false);
  });

  it("callbacks and errbacks: at 2 s the failure for 3 goes to the error printer and Result: 12 to the other", async () => {
    const reactor = new VirtualTimeReactor();
    const out: string[] = [];
    const err: string[] = [];
    await callbacksErrbacks(
      reactor,
      (l) => out.push(`${reactor.seconds()}: ${l}`),
      (l) => err.push(`${reactor.seconds()}: ${l}`),
    );
    assert.deepEqual(out, ["2: Result: 12"]);
    assert.deepEqual(err, [
      "2: [Failure instance: ValueError: You used an odd number!]",
    ]);
    assert.equal(reactor.seconds(), 4);
  });
});

describe("VirtualTimeReactor", () => {
  it("runs an hour of timed calls in time order without waiting", async () => {
    const reactor = new VirtualTimeReactor();
    const seen: number[] = [];
    for (const t of [3600, 60, 1800, 60.5]) {
      reactor.callLater(t, () => seen.push(reactor.seconds()));
    }
    reactor.callLater(3600, () => reactor.stop());
    const started = performance.now();
    await reactor.run();
    assert.deepEqual(seen, [60, 60.5, 1800, 3600]);
    assert.equal(reactor.clock.seconds(), 3600);
    assert.ok(performance.now() - started < 1000);
  });

  it("waits for the host while nothing is scheduled, so a call from outside gets in", async () => {
    const reactor = new VirtualTimeReactor();
    setTimeout(() => reactor.callFromThread(() => reactor.stop()), 5);
    await reactor.run();
    assert.equal(reactor.running, false);
    assert.equal(reactor.clock.seconds(), 0);
  });

  it("holds virtual time while the reactor's thread pool has work", async () => {
    class Busy extends ThreadPool {
      busy = 1;
      override statistics(): Statistics {
        return {
          idleWorkerCount: 0,
          busyWorkerCount: this.busy,
          backloggedWorkCount: 0,
        };
      }
      override start(): void {}
      override stop(): Deferred<void> {
        return succeed(undefined);
      }
    }
    const pool = new Busy({ inProcess: true });
    const previous = setThreadPoolFactory(() => pool);
    try {
      const reactor = new VirtualTimeReactor();
      reactor.getThreadPool();
      reactor.callLater(10, () => reactor.stop());
      let timeWhileBusy: number | undefined;
      setTimeout(() => {
        timeWhileBusy = reactor.seconds();
        pool.busy = 0;
      }, 20);
      await reactor.run();
      assert.equal(timeWhileBusy, 0);
      assert.equal(reactor.seconds(), 10);
    } finally {
      setThreadPoolFactory(previous);
    }
  });

  it("lets a shutdown trigger's Deferred hold the reactor until it fires", async () => {
    const reactor = new VirtualTimeReactor();
    const events: string[] = [];
    const flushed = new Deferred<void>();
    reactor.addSystemEventTrigger("before", "shutdown", () => {
      events.push("before");
      setTimeout(() => {
        events.push("flushed");
        flushed.callback(undefined);
      }, 5);
      return flushed;
    });
    reactor.addSystemEventTrigger(
      "after",
      "shutdown",
      () => events.push("after"),
    );
    reactor.callLater(10, () => reactor.stop());
    await reactor.run();
    assert.deepEqual(events, ["before", "flushed", "after"]);
    assert.equal(reactor.clock.seconds(), 10);
  });
});
