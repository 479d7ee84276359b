/**
 * ThreadWorker and `pool` (Twisted's `_threads.ThreadWorker` and `pool`),
 * and the mapping of Team lanes onto threads, with in-process threads so
 * every step is synchronous.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AlreadyQuit } from "../../threads/errors.ts";
import type { Team } from "../../threads/team.ts";
import { lanePool, pool } from "../../threads/lane_pool.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";
import { capturingLog, errorsIn } from "../_log.ts";

function inProcessThreads() {
  const made: ThreadWorker[] = [];
  const factory = () => {
    const t = new ThreadWorker({
      name: `t${made.length + 1}`,
      inProcess: true,
    });
    made.push(t);
    return t;
  };
  return { made, factory };
}

/** Work that never finishes: keeps its lane busy. */
const forever = () => new Promise<never>(() => {});

describe("ThreadWorker", () => {
  it("refuses options that are not an object, unknown ones, and an inProcess that is not a boolean", () => {
    assert.throws(
      () => new ThreadWorker(null as never),
      /^TypeError: ThreadWorker: options must be an object, got null$/,
    );
    assert.throws(
      () => new ThreadWorker({ inprocess: true } as never),
      /^TypeError: ThreadWorker: options: unknown option "inprocess" \(did you mean "inProcess"\?\)/,
    );
    assert.throws(
      () => new ThreadWorker({ inProcess: "false" as never }),
      /^TypeError: ThreadWorker: inProcess must be true or false, got "false"$/,
    );
    // null would run the worker with every permission
    assert.throws(
      () => new ThreadWorker({ permissions: null as never, inProcess: true }),
      /^TypeError: ThreadWorker: permissions must be "inherit", "none", or an object/,
    );
  });

  it("performs work handed to it, in order", () => {
    const thread = new ThreadWorker({ inProcess: true });
    const seen: number[] = [];
    thread.do(() => seen.push(1));
    thread.do(() => seen.push(2));
    assert.deepEqual(seen, [1, 2]);
  });

  it("runs work handed to it during other work after that work, in order", () => {
    const thread = new ThreadWorker({ inProcess: true });
    const seen: string[] = [];
    thread.do(() => {
      thread.do(() => seen.push("inner"));
      seen.push("outer");
    });
    assert.deepEqual(seen, ["outer", "inner"]);
  });

  it("makes quit refuse later do and quit with AlreadyQuit", () => {
    const thread = new ThreadWorker({ inProcess: true });
    thread.quit();
    assert.throws(() => thread.quit(), AlreadyQuit);
    assert.throws(() => thread.do(() => {}), AlreadyQuit);
  });

  it("logs work that throws and goes on with the next", async () => {
    const thread = new ThreadWorker({ name: "noisy", inProcess: true });
    const seen: string[] = [];
    const { events } = await capturingLog(() => {
      thread.do(() => {
        throw new EvalError("bad work");
      });
      thread.do(() => seen.push("next"));
    });
    assert.deepEqual(seen, ["next"]);
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.failure!.check(EvalError));
    assert.match(errors[0]!.why!, /thread noisy/);
  });

  it("hands itself to the work it runs", () => {
    const thread = new ThreadWorker({ name: "w", inProcess: true });
    let during: unknown;
    thread.do((performer) => {
      during = performer;
    });
    assert.equal(during, thread);
  });

  it("fires joined() once it has quit, and is no longer alive", async () => {
    const thread = new ThreadWorker({ inProcess: true });
    const early = thread.joined();
    assert.equal(thread.alive, true);
    thread.quit();
    await early;
    assert.equal(thread.alive, false);
    await thread.joined();
  });
});

describe("pool (lanes onto threads)", () => {
  it("makes one thread per busy lane up to the limit", () => {
    const { made, factory } = inProcessThreads();
    const team = pool(() => 3, factory, 4);
    for (let i = 0; i < 3; i++) team.do(forever);
    assert.equal(made.length, 3);
    assert.equal(team.statistics().busyWorkerCount, 3);
  });

  it("then shares the threads, up to lanesPerThread tasks each, and backlogs the rest", () => {
    const { made, factory } = inProcessThreads();
    const team = pool(() => 2, factory, 3);
    for (let i = 0; i < 7; i++) team.do(forever);
    assert.equal(made.length, 2);
    assert.deepEqual(team.statistics(), {
      idleWorkerCount: 0,
      busyWorkerCount: 6,
      backloggedWorkCount: 1,
    });
  });

  it("makes no thread while the limit is 0, and backlogs the work", () => {
    const { made, factory } = inProcessThreads();
    let limit = 0;
    const team = pool(() => limit, factory, 2);
    team.do(() => {});
    assert.equal(made.length, 0);
    assert.equal(team.statistics().backloggedWorkCount, 1);
    limit = 1;
    team.grow(1);
    assert.equal(made.length, 1);
    assert.equal(team.statistics().backloggedWorkCount, 0);
  });

  it("retires the surplus threads when lanes quit, keeping min(lanes, limit)", () => {
    const { made, factory } = inProcessThreads();
    const lanes = lanePool(() => 4, factory, 2);
    lanes.team.grow(4);
    assert.equal(made.length, 4);
    assert.equal(lanes.threadCount(), 4);
    lanes.team.shrink(3);
    assert.equal(lanes.threadCount(), 1);
    assert.deepEqual(made.map((t) => t.accepting).filter(Boolean).length, 1);
  });

  it("trims threads above a lowered limit without quitting lanes", () => {
    const { made, factory } = inProcessThreads();
    let limit = 3;
    const lanes = lanePool(() => limit, factory, 4);
    lanes.team.grow(3);
    assert.equal(lanes.threadCount(), 3);
    limit = 1;
    lanes.trim();
    assert.equal(lanes.threadCount(), 1);
    assert.equal(made.filter((t) => !t.alive).length, 2);
    assert.equal(lanes.team.statistics().idleWorkerCount, 3);
  });

  it("quits every thread when the team quits", async () => {
    const { made, factory } = inProcessThreads();
    const team = pool(() => 2, factory, 2);
    team.grow(2);
    team.quit();
    await Promise.all(made.map((t) => t.joined()));
    assert.ok(made.every((t) => !t.alive));
  });

  it("rejects a lanesPerThread that is not a positive integer", () => {
    assert.throws(
      () => pool(() => 1, () => new ThreadWorker({ inProcess: true }), 0),
      /pool: lanesPerThread must be an integer >= 1, got 0/,
    );
  });

  it("rejects a threadFactory that does not make a ThreadWorker", async () => {
    const team: Team = pool(() => 1, (() => ({})) as never, 1);
    const { events } = await capturingLog(() => {
      assert.throws(
        () => team.grow(1),
        /threadFactory must return a ThreadWorker, got an object/,
      );
    });
    assert.deepEqual(errorsIn(events), []);
  });
});
