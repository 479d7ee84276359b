import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred } from "../../defer/deferred.ts";
import { deferLater } from "../../reactor/defer_later.ts";
import { reactor as defaultReactor } from "../../reactor/reactor.ts";
import { deferToThreadPool } from "../../threads/defer_to_thread.ts";
import { ThreadPool } from "../../threads/thread_pool.ts";
import type { VirtualTimeReactor } from "../../testing/virtual_time_reactor.ts";
import { withVirtualTime } from "../../testing/with_virtual_time.ts";
import { T, within } from "../threads/_pools.ts";
import { SOCKET_TEST } from "../net/_sockets.ts";
import type { Failure } from "../../defer/failure.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IPv4Address,
  Protocol,
} from "../../net/mod.ts";

/** Says hello to whoever connects. */
class Greeter extends Protocol {
  override connectionMade() {
    this.transport.write("hello");
  }
}

describe("withVirtualTime", () => {
  it("runs the body on a running reactor and resolves with its value once the reactor has shut down", async () => {
    let seen: VirtualTimeReactor | undefined;
    const events: string[] = [];
    const value = await withVirtualTime(async (reactor) => {
      seen = reactor;
      assert.equal(reactor.running, true);
      reactor.addSystemEventTrigger("after", "shutdown", () => {
        events.push(`shut down at ${reactor.seconds()}`);
      });
      return await deferLater(reactor, 90, () => "done");
    });
    assert.equal(value, "done");
    assert.deepEqual(events, ["shut down at 90"]);
    assert.equal(seen!.running, false);
  });

  it("gives each call a reactor of its own and never runs the default one", async () => {
    const a = await withVirtualTime((reactor) => reactor);
    const b = await withVirtualTime((reactor) => reactor);
    assert.notEqual(a, b);
    assert.notEqual(a, defaultReactor);
    assert.equal(defaultReactor.running, false);
  });

  it("takes a body that returns a Deferred", async () => {
    const value = await withVirtualTime((reactor) => {
      const d = new Deferred<number>();
      reactor.callLater(5, d.callback, 7);
      return d.addCallback((n) => n * 6);
    });
    assert.equal(value, 42);
  });

  it("rejects with what the body throws, or its promise rejects with, after stopping the reactor", async () => {
    let stopped: VirtualTimeReactor | undefined;
    await assert.rejects(
      withVirtualTime((reactor) => {
        stopped = reactor;
        throw new RangeError("at once");
      }),
      RangeError,
    );
    assert.equal(stopped!.running, false);
    await assert.rejects(
      withVirtualTime(async (reactor) => {
        stopped = reactor;
        await deferLater(reactor, 3);
        throw new TypeError("later");
      }),
      { name: "TypeError", message: "later" },
    );
    assert.equal(stopped!.running, false);
    assert.equal(stopped!.seconds(), 3);
  });

  it("fails, saying why, when the body waits for something nothing will do", async () => {
    const started = performance.now();
    await assert.rejects(
      withVirtualTime(() => new Deferred<void>(), { idleTimeout: 0.2 }),
      /withVirtualTime: the body is still waiting after 0\.2 s of real time with nothing scheduled on the reactor/,
    );
    assert.ok(performance.now() - started < 10_000);
  });

  it("counts only an unbroken stretch of idleness against idleTimeout", async () => {
    const value = await withVirtualTime(async (reactor) => {
      await deferLater(reactor, 3600);
      // 1.2 s of real time outside the reactor in all, each stretch well
      // under the limit, with reactor work in between
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await deferLater(reactor, 1);
      }
      return reactor.seconds();
    }, { idleTimeout: 0.8 });
    assert.equal(value, 3604);
  });

  it("fails when the body stops the reactor before it has finished", async () => {
    await assert.rejects(
      withVirtualTime((reactor) => {
        reactor.callLater(10, () => reactor.stop());
        return deferLater(reactor, 20);
      }),
      /withVirtualTime: the reactor stopped at 10 s \(virtual\) before the body finished/,
    );
  });

  it("runs thread tasks in-process with inProcessThreads, and stops the pool", async () => {
    let pool: ThreadPool | undefined;
    const sum = await withVirtualTime(async (reactor) => {
      const p = reactor.getThreadPool();
      assert.ok(p instanceof ThreadPool);
      pool = p;
      return await deferToThreadPool(reactor, p, T.add, 20, 22);
    }, { inProcessThreads: true });
    assert.equal(sum, 42);
    assert.equal(pool!.inProcess, true);
    assert.equal(pool!.started, false);
  });

  it(
    "connects over loopback, though the connect's timeout is a timed call",
    SOCKET_TEST,
    async () => {
      const said = await withVirtualTime(async (reactor) => {
        const port = reactor.listenTCP(
          0,
          Factory.forProtocol(Greeter),
          50,
          "127.0.0.1",
        );
        const heard = new Deferred<string>();
        const factory = new ClientFactory();
        factory.protocol = class extends Protocol {
          override dataReceived(data: Uint8Array) {
            heard.callback(`${decode(data)} at ${reactor.seconds()} s`);
            this.transport.loseConnection();
          }
        };
        factory.clientConnectionFailed = (_, reason: Failure) =>
          heard.errback(reason);
        reactor.connectTCP(
          "127.0.0.1",
          (port.getHost() as IPv4Address).port,
          factory,
          30,
        );
        try {
          return await heard;
        } finally {
          await port.stopListening();
        }
      });
      assert.equal(said, "hello at 0 s");
    },
  );

  it("forces a shutdown stuck on a trigger that never fires, and fails saying so", async () => {
    const stuck = withVirtualTime((reactor) => {
      reactor.addSystemEventTrigger(
        "before",
        "shutdown",
        () => new Deferred<void>(),
      );
      return "body done";
    }, { idleTimeout: 0.2 });
    await assert.rejects(
      within(stuck, "withVirtualTime to give up on the shutdown"),
      /shutdown was still waiting .* it was forced/,
    );
  });

  it("rejects a body that is not a function and a bad idleTimeout, naming them", async () => {
    await assert.rejects(
      withVirtualTime(42 as never),
      new TypeError("withVirtualTime: body must be a function, got 42"),
    );
    for (const bad of [0, -1, NaN]) {
      await assert.rejects(
        withVirtualTime(() => 1, { idleTimeout: bad }),
        RangeError,
      );
    }
    await assert.rejects(
      withVirtualTime(() => 1, { idleTimeout: "1" as never }),
      TypeError,
    );
    await assert.rejects(
      withVirtualTime(() => 1, null as never),
      /withVirtualTime: options must be an object, got null/,
    );
    await assert.rejects(
      withVirtualTime(() => 1, { inProcessThreads: "yes" as never }),
      /inProcessThreads must be true or false, got "yes"/,
    );
  });
});
