/**
 * Hostile task outcomes, on real workers (over each transport) and
 * in-process: a task that throws, returns or rejects with a value that
 * cannot be inspected or sent, returns an object whose `then` getter
 * throws, or returns a thenable that calls back twice. Each such task's
 * outcome is settled as `Promise.resolve(value)` would settle it, or fails
 * that task alone with an error naming what could not be sent; another
 * caller's task in flight on the same worker is never touched, and the
 * worker is not replaced. And an exception raised by
 * `callInThreadWithCallback`'s `onResult` goes to `log`, once, whichever
 * way the task went.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Failure } from "../../defer/failure.ts";
import type { LogEvent } from "../../defer/log.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { loadTask } from "../../threads/_transport/load_task.ts";
import { settle } from "../../threads/_settle.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import {
  now,
  oneWorkerPool,
  outcome,
  T,
  TRANSPORTS,
  within,
} from "./_pools.ts";
import type * as hostile from "./fixtures/hostile_outcomes.ts";
import type * as hostileTasks from "./fixtures/hostile.ts";

const OUTCOMES = new URL("./fixtures/hostile_outcomes.ts", import.meta.url);
const task = <K extends keyof typeof hostile>(name: K) =>
  threadTask<typeof hostile[K]>(OUTCOMES, name);
/** Another caller's task: waits `ms`, then returns `value`. */
const slowEcho = threadTask<typeof hostileTasks.slowEcho>(
  new URL("./fixtures/hostile.ts", import.meta.url),
  "slowEcho",
);

/** How one hostile task must end: `[true, value]` or a failure check. */
interface Case {
  name: string;
  run: (pool: ThreadPool) => ReturnType<typeof deferToThreadPool>;
  /** Only where the task crosses a worker boundary. */
  workersOnly?: boolean;
  check: (ok: boolean, v: unknown) => void;
}

const REVOKED = /revoked/i;

/** Asserts a failure of class `name` whose message matches each pattern. */
function fails(name: string, ...patterns: RegExp[]) {
  return (ok: boolean, v: unknown) => {
    assert.equal(ok, false, `expected a failure, got ${String(v)}`);
    const f = v as Failure;
    assert.ok(f instanceof Failure);
    assert.ok(f.check(name), `a ${name}, got ${f.getErrorMessage()}`);
    for (const p of patterns) assert.match(f.getErrorMessage(), p);
  };
}

function succeeds(expected: unknown) {
  return (ok: boolean, v: unknown) => {
    assert.equal(ok, true, `expected success, got ${String(v)}`);
    assert.deepEqual(v, expected);
  };
}

