/**
 * Hostile and buggy task code, on real workers, on both runtimes: garbage
 * and forged records posted on a worker's global port, attempts to make the
 * main thread load code, proxies kept past their task, a task reaching for
 * the library's private port, and a worker whose entry speaks the protocol
 * wrongly. In every case: the process lives on, every Deferred settles,
 * nothing reaches another caller's task, and a broken protocol ends only
 * the worker that broke it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { Failure } from "../../defer/failure.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { WorkerCallRefused, WorkerDied } from "../../threads/errors.ts";
import { Job } from "../../threads/_job.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { threadTask } from "../../threads/thread_task.ts";
import { ThreadWorker } from "../../threads/thread_worker.ts";
import type { LogEvent } from "../../defer/log.ts";
import { capturingLog, errorsIn } from "../_log.ts";
import {
  FakeReactor,
  now,
  oneWorkerPool,
  T,
  TRANSPORTS,
  type Wake,
  waking,
  within,
} from "./_pools.ts";
import type * as hostile from "./fixtures/hostile.ts";

const HOSTILE = new URL("./fixtures/hostile.ts", import.meta.url);
const H = {
  postNulls: threadTask<typeof hostile.postNulls>(HOSTILE, "postNulls"),
  postGarbage: threadTask<typeof hostile.postGarbage>(HOSTILE, "postGarbage"),
  forgeRecords: threadTask<typeof hostile.forgeRecords>(
    HOSTILE,
    "forgeRecords",
  ),
  slowEcho: threadTask<typeof hostile.slowEcho>(HOSTILE, "slowEcho"),
  holdProxy: threadTask<typeof hostile.holdProxy>(HOSTILE, "holdProxy"),
  loadOnMain: threadTask<typeof hostile.loadOnMain>(HOSTILE, "loadOnMain"),
  keepProxy: threadTask<typeof hostile.keepProxy>(HOSTILE, "keepProxy"),
  callKeptProxy: threadTask<typeof hostile.callKeptProxy>(
    HOSTILE,
    "callKeptProxy",
  ),
  blockOnKeptProxy: threadTask<typeof hostile.blockOnKeptProxy>(
    HOSTILE,
    "blockOnKeptProxy",
  ),
  trapPorts: threadTask<typeof hostile.trapPorts>(HOSTILE, "trapPorts"),
  findSharedMemory: threadTask<typeof hostile.findSharedMemory>(
    HOSTILE,
    "findSharedMemory",
  ),
  trappedPorts: threadTask<typeof hostile.trappedPorts>(
    HOSTILE,
    "trappedPorts",
  ),
};
const ROGUE = new URL("./fixtures/rogue_entry.ts", import.meta.url);

/**
 * The error events of this file's pools (Bun runs every test file in one
 * process: another file's late events may land in a capture window).
 */
const ours = (events: LogEvent[]) =>
  errorsIn(events).filter((e) => /hostile|rogue|healthy/.test(`${e.why}`));

/** Lets the worker's replies (and the stray messages) arrive. */
const settleDown = () => new Promise((r) => setTimeout(r, 100));

