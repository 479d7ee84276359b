/**
 * `stopServerOnShutdown`: at shutdown, a server stops accepting and its
 * requests in flight get up to `drainTimeout` seconds; then it is closed
 * (Bun's `stop(true)`) or let go (Deno's `unref()`). A forced shutdown lets
 * it go at once. Fake servers and a `Clock` for time: nothing real listens.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Deferred } from "../../defer/deferred.ts";
import { Clock } from "../../reactor/clock.ts";
import {
  type StoppableServer,
  stopServerOnShutdown,
} from "../../reactor/stop_server_on_shutdown.ts";
import type { SystemEventTriggerID } from "../../reactor/_three_phase_event.ts";
import { capturingLog } from "../_log.ts";

/** A clock that keeps the 'before shutdown' triggers it is given. */
class ShutdownClock extends Clock {
  triggers: (() => unknown)[] = [];
  addSystemEventTrigger(
    _phase: "before",
    _event: "shutdown",
    fn: () => unknown,
  ): SystemEventTriggerID {
    this.triggers.push(fn);
    return {} as SystemEventTriggerID;
  }
  /** Runs the triggers as a shutdown would; returns what they returned. */
  shutdown(): Deferred<void>[] {
    return this.triggers.map((fn) => fn() as Deferred<void>);
  }
}

/** A settable promise. */
function later() {
  let resolve!: () => void, reject!: (e: unknown) => void;
  const promise = new Promise<void>((y, n) => (resolve = y, reject = n));
  return { promise, resolve, reject };
}

/** A server like `Deno.serve`'s: `shutdown()` resolves when drained. */
function denoServer() {
  const calls: string[] = [];
  const drained = later();
  const server: StoppableServer = {
    shutdown() {
      calls.push("shutdown");
      return drained.promise;
    },
    unref() {
      calls.push("unref");
    },
  };
  return { server, calls, drained };
}

/** A server like `Bun.serve`'s: `stop(close)`. */
function bunServer() {
  const calls: string[] = [];
  const drained = later();
  const server: StoppableServer = {
    stop(close?: boolean) {
      calls.push(`stop(${close})`);
      return close ? Promise.resolve() : drained.promise;
    },
  };
  return { server, calls, drained };
}

const turn = () => new Promise((r) => setTimeout(r, 0));

describe("stopServerOnShutdown", () => {
  it("stops a Deno server at shutdown and lets shutdown go on once its requests are done", async () => {
    const clock = new ShutdownClock();
    const { server, calls, drained } = denoServer();
    stopServerOnShutdown(server, { reactor: clock, drainTimeout: 5 });
    assert.deepEqual(calls, [], "nothing before shutdown");
    const [d] = clock.shutdown();
    assert.deepEqual(calls, ["shutdown"]);
    assert.equal(d!.called, false, "it drains");
    drained.resolve();
    await turn();
    assert.equal(d!.called, true);
    assert.deepEqual(clock.getDelayedCalls(), [], "its timer is cancelled");
    assert.deepEqual(calls, ["shutdown"], "not let go: it finished");
  });

  it("lets a Deno server go (unref) after drainTimeout with requests still in flight, and says so", async () => {
    const clock = new ShutdownClock();
    const { server, calls } = denoServer();
    stopServerOnShutdown(server, { reactor: clock, drainTimeout: 5 });
    const { events } = await capturingLog(() => {
      const [d] = clock.shutdown();
      clock.advance(4.9);
      assert.equal(d!.called, false);
      clock.advance(0.1);
      assert.equal(d!.called, true);
    });
    assert.deepEqual(calls, ["shutdown", "unref"]);
    assert.deepEqual(
      events.map((e) => e.message.join(" ")),
      [
        "stopServerOnShutdown: requests still in flight after 5 s; shutting down without them",
      ],
    );
  });

  it("closes a Bun server's connections (stop(true)) after drainTimeout", async () => {
    const clock = new ShutdownClock();
    const { server, calls } = bunServer();
    stopServerOnShutdown(server, { reactor: clock, drainTimeout: 2 });
    await capturingLog(() => {
      const [d] = clock.shutdown();
      assert.deepEqual(calls, ["stop(false)"]);
      clock.advance(2);
      assert.equal(d!.called, true);
      assert.deepEqual(calls, ["stop(false)", "stop(true)"]);
    });
  });

  it("lets the server go at once when shutdown is forced (its Deferred cancelled)", async () => {
    const clock = new ShutdownClock();
    const { server, calls } = bunServer();
    stopServerOnShutdown(server, { reactor: clock, drainTimeout: 60 });
    const { events } = await capturingLog(() => {
      const [d] = clock.shutdown();
      d!.addErrback(() => {});
      d!.cancel();
    });
    assert.deepEqual(calls, ["stop(false)", "stop(true)"]);
    assert.deepEqual(clock.getDelayedCalls(), []);
    assert.match(
      events.map((e) => e.message.join(" ")).join("\n"),
      /shutdown was forced with requests still in flight/,
    );
  });

  it("logs a server that fails to stop, and lets shutdown go on", async () => {
    const clock = new ShutdownClock();
    const { server, drained } = denoServer();
    stopServerOnShutdown(server, { reactor: clock });
    const { events } = await capturingLog(async () => {
      const [d] = clock.shutdown();
      drained.reject(new Error("listener gone"));
      await turn();
      assert.equal(d!.called, true);
    });
    const errors = events.filter((e) => e.isError);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.failure?.getErrorMessage(), "listener gone");
  });

  it('refuses options that are not an object, a reactor without triggers, and unknown options: "x" registered on the default reactor', () => {
    const { server } = denoServer();
    const cases: [unknown, RegExp][] = [
      ["x", /^stopServerOnShutdown: options must be an object, got "x"$/],
      [null, /^stopServerOnShutdown: options must be an object, got null$/],
      [
        { reactor: "x" },
        /^stopServerOnShutdown: reactor must have an addSystemEventTrigger method, got "x"$/,
      ],
      [
        { drainTimeOut: 5 },
        /^stopServerOnShutdown: options: unknown option "drainTimeOut" \(did you mean "drainTimeout"\?\)/,
      ],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => stopServerOnShutdown(server, options as never),
        { name: "TypeError", message },
      );
    }
  });

  it("refuses a server it cannot stop and a drainTimeout that is not a finite number of seconds >= 0, naming them", () => {
    const clock = new ShutdownClock();
    assert.throws(
      () => stopServerOnShutdown({} as StoppableServer, { reactor: clock }),
      {
        name: "TypeError",
        message: /^stopServerOnShutdown: server must have a shutdown\(\)/,
      },
    );
    const { server } = denoServer();
    for (
      const [bad, shown] of [
        [-1, "-1"],
        [NaN, "NaN"],
        [Infinity, "Infinity"],
        ["5", '"5"'],
      ] as const
    ) {
      assert.throws(
        () =>
          stopServerOnShutdown(server, {
            reactor: clock,
            drainTimeout: bad as number,
          }),
        {
          name: "RangeError",
          message:
            `stopServerOnShutdown: drainTimeout must be a finite number of seconds >= 0, got ${shown}`,
        },
      );
    }
    assert.deepEqual(clock.triggers, [], "nothing was registered");
  });
});
