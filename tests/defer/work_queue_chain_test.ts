/**
 * One long-lived Deferred as a serial work queue: each job is a callback
 * that returns a Deferred, and new jobs are added while earlier ones wait,
 * so the chain never runs dry. Twisted drops each callback as it runs;
 * here too, the jobs that have run are let go, however long the queue
 * lives.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, succeed } from "../../defer/mod.ts";
import { collectGarbage } from "../_gc.ts";

/** How many of `refs` are still alive after a few collections. */
async function survivors(refs: WeakRef<object>[]): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return refs.filter((r) => r.deref() !== undefined).length;
}

describe("a Deferred used as a work queue that never empties", () => {
  it("lets go of the jobs that have run, and runs the rest in order", async () => {
    const queue = succeed<unknown>(null);
    const running: Deferred<number>[] = []; // the job waiting to finish
    const refs: WeakRef<object>[] = [];
    const order: number[] = [];
    let added = 0;
    const enqueue = () => {
      const n = added++;
      const payload = { n }; // what a job holds (its request, say)
      refs.push(new WeakRef(payload));
      queue.addCallback(() => {
        order.push(payload.n);
        const d = new Deferred<number>();
        running.push(d);
        return d;
      });
    };
    for (let i = 0; i < 4; i++) enqueue(); // three always wait behind one
    for (let done = 0; done < 2000; done++) {
      const job = running.shift();
      assert.ok(job, `job ${done} should be running`);
      enqueue();
      job.callback(done);
    }
    assert.deepEqual(order, Array.from({ length: 2001 }, (_, i) => i));
    // the one running and the three waiting, and a few the collector has
    // not taken yet (Bun scans its stack conservatively)
    assert.ok(
      await survivors(refs) <= 60,
      "jobs that have run are still held by the queue",
    );
  });
});