for (const { ring, wake, label } of TRANSPORTS) {
  describe(`hostile tasks on real workers (${label})`, () => {
    /** One worker, so every task shares it with the others. */
    let pool: ThreadPool;
    before(async () => {
      pool = oneWorkerPool("hostile", { ring, wake });
      // the worker's start (on Deno: type-checking the fixtures, seconds on
      // a loaded machine) is not what these tests bound
      await within(
        deferToThreadPool(now, pool, T.add, 0, 0),
        "the worker to start",
        60000,
      );
    });
    after(async () => {
      await within(pool.stop(), "the pool to stop");
    });

    it("a task posting null and undefined on its global port disturbs neither the process nor its own result", async () => {
      const { result, events } = await capturingLog(async () => {
        const got = await within(
          deferToThreadPool(now, pool, H.postNulls),
          "the task",
        );
        await settleDown();
        return got;
      });
      assert.equal(result, "ok");
      const errors = ours(events);
      assert.equal(errors.length, 1, "one stray message is reported");
      assert.match(errors[0]!.failure!.getErrorMessage(), /global port/);
      assert.equal(
        await within(
          deferToThreadPool(now, pool, T.add, 2, 3),
          "the next task",
        ),
        5,
      );
    });

    it("garbage of every shape on the global port is ignored, and the worker keeps working", async () => {
      const { result, events } = await capturingLog(async () => {
        const got = await within(
          deferToThreadPool(now, pool, H.postGarbage),
          "the task",
        );
        await settleDown();
        return got;
      });
      assert.equal(result, "ok");
      assert.ok(ours(events).length <= 1, "at most one report per worker");
      assert.equal(pool.threads[0]!.restarts, 0, "the worker was not replaced");
      assert.equal(
        await within(
          deferToThreadPool(now, pool, T.add, 1, 1),
          "the next task",
        ),
        2,
      );
    });

    it("forged outcomes, proxy calls, goodbye and dying records reach no other caller's task", async () => {
      const called: unknown[] = [];
      const { events } = await capturingLog(async () => {
        const genuine = deferToThreadPool(
          now,
          pool,
          H.slowEcho,
          "genuine",
          300,
        );
        const holder = deferToThreadPool(
          now,
          pool,
          H.holdProxy,
          (...a: unknown[]) => called.push(a),
          300,
        );
        const forger = deferToThreadPool(now, pool, H.forgeRecords, 50);
        assert.equal(await within(forger, "the forger"), "forged");
        assert.equal(await within(genuine, "the genuine task"), "genuine");
        assert.equal(await within(holder, "the proxy holder"), "held");
        await settleDown();
      });
      assert.deepEqual(called, [], "no forged call reached the main thread");
      assert.ok(ours(events).every((e) => !e.failure!.check(WorkerDied)));
      assert.equal(pool.threads[0]!.restarts, 0, "the worker was not replaced");
      assert.equal(
        await within(
          deferToThreadPool(now, pool, T.add, 3, 3),
          "the next task",
        ),
        6,
      );
    });

    it("a task cannot make the main thread import a data: module", async () => {
      const escaped = "data:text/javascript," +
        encodeURIComponent(
          "globalThis.__escapedToMain = true; export const f = () => 'escaped';",
        );
      const got = await within(
        deferToThreadPool(now, pool, H.loadOnMain, escaped, "f"),
        "the task",
      );
      assert.match(got, /^WorkerCallRefused: .*may not run task data:/);
      assert.equal(
        (globalThis as { __escapedToMain?: unknown }).__escapedToMain,
        undefined,
        "the module never ran on the main thread",
      );
    });

    it("a task cannot make the main thread run a file module's export it was not given", async () => {
      const got = await within(
        deferToThreadPool(
          now,
          pool,
          H.loadOnMain,
          T.add.moduleUrl,
          T.add.exportName,
        ),
        "the task",
      );
      assert.match(got, /^WorkerCallRefused: /);
      assert.equal(new WorkerCallRefused("x").name, "WorkerCallRefused");
    });

    it("a proxy called after its task finished is logged and dropped", async () => {
      const called: unknown[] = [];
      const { events } = await capturingLog(async () => {
        assert.equal(
          await within(
            deferToThreadPool(
              now,
              pool,
              H.keepProxy,
              (...a: unknown[]) => called.push(a),
            ),
            "keepProxy",
          ),
          "kept",
        );
        assert.equal(
          await within(
            deferToThreadPool(now, pool, H.callKeptProxy),
            "callKeptProxy",
          ),
          "called",
        );
        await settleDown();
      });
      assert.deepEqual(called, []);
      assert.ok(
        errorsIn(events).some((e) =>
          /after its task had finished/.test(e.failure!.getErrorMessage())
        ),
      );
    });

    it("a blocking call of a proxy whose task has finished fails inside the worker", async () => {
      await within(
        deferToThreadPool(now, pool, H.keepProxy, () => "never"),
        "keepProxy",
      );
      const got = await within(
        deferToThreadPool(now, pool, H.blockOnKeptProxy),
        "blockOnKeptProxy",
      );
      assert.match(got, /^Error: blockingCallFromThread: .*task has finished/);
    });

    it("a task finds none of the library's shared memory (its control words, its ring) in workerData or the global object", async () => {
      assert.equal(
        await within(
          deferToThreadPool(now, pool, H.findSharedMemory),
          "findSharedMemory",
        ),
        0,
      );
    });

    it("a task that replaces MessagePort.prototype.postMessage catches none of the library's ports", async () => {
      assert.equal(
        await within(deferToThreadPool(now, pool, H.trapPorts), "trapPorts"),
        "trapped",
      );
      const calls: unknown[] = [];
      await within(
        deferToThreadPool(
          now,
          pool,
          H.trappedPorts,
          (x: string) => calls.push(x),
        ),
        "a task whose outcome and proxy call pass the trap",
      );
      await settleDown();
      assert.deepEqual(calls, ["through the trap"]);
      assert.equal(
        await within(deferToThreadPool(now, pool, H.trappedPorts), "the count"),
        0,
      );
    });
  });
}

