/**
 * Faults on real Web Workers: a worker that dies — `close()` or an exit, an
 * uncaught error, an unhandled rejection, an entry module that fails to
 * load — fails every task it held with `WorkerDied` naming the task and the
 * cause, and is replaced; no task is left unsettled. Bounded in time.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Failure } from "../../defer/failure.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";
import { Job } from "../../threads/_job.ts";
import { WorkerDied } from "../../threads/errors.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import { randomInt, seededRandom } from "../_random.ts";
import { now, outcome, T, TRANSPORTS, waking, within } from "./_pools.ts";

function describeThreads(pool: ThreadPool): string {
  return pool.threads.map((t) =>
    `${t.name}: ${
      t.alive ? "alive" : "ended"
    }, ${t.inFlight} in flight, ${t.restarts} restarts`
  ).join("; ");
}

/** How each way of dying is reported, on Deno and on Bun. */
const CAUSES = {
  close: /\(the task's code called (close\(\)|process\.exit\(0\))\)/,
  exit: /\(the task's code called process\.exit\(3\)\)/,
  throw: /\(uncaught error: TypeError: thrown from a timer\)/,
  reject:
    /\((unhandled rejection|uncaught error): RangeError: nobody handles this\)/,
} as const;
const MODES = Object.keys(CAUSES) as (keyof typeof CAUSES)[];

describe("faults on real Workers", () => {
  for (const { ring, wake, label } of TRANSPORTS) {
    it(`settles exactly N tasks, each with its right outcome, when some kill their worker (seeded; ${label})`, async () => {
      const seed = 0x5eed;
      const random = seededRandom(seed);
      const pool = waking(wake, () =>
        new ThreadPool({
          minthreads: 0,
          maxthreads: 2,
          concurrency: 1,
          name: "chaos",
          sharedMemory: ring,
        }));
      pool.start();
      const N = 24;
      let deaths = 0;
      // which tasks die is random; how they die cycles through every way
      const plan = Array.from({ length: N }, (_, i) => {
        const r = randomInt(random, 10);
        if (r < 2 || (i === N - 1 && deaths < MODES.length)) {
          return {
            kind: "die" as const,
            mode: MODES[deaths++ % MODES.length]!,
          };
        }
        return r < 5 ? { kind: "raise" as const } : { kind: "add" as const };
      });
      try {
        assert.ok(
          deaths >= MODES.length,
          `seed ${seed}: only ${deaths} deaths`,
        );
        const { events } = await capturingLog(async () => {
          const ds = plan.map((p, i) =>
            p.kind === "die"
              ? deferToThreadPool(now, pool, T.die, p.mode)
              : p.kind === "raise"
              ? deferToThreadPool(now, pool, T.raise, `no ${i}`)
              : deferToThreadPool(now, pool, T.add, i, 1000)
          );
          const settled = await within(
            Promise.all(ds.map((d) => outcome(d))),
            () => `all ${N} tasks (seed ${seed}); ${describeThreads(pool)}`,
            30000,
          );
          assert.equal(settled.length, N);
          for (const [i, [ok, v]] of settled.entries()) {
            const p = plan[i]!;
            const where = `task ${i} (${p.kind}), seed ${seed}`;
            if (p.kind === "add") {
              assert.deepEqual([ok, v], [true, i + 1000], where);
            } else if (p.kind === "raise") {
              assert.equal(ok, false, where);
              assert.equal((v as Failure).getErrorMessage(), `no ${i}`, where);
            } else {
              assert.equal(ok, false, where);
              const failure = v as Failure;
              assert.ok(failure.check(WorkerDied), where);
              assert.match(
                failure.getErrorMessage(),
                /^task .*faults\.[jt]s#die failed: the worker of thread PoolThread-chaos-[01] died \(.+\) while running it$/,
                where,
              );
              assert.match(
                failure.getErrorMessage(),
                CAUSES[p.mode],
                where + ": " + failure.getErrorMessage(),
              );
            }
          }
        });
        // nothing of this pool's went to the log (other test files share
        // this process on Bun, and their late events may land here)
        assert.deepEqual(
          errorsIn(events).filter((e) =>
            `${e.why} ${e.failure?.getErrorMessage()}`.includes("chaos")
          ),
          [],
        );
        const restarts = pool.threads.reduce((n, t) => n + t.restarts, 0);
        assert.ok(
          restarts <= deaths,
          `${restarts} restarts for ${deaths} deaths`,
        );
        assert.ok(restarts >= 1, "dead workers were replaced");
        assert.deepEqual(
          await outcome(deferToThreadPool(now, pool, T.add, 1, 1)),
          [true, 2],
          "the pool still works",
        );
      } finally {
        await within(
          pool.stop(),
          () => `the pool to stop; ${describeThreads(pool)}`,
          10000,
        );
      }
    });
  }

  it("fails a task with WorkerDied when the worker's entry module fails to load", async () => {
    const thread = new ThreadWorker({
      name: "broken",
      entry: new URL("./fixtures/broken_entry.ts", import.meta.url),
    });
    const result = await within(
      new Promise<[boolean, unknown]>((resolve) => {
        thread._send(
          new Job(T.add, [1, 2], null, now, (ok, r) => resolve([ok, r])),
        );
      }),
      "the task to fail",
    );
    assert.equal(result[0], false);
    assert.ok((result[1] as Failure).check(WorkerDied));
    assert.match(
      (result[1] as Failure).getErrorMessage(),
      /the worker of thread broken failed to start \(uncaught error: .*the entry module failed\)$/,
    );
    thread.quit();
    await within(thread.joined(), "the thread to end");
  });

  it("fails each task with WorkerDied when the entry module does not exist, without throwing at the caller", async () => {
    const thread = new ThreadWorker({
      name: "missing",
      entry: new URL("./fixtures/no_such_entry.ts", import.meta.url),
    });
    for (let i = 0; i < 2; i++) {
      const result = await within(
        new Promise<[boolean, unknown]>((resolve) => {
          thread._send(
            new Job(T.add, [1, 2], null, now, (ok, r) => resolve([ok, r])),
          );
        }),
        "the task to fail",
      );
      assert.equal(result[0], false);
      assert.ok((result[1] as Failure).check(WorkerDied));
      assert.match(
        (result[1] as Failure).getErrorMessage(),
        /the worker of thread missing (failed to start|could not be started)/,
      );
      // what to do: a bundler or a copy left the entry behind
      assert.match(
        (result[1] as Failure).getErrorMessage(),
        /no_such_entry\.[jt]s could not be loaded: .*setWorkerEntry\(\)/,
      );
    }
    thread.quit();
    await within(thread.joined(), "the thread to end");
  });
});
