/**
 * `blockingCallFromThread` gets the answer to its own call, and no other:
 * a wait that wakes with no answer, or with another call's, waits on. Then
 * the stress test: N workers × M blocking calls, each answer checked
 * against its own input, on both runtimes.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import { awaitAnswer } from "../../threads/_transport/block.ts";
import { Answer, Ctrl } from "../../threads/_transport/protocol.ts";
import { now, T, within } from "./_pools.ts";
import { startBareWorker } from "./_bare_worker.ts";

describe("a blocking call's answer", () => {
  it("is waited for through a wake-up with no answer and a stale answer of another call", async () => {
    const buffer = new SharedArrayBuffer(Ctrl.DATA + 64);
    const words = new Int32Array(buffer, 0, Ctrl.DATA / 4);
    const answerer = startBareWorker(
      new URL("./fixtures/block_answerer.ts", import.meta.url),
    );
    try {
      const started = new Promise<void>((r) =>
        answerer.onNextMessage(() => r())
      );
      answerer.postMessage({ buffer, seq: 5 });
      await within(started, "the answerer to start");
      const begun = performance.now();
      const state = awaitAnswer(words, 5); // blocks this thread
      const waited = performance.now() - begun;
      assert.equal(state, Answer.OK);
      assert.equal(Atomics.load(words, Ctrl.SEQ), 5);
      assert.ok(waited >= 40, `returned after ${waited} ms, before the answer`);
    } finally {
      answerer.terminate();
    }
  });
});

describe("blockingCallFromThread under load", () => {
  it("hands every one of N workers × M calls its own answer, three rounds", {
    timeout: 120000,
  }, async () => {
    // main before the fix: ~1 run in 2 at this size gave some call the
    // answer meant for the call before it (seen as "call 12428 -> 24854")
    const WORKERS = 8, CALLS = 20000;
    const pool = new ThreadPool({
      minthreads: WORKERS,
      maxthreads: WORKERS,
      concurrency: 1,
      name: "blocking-stress",
      reactor: now,
    });
    pool.start();
    try {
      for (let round = 0; round < 3; round++) {
        const results = await within(
          Promise.all(
            Array.from(
              { length: WORKERS },
              () =>
                deferToThreadPool(
                  now,
                  pool,
                  T.blockingLoop,
                  (i: number) => 2 * i,
                  CALLS,
                ),
            ),
          ),
          `round ${round}`,
          60000,
        );
        assert.deepEqual(
          results,
          Array.from({ length: WORKERS }, () => [0, null]),
          `round ${round}`,
        );
      }
    } finally {
      await within(pool.stop(), "the pool to stop");
    }
  });
});