/** Runs one task on a fresh thread whose worker is the rogue entry. */
async function rogue(
  mode: string,
  options: { withProxy?: boolean; wake?: Wake } = {},
): Promise<{ held: Failure; rogue: [boolean, unknown]; events: string[] }> {
  const thread = waking(
    options.wake ?? "message",
    () => new ThreadWorker({ name: `rogue-${mode}`, entry: ROGUE }),
  );
  const reactor = new FakeReactor();
  const outcome = (job: Job) =>
    new Promise<[boolean, unknown]>((resolve) => {
      job.onResult = (ok, r) => resolve([ok, r]);
    });
  const { result, events } = await capturingLog(async () => {
    const first = new Job(T.echo, ["hold"], null, reactor, null);
    const firstDone = outcome(first);
    thread._send(first);
    const args: unknown[] = [mode, "x"];
    if (options.withProxy) args.push(() => "proxy");
    const second = new Job(T.echo, args, null, reactor, null);
    const secondDone = outcome(second);
    thread._send(second);
    const held = await within(firstDone, `the held task (${mode})`);
    const rogue = await within(secondDone, `the rogue task (${mode})`);
    return { held, rogue };
  });
  thread.quit();
  await within(thread.joined(), "the rogue thread to end");
  assert.equal(result.held[0], false, `${mode}: the held task failed`);
  return {
    held: result.held[1] as Failure,
    rogue: result.rogue,
    events: errorsIn(events).map((e) => e.failure!.getErrorMessage()),
  };
}

describe("a worker that breaks the protocol", () => {
  const cases: [string, RegExp, { withProxy?: boolean }?][] = [
    ["outcome-for-other", /an outcome for task 1002, which is not in flight/],
    ["null-batch", /not a batch of records: null/],
    ["unknown-op", /unknown opcode 99/],
    ["short-record", /opcode 11 needs 2 fields/],
    ["bad-error", /a malformed error record/],
    ["call-other-proxy", /belongs to another task|never given out/],
    ["double-block", /arrived while call 1 was unanswered/, {
      withProxy: true,
    }],
    ["block-more-unasked", /which has no oversized answer/],
    [
      "ring-outcome-for-other",
      /an outcome for task 1002, which is not in flight/,
    ],
    ["ring-bad-op", /its ring holds a record with opcode 99/],
    ["ring-bad-value", /its ring holds a malformed outcome for task 2/],
    ["ring-overrun", /its ring holds a record that runs past its end/],
  ];
  // ring lies, with this thread woken by message and by notify
  type Run = [string, RegExp, { withProxy?: boolean; wake?: Wake }, string];
  const runs = cases.flatMap(([mode, why, options = {}]): Run[] =>
    mode.startsWith("ring-")
      ? (["message", "atomics"] as const).map((wake): Run => [
        mode,
        why,
        { ...options, wake },
        ` (woken by ${wake})`,
      ])
      : [[mode, why, options, ""]]
  );
  for (const [mode, why, options, how] of runs) {
    it(`is ended with WorkerDied naming it, for ${mode}${how}, and nothing else is touched`, async () => {
      const healthy = new ThreadPool({
        minthreads: 1,
        maxthreads: 1,
        name: `healthy-${mode}`,
        reactor: now,
      });
      healthy.start();
      try {
        const bystander = deferToThreadPool(now, healthy, H.slowEcho, 7, 200);
        const got = await rogue(mode, options);
        assert.ok(got.held.check(WorkerDied), mode);
        assert.match(got.held.getErrorMessage(), why);
        assert.match(got.held.getErrorMessage(), /broke the protocol/);
        assert.ok(
          got.events.some((m) => why.test(m)),
          `${mode}: the violation is logged: ${got.events}`,
        );
        assert.equal(await within(bystander, "the bystander"), 7);
      } finally {
        await within(healthy.stop(), "the healthy pool to stop");
      }
    });
  }

  it("changes nothing when it floods this thread with notifies for a ring holding nothing", async () => {
    const thread = waking(
      "atomics",
      () => new ThreadWorker({ name: "rogue-notify-flood", entry: ROGUE }),
    );
    const reactor = new FakeReactor();
    const outcome = (args: unknown[]) =>
      new Promise<[boolean, unknown]>((resolve) => {
        const job = new Job(T.echo, args, null, reactor, null);
        job.onResult = (ok, r) => resolve([ok, r]);
        thread._send(job);
      });
    const { result, events } = await capturingLog(async () => [
      await within(outcome(["ok", "first"]), "the first task"),
      await within(outcome(["notify-flood", 42]), "the flooding task"),
      await within(outcome(["notify-flood", "again"]), "a second flood"),
      await within(outcome(["ok", "after"]), "the task after"),
    ]);
    assert.deepEqual(result, [
      [true, "first"],
      [true, 42],
      [true, "again"],
      [true, "after"],
    ]);
    assert.deepEqual(errorsIn(events).map((e) => e.why), []);
    assert.equal(thread.alive, true, "a spurious wake is no violation");
    thread._kill("the test ends it"); // this entry does not obey QUIT
    thread.quit();
    await within(thread.joined(), "the rogue thread to end");
  });

  it("is terminated when it says goodbye unasked, so the process can exit", {
    timeout: 60000,
  }, () => {
    const child = fileURLToPath(
      new URL("./fixtures/forged_bye_child.ts", import.meta.url),
    );
    const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
    const run = spawnSync(
      process.execPath,
      isDeno ? ["run", "--no-check", "-A", child] : [child],
      { encoding: "utf8", timeout: 30000 },
    );
    assert.equal(run.signal, null, `the child hung: ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /settled: false WorkerDied/);
  });
});
