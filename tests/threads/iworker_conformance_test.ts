/**
 * One contract, every worker: Twisted's `IWorker` as this library keeps it,
 * checked against each implementation — `LockWorker`, a memory worker, an
 * in-process `ThreadWorker`, a pool's lane, and a `Team` — the way
 * `tests/reactor/reactor_time_test.ts` checks every `IReactorTime`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AlreadyQuit } from "../../threads/errors.ts";
import type { IWorker, Work } from "../../threads/interfaces.ts";
import { lanePool } from "../../threads/lane_pool.ts";
import { LockWorker } from "../../threads/lock_worker.ts";
import { createMemoryWorker } from "../../threads/memory_worker.ts";
import { Team } from "../../threads/team.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";

/** A worker under test, and how to make it do what it was given. */
interface Subject {
  readonly worker: IWorker;
  /** Performs whatever the worker holds (a no-op for workers that run at once). */
  perform(): void;
  /** The worker each work item should be handed. */
  readonly performer: (p: unknown) => boolean;
}

const SUBJECTS: Record<string, () => Subject> = {
  LockWorker: () => {
    const worker = new LockWorker();
    return { worker, perform() {}, performer: (p) => p === worker };
  },
  "a memory worker": () => {
    const [worker, step] = createMemoryWorker();
    return {
      worker,
      perform: () => {
        while (step());
      },
      performer: (p) => p === worker,
    };
  },
  "an in-process ThreadWorker": () => {
    const worker = new ThreadWorker({ name: "conformance", inProcess: true });
    return { worker, perform() {}, performer: (p) => p === worker };
  },
  "a pool's lane": () => {
    const threads: ThreadWorker[] = [];
    const pool = lanePool(() => 1, () => {
      const t = new ThreadWorker({ inProcess: true });
      threads.push(t);
      return t;
    }, 4);
    const worker = pool.lane()!;
    return {
      worker,
      perform() {},
      // a lane hands work to the thread it picks
      performer: (p) => threads.includes(p as ThreadWorker),
    };
  },
  "a Team": () => {
    const members: LockWorker[] = [];
    const worker = new Team(new LockWorker(), () => {
      const w = new LockWorker();
      members.push(w);
      return w;
    }, (f) => {
      throw f.value;
    });
    return {
      worker,
      perform() {},
      // a Team hands work to the member that runs it
      performer: (p) => members.includes(p as LockWorker),
    };
  },
};

for (const [name, make] of Object.entries(SUBJECTS)) {
  describe(`IWorker: ${name}`, () => {
    it("performs the work it is given, in the order given", () => {
      const s = make();
      const order: number[] = [];
      for (let i = 0; i < 3; i++) s.worker.do(() => order.push(i));
      s.perform();
      assert.deepEqual(order, [0, 1, 2]);
    });

    it("hands each work item the worker that performs it", () => {
      const s = make();
      const seen: unknown[] = [];
      const work: Work = (performer) => seen.push(performer);
      s.worker.do(work);
      s.worker.do(work);
      s.perform();
      assert.equal(seen.length, 2);
      assert.ok(seen.every(s.performer), `performers: ${seen}`);
    });

    it("still performs work given before quit", () => {
      const s = make();
      const done: string[] = [];
      s.worker.do(() => done.push("before"));
      s.worker.quit();
      s.perform();
      assert.deepEqual(done, ["before"]);
    });

    it("refuses work after quit with AlreadyQuit", () => {
      const s = make();
      s.worker.quit();
      assert.throws(() => s.worker.do(() => {}), AlreadyQuit);
    });

    it("refuses a second quit with AlreadyQuit", () => {
      const s = make();
      s.worker.quit();
      assert.throws(() => s.worker.quit(), AlreadyQuit);
    });

    it("rejects work that is not a function with a TypeError naming it", () => {
      const s = make();
      assert.throws(
        () => s.worker.do(42 as unknown as Work),
        (e: Error) =>
          e instanceof TypeError &&
          /must be a function, got 42/.test(e.message),
      );
    });
  });
}
