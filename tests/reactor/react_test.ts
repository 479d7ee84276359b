/**
 * `react` (Twisted's `task.react`, `ReactTests` in behaviour): the reactor
 * runs until what `main` returns settles, is stopped once, and the outcome
 * becomes the exit code. In-process on private reactors with `exit: false`;
 * the real end of a program in child processes on the runtime under test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { Deferred } from "../../defer/deferred.ts";
import { fail, succeed } from "../../defer/succeed.ts";
import { NotACoroutineError } from "../../defer/errors.ts";
import { SystemExit } from "../../reactor/errors.ts";
import { react } from "../../reactor/react.ts";
import { Reactor } from "../../reactor/reactor.ts";
import { capturingLog } from "../_log.ts";
import { ROOT } from "../_source.ts";
import { runArgs } from "../_runtime.ts";

const make = () => new Reactor({ installSignalHandlers: false });
const noExit = (reactor: Reactor) => ({ reactor, exit: false });

describe("react", () => {
  it("runs the reactor until main's Deferred fires, then stops it with status 0", async () => {
    const reactor = make();
    const seen: string[] = [];
    const code = await react(
      (r) => {
        const finished = new Deferred<void>();
        r.callLater(0.01, () => seen.push("timed call"));
        r.callLater(0.02, () => finished.callback(undefined));
        return finished;
      },
      [],
      noExit(reactor),
    );
    assert.equal(code, 0);
    assert.deepEqual(seen, ["timed call"]);
    assert.equal(reactor.running, false);
  });

  it("stops at once when main's Deferred has already fired", async () => {
    const reactor = make();
    let timedCallRan = false;
    const code = await react(
      (r) => {
        r.callLater(0.05, () => timedCallRan = true);
        return succeed(undefined);
      },
      [],
      noExit(reactor),
    );
    assert.equal(code, 0);
    assert.equal(timedCallRan, false);
  });

  it("passes argv to main after the reactor, and takes an async function", async () => {
    const reactor = make();
    const got: unknown[] = [];
    const code = await react(
      async (r, x: number, y: string) => {
        got.push(r, x, y);
        await Promise.resolve();
      },
      [1, "two"],
      noExit(reactor),
    );
    assert.equal(code, 0);
    assert.deepEqual(got, [reactor, 1, "two"]);
  });

  it("logs a failure of main, once, and ends with status 1", async () => {
    const reactor = make();
    let code = -1;
    const { events } = await capturingLog(async () => {
      code = await react(
        () => {
          const d = new Deferred<void>();
          reactor.callLater(0.01, () => d.errback(new RangeError("boom")));
          return d;
        },
        [],
        noExit(reactor),
      );
    });
    assert.equal(code, 1);
    const errors = events.filter((e) => e.failure !== undefined);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.why, "main function encountered error");
    assert.equal(errors[0]!.failure!.check(RangeError), RangeError);
  });

  it("ends with the code of a SystemExit that main fails with, logging nothing", async () => {
    const reactor = make();
    let code = -1;
    const { events } = await capturingLog(async () => {
      code = await react(() => fail(new SystemExit(23)), [], noExit(reactor));
    });
    assert.equal(code, 23);
    assert.deepEqual(events, []);
  });

  it("does not stop the reactor again when shutdown began before main's result settled", async () => {
    for (const outcome of ["succeeds", "fails"] as const) {
      const reactor = make();
      let code = -1;
      const { events } = await capturingLog(async () => {
        code = await react(
          (r) => {
            r.callLater(0.01, r.stop);
            const finished = new Deferred<void>();
            r.addSystemEventTrigger("during", "shutdown", () => {
              if (outcome === "succeeds") finished.callback(undefined);
              else finished.errback(new RangeError("late"));
            });
            return finished;
          },
          [],
          noExit(reactor),
        );
      });
      assert.equal(code, outcome === "succeeds" ? 0 : 1, outcome);
      const errors = events.filter((e) => e.failure !== undefined);
      assert.equal(errors.length, outcome === "succeeds" ? 0 : 1, outcome);
    }
  });

  it("handles main stopping the reactor itself just before its Deferred fires", async () => {
    const reactor = make();
    let code = -1;
    const { events } = await capturingLog(async () => {
      code = await react(
        (r) => {
          const d = new Deferred<void>();
          r.callLater(0.01, () => {
            r.stop();
            d.callback(undefined);
          });
          return d;
        },
        [],
        noExit(reactor),
      );
    });
    assert.equal(code, 0);
    assert.deepEqual(events.filter((e) => e.failure !== undefined), []);
  });

  it("lets what main throws, or a result that is no Deferred, promise or generator, escape before the reactor runs", () => {
    const reactor = make();
    assert.throws(
      () =>
        react(
          () => {
            throw new RangeError("at once");
          },
          [],
          noExit(reactor),
        ),
      /at once/,
    );
    assert.throws(
      () => react((() => 42) as never, [], noExit(reactor)),
      NotACoroutineError,
    );
    assert.equal(reactor.running, false);
  });

  it("refuses a bad main, argv, reactor or exit option with a TypeError naming it", () => {
    const main = () => succeed(undefined);
    assert.throws(
      () => react(42 as never),
      /react: main must be a function, got 42/,
    );
    assert.throws(
      () => react(main, "x" as never),
      /react: argv must be an array, got "x"/,
    );
    assert.throws(
      () => react(main, [], { reactor: {} as never }),
      /react: options\.reactor must be a Reactor/,
    );
    assert.throws(
      () => react(main, [], { reactor: make(), exit: 1 as never }),
      /react: options\.exit must be true or false, got 1/,
    );
  });

  it("refuses a SystemExit code that is not an exit status", () => {
    assert.throws(() => new SystemExit(256), RangeError);
    assert.throws(() => new SystemExit(1.5), RangeError);
    assert.equal(new SystemExit().code, 0);
  });
});

describe("react ending a program", () => {
  const CHILD = `${ROOT}tests/reactor/_react_child.ts`;
  const run = (mode: string) =>
    spawnSync(process.execPath, runArgs(CHILD, mode), {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30000,
    });

  it("ends with status 0 once main succeeds, and runs nothing after react", () => {
    const { status, stdout } = run("ok");
    assert.equal(stdout, "main done\n");
    assert.equal(status, 0);
  });

  it("ends with a SystemExit's code", () => {
    const { status, stdout, stderr } = run("exit-3");
    assert.equal(status, 3);
    assert.equal(stdout, "");
    assert.doesNotMatch(stderr, /SystemExit/);
  });

  it("ends with status 1 after reporting main's failure and the unhandled failures left", () => {
    const { status, stderr } = run("fails");
    assert.equal(status, 1);
    assert.match(stderr, /main function encountered error/);
    assert.match(stderr, /main went wrong/);
    assert.match(stderr, /left unhandled/);
  });
});