const CASES: Case[] = [
  {
    name:
      "a task that throws a revoked proxy fails alone, naming its error as what could not be sent",
    run: (pool) => deferToThreadPool(now, pool, task("throwRevoked")),
    workersOnly: true,
    check: fails("TypeError", /task's error could not be sent/, REVOKED),
  },
  {
    name:
      "a task that returns a revoked proxy fails alone with the TypeError reading its then raised",
    run: (pool) => deferToThreadPool(now, pool, task("returnRevoked")),
    check: fails("TypeError", REVOKED),
  },
  {
    name:
      "a task whose promise rejects with a revoked proxy fails alone, naming its error as what could not be sent",
    run: (pool) => deferToThreadPool(now, pool, task("rejectRevokedLater"), 20),
    workersOnly: true,
    check: fails("TypeError", /task's error could not be sent/, REVOKED),
  },
  {
    name:
      "a task whose thenable rejects with a revoked proxy fails alone, naming its error as what could not be sent",
    run: (pool) =>
      deferToThreadPool(now, pool, task("thenableRejectsRevoked"), 20),
    workersOnly: true,
    check: fails("TypeError", /task's error could not be sent/, REVOKED),
  },
  {
    name:
      "a task that returns a proxy whose getPrototypeOf trap throws fails alone, naming its result as what could not be sent",
    run: (pool) => deferToThreadPool(now, pool, task("returnPrototypeTrap")),
    workersOnly: true,
    check: fails("TypeError", /task's result could not be sent/),
  },
  {
    name:
      "a task that returns an object whose then getter throws fails with that error",
    run: (pool) => deferToThreadPool(now, pool, task("returnThenGetterThrows")),
    check: fails("RangeError", /^then getter$/),
  },
  {
    name:
      "a thenable that calls back twice at once settles its task with the first value only",
    run: (pool) => deferToThreadPool(now, pool, task("thenableTwice")),
    check: succeeds(1),
  },
  {
    name:
      "a thenable that calls back twice later settles its task with the first value only",
    run: (pool) => deferToThreadPool(now, pool, task("thenableTwiceLater"), 20),
    check: succeeds(1),
  },
  {
    name: "a thenable whose then throws after settling keeps its first value",
    run: (pool) =>
      deferToThreadPool(now, pool, task("thenableThrowsAfterSettling")),
    check: succeeds("first"),
  },
  {
    name:
      "a thenable whose then throws before settling fails its task with that error",
    run: (pool) => deferToThreadPool(now, pool, task("thenableThrowsFirst")),
    check: fails("SyntaxError", /^then threw$/),
  },
  {
    name:
      "a thenable fulfilled with another thenable settles its task with the inner value, as Promise.resolve does",
    run: (pool) => deferToThreadPool(now, pool, task("nestedThenable"), "deep"),
    check: succeeds("deep"),
  },
  {
    name:
      "a typed array whose own byteLength, byteOffset and buffer getters throw still arrives whole",
    run: (pool) => deferToThreadPool(now, pool, task("shadowedBytes"), 16),
    workersOnly: true,
    check: (ok, v) => {
      assert.equal(ok, true, `expected success, got ${String(v)}`);
      assert.ok(v instanceof Uint8Array);
      assert.deepEqual([...v], new Array(16).fill(7));
    },
  },
];

/**
 * Runs `c` on `pool` while another caller's task is in flight there;
 * asserts both outcomes.
 */
async function withInnocent(pool: ThreadPool, c: Case, ms: number) {
  const innocent = outcome(
    deferToThreadPool(now, pool, slowEcho, "innocent", 150),
  );
  // the innocent task reaches the worker first
  await new Promise((r) => setTimeout(r, 10));
  const [ok, v] = await within(outcome(c.run(pool)), "the hostile task", ms);
  c.check(ok, v);
  assert.deepEqual(
    await within(innocent, "the other caller's task", ms),
    [true, "innocent"],
    "the other caller's task is unharmed",
  );
}

for (const { ring, wake, label } of TRANSPORTS) {
  describe(`hostile outcomes on real workers (${label})`, () => {
    /** One worker, so the hostile task shares it with the innocent one. */
    let pool: ThreadPool;
    before(async () => {
      pool = oneWorkerPool("hostile-outcomes", { ring, wake });
      // the worker's start (on Deno: type-checking the fixtures, seconds on
      // a loaded machine) is not what these tests bound
      await within(
        deferToThreadPool(now, pool, task("thenableTwice")),
        "the worker to start",
        60000,
      );
      await within(
        deferToThreadPool(now, pool, slowEcho, "warm", 0),
        "the worker to load the other fixture",
        60000,
      );
    });
    after(async () => {
      await within(pool.stop(), "the pool to stop");
    });

    for (const c of CASES) {
      it(c.name, async () => {
        const restarts = pool.threads[0]!.restarts;
        await withInnocent(pool, c, 5000);
        assert.equal(
          pool.threads[0]!.restarts,
          restarts,
          "the worker was not replaced",
        );
      });
    }
  });
}

describe("hostile outcomes in-process (no Worker)", () => {
  let pool: ThreadPool;
  before(async () => {
    await loadTask(OUTCOMES.href, "thenableTwice");
    await loadTask(slowEcho.moduleUrl, slowEcho.exportName);
    pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      inProcess: true,
      reactor: now,
    });
    pool.start();
  });
  after(async () => {
    await within(pool.stop(), "the pool to stop");
  });

  for (const c of CASES.filter((c) => !c.workersOnly)) {
    it(c.name, async () => {
      await withInnocent(pool, c, 2000);
    });
  }
});

/** This file's `onResult` error events (Bun shares the log across files). */
const onResultErrors = (events: LogEvent[]) =>
  errorsIn(events).filter((e) => /onResult/.test(`${e.why}`));

describe("an exception raised by callInThreadWithCallback's onResult", () => {
  let pool: ThreadPool;
  before(async () => {
    pool = new ThreadPool({
      minthreads: 1,
      maxthreads: 1,
      name: "onresult",
      reactor: now,
    });
    pool.start();
    await within(
      deferToThreadPool(now, pool, slowEcho, "warm", 0),
      "the worker to start",
      60000,
    );
  });
  after(async () => {
    await within(pool.stop(), "the pool to stop");
  });

  it("is logged once for a task run by a worker, and another caller's task is unharmed", async () => {
    const seen: unknown[] = [];
    const { result, events } = await capturingLog(async () => {
      const innocent = outcome(
        deferToThreadPool(now, pool, slowEcho, "innocent", 150),
      );
      await new Promise<void>((resolve) => {
        pool.callInThreadWithCallback(
          (ok, r) => {
            seen.push(ok, r);
            resolve();
            throw new SyntaxError("onResult broke on a worker's outcome");
          },
          T.add,
          1,
          2,
        );
      });
      const got = await within(innocent, "the other caller's task");
      await new Promise((r) => setTimeout(r, 20));
      return got;
    });
    assert.deepEqual(seen, [true, 3]);
    assert.deepEqual(result, [true, "innocent"]);
    const errors = onResultErrors(events);
    assert.equal(errors.length, 1, "logged exactly once");
    assert.ok(errors[0]!.failure!.check(SyntaxError));
    assert.equal(
      errors[0]!.failure!.getErrorMessage(),
      "onResult broke on a worker's outcome",
    );
  });

  it("is logged even when onResult throws a revoked proxy, and the pool keeps serving", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const { events } = await capturingLog(async () => {
      await new Promise<void>((resolve) => {
        pool.callInThreadWithCallback(
          () => {
            resolve();
            throw proxy;
          },
          T.add,
          1,
          2,
        );
      });
      await new Promise((r) => setTimeout(r, 20));
    });
    assert.equal(onResultErrors(events).length, 1, "logged exactly once");
    assert.equal(
      await within(deferToThreadPool(now, pool, T.add, 2, 2), "the next task"),
      4,
    );
  });

  it("is logged once for a task the pool stopped before it started", async () => {
    const unstarted = new ThreadPool({
      minthreads: 0,
      maxthreads: 1,
      name: "onresult-unstarted",
      reactor: now,
    });
    const seen: unknown[] = [];
    const { events } = await capturingLog(async () => {
      unstarted.callInThreadWithCallback(
        (ok, r) => {
          seen.push(ok, (r as Failure).check("AlreadyQuit") !== null);
          throw new SyntaxError("onResult broke on a refusal");
        },
        T.add,
        1,
        2,
      );
      await within(unstarted.stop(), "the unstarted pool to stop");
      await new Promise((r) => setTimeout(r, 20));
    });
    assert.deepEqual(seen, [false, true], "onResult saw AlreadyQuit");
    const errors = onResultErrors(events);
    assert.equal(errors.length, 1, "logged exactly once");
    assert.equal(
      errors[0]!.failure!.getErrorMessage(),
      "onResult broke on a refusal",
    );
  });
});

describe("a main-thread outcome that is a revoked Proxy", () => {
  it("fails through settle's callback instead of throwing from it", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const seen: (Failure | undefined)[] = [];
    settle(proxy, (failure) => void seen.push(failure));
    assert.equal(seen.length, 1, "settle did not call back once");
    assert.ok(seen[0]?.check(TypeError), "settle did not fail it");
  });
});
