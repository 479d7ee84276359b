/**
 * `DeferredQueue`: Twisted's OtherPrimitivesTests (`testQueue`,
 * `test_cancelQueueAfterSynchronousGet`, `test_cancelQueueAfterGet`) in
 * behaviour, plus argument checks and a seeded model check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CancelledError,
  Deferred,
  DeferredQueue,
  QueueOverflow,
  QueueUnderflow,
} from "../../defer/mod.ts";
import { randomInt, seededRandom } from "../_random.ts";
import { failureOf } from "./_results.ts";

describe("DeferredQueue", () => {
  it("follows Twisted's testQueue scenario with size 2 and backlog 2", () => {
    const N = 2, M = 2;
    const queue = new DeferredQueue<number | null>(N, M);
    let gotten: unknown[] = [];
    for (let i = 0; i < M; i++) {
      queue.get().addCallback((v) => {
        gotten.push(v);
      });
    }
    assert.throws(() => queue.get(), QueueUnderflow);
    for (let i = 0; i < M; i++) {
      queue.put(i);
      assert.deepEqual(gotten, Array.from({ length: i + 1 }, (_, k) => k));
    }
    for (let i = 0; i < N; i++) {
      queue.put(N + i);
      assert.deepEqual(gotten, [0, 1]);
    }
    assert.throws(() => queue.put(null), QueueOverflow);
    gotten = [];
    for (let i = 0; i < N; i++) {
      queue.get().addCallback((v) => {
        gotten.push(v);
      });
      assert.deepEqual(
        gotten,
        Array.from({ length: i + 1 }, (_, k) => N + k),
      );
    }
  });

  it("delivers items to waiting gets in order when unbounded", () => {
    const queue = new DeferredQueue<number>();
    const gotten: number[] = [];
    for (let i = 0; i < 3; i++) {
      queue.get().addCallback((v) => {
        gotten.push(v);
      });
    }
    for (let i = 0; i < 3; i++) queue.put(i);
    assert.deepEqual(gotten, [0, 1, 2]);
    assert.equal(queue.size, undefined);
    assert.equal(queue.backlog, undefined);
  });

  it("refuses every stored put with size 0 but still serves a waiting get", () => {
    const queue = new DeferredQueue<string>(0);
    assert.throws(() => queue.put("x"), {
      name: "QueueOverflow",
      message: "DeferredQueue.put: the queue is full (size 0)",
    });
    const d = queue.get();
    queue.put("direct");
    assert.equal(d.result, "direct");
  });

  it("refuses every waiting get with backlog 0", () => {
    const queue = new DeferredQueue<string>(undefined, 0);
    assert.throws(() => queue.get(), {
      name: "QueueUnderflow",
      message:
        "DeferredQueue.get: the queue is empty and 0 gets already wait (backlog 0)",
    });
    queue.put("stored");
    assert.equal(queue.get().result, "stored");
  });

  it("lists pending items and waiting gets in copies", () => {
    const queue = new DeferredQueue<number>();
    queue.put(1);
    queue.put(2);
    const pending = queue.pending;
    pending.push(3);
    assert.deepEqual(queue.pending, [1, 2]);
    queue.get();
    queue.get();
    const a = queue.get();
    const b = queue.get();
    const waiting = queue.waiting;
    waiting.length = 0;
    assert.deepEqual(queue.waiting, [a, b]);
  });

  it("treats null and Infinity as no bound", () => {
    const queue = new DeferredQueue<number>(null, Infinity);
    assert.equal(queue.size, undefined);
    assert.equal(queue.backlog, undefined);
  });

  it("throws a RangeError for a negative or fractional size or backlog", () => {
    assert.throws(() => new DeferredQueue(-1), {
      name: "RangeError",
      message:
        "DeferredQueue: size must be an integer >= 0, Infinity, null or undefined, got -1",
    });
    assert.throws(() => new DeferredQueue(undefined, 1.5), {
      name: "RangeError",
      message:
        "DeferredQueue: backlog must be an integer >= 0, Infinity, null or undefined, got 1.5",
    });
    assert.throws(() => new DeferredQueue(NaN), RangeError);
  });

  it("throws a TypeError for a size that is not a number", () => {
    assert.throws(() => new DeferredQueue("2" as never), {
      name: "TypeError",
      message:
        'DeferredQueue: size must be an integer >= 0, Infinity, null or undefined, got "2"',
    });
  });

  it("throws a TypeError for a Deferred item and keeps the waiting get waiting", () => {
    const queue = new DeferredQueue<unknown>();
    const d = queue.get();
    assert.throws(() => queue.put(new Deferred()), {
      name: "TypeError",
      message: /item must not be a Deferred/,
    });
    assert.deepEqual(queue.waiting, [d]);
    queue.put("fine");
    assert.equal(d.result, "fine");
  });

  it("does nothing when a get that already has its item is cancelled", () => {
    const queue = new DeferredQueue<null>();
    const d = queue.get();
    let errbacks = 0;
    d.addErrback(() => errbacks++);
    queue.put(null);
    d.cancel();
    assert.equal(errbacks, 0);
    assert.equal(d.result, null);
  });

  it("fails a cancelled waiting get with CancelledError and never delivers to it", () => {
    const queue = new DeferredQueue<string>();
    const d = queue.get();
    d.cancel();
    assert.ok(failureOf(d).value instanceof CancelledError);
    // failureOf handled the failure: the chain goes on with undefined
    const done: unknown[] = [];
    d.addCallback(() => {
      // if the Deferred were still in line, this put would re-fire it
      queue.put("item");
      return queue.get();
    }).addCallback((v) => {
      done.push(v);
    });
    assert.deepEqual(done, ["item"]);
  });

  it("skips a cancelled get and delivers to the next one", () => {
    const queue = new DeferredQueue<string>();
    const a = queue.get();
    const b = queue.get();
    a.addErrback((f) => f.trap(CancelledError));
    a.cancel();
    queue.put("to b");
    assert.equal(b.result, "to b");
    assert.deepEqual(queue.pending, []);
  });

  it("stores a put made inside a get's callback behind the items already pending (Twisted's order)", () => {
    const queue = new DeferredQueue<number>();
    const out: number[] = [];
    const got = (v: number) => {
      out.push(v);
      if (v === 1) queue.put(3);
    };
    queue.get().addCallback(got);
    queue.put(1);
    queue.put(2);
    queue.get().addCallback(got);
    queue.get().addCallback(got);
    assert.deepEqual(out, [1, 3, 2]);
    assert.deepEqual(queue.pending, []);
    assert.equal(queue.waiting.length, 0);
  });

  it("keeps 100,000 items in order through interleaved puts and gets", () => {
    const queue = new DeferredQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      queue.put(i);
      if (i % 3 === 2) {
        queue.get().addCallback((v) => {
          out.push(v);
        });
      }
    }
    for (let left = 100_000 - out.length; left > 0; left--) {
      queue.get().addCallback((v) => {
        out.push(v);
      });
    }
    assert.equal(out.length, 100_000);
    assert.ok(out.every((v, i) => v === i), "out of order");
    assert.deepEqual(queue.pending, []);
  });

  it("matches a simple model over seeded random put, get and cancel sequences", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const size = randomInt(random, 2) ? undefined : randomInt(random, 4);
      const backlog = randomInt(random, 2) ? undefined : randomInt(random, 4);
      const queue = new DeferredQueue<number>(size, backlog);
      const items: number[] = [];
      const waiters: number[] = [];
      const gets: Deferred<number>[] = [];
      const delivered = new Map<number, number>();
      const expected = new Map<number, number>();
      let nextItem = 0;
      for (let step = 0; step < 300; step++) {
        const op = randomInt(random, 3);
        const context =
          `seed ${seed}, size ${size}, backlog ${backlog}, step ${step}`;
        if (op === 0) {
          const item = nextItem++;
          if (waiters.length > 0) {
            expected.set(waiters.shift()!, item);
            queue.put(item);
          } else if (size === undefined || items.length < size) {
            items.push(item);
            queue.put(item);
          } else {
            assert.throws(() => queue.put(item), QueueOverflow, context);
          }
        } else if (op === 1) {
          const id = gets.length;
          if (items.length > 0) {
            expected.set(id, items.shift()!);
          } else if (backlog !== undefined && waiters.length >= backlog) {
            assert.throws(() => queue.get(), QueueUnderflow, context);
            continue;
          } else {
            waiters.push(id);
          }
          const d = queue.get();
          d.addCallbacks((v) => {
            delivered.set(id, v);
          }, () => undefined);
          gets.push(d);
        } else if (waiters.length > 0) {
          const id = waiters.splice(randomInt(random, waiters.length), 1)[0]!;
          gets[id]!.cancel();
        }
        assert.deepEqual(delivered, expected, context);
        assert.deepEqual(queue.pending, items, context);
        assert.deepEqual(queue.waiting, waiters.map((id) => gets[id]), context);
      }
    }
  });
});
