/**
 * The static types of a thread task's calls: `blockingCallFromThread` and
 * the reactor's `callInThread` with a typed `threadTask` check the
 * arguments against the task's function (and the former gives its
 * result's type), as `deferToThread` does; a plain function is refused.
 *
 * `deno check` (run by the test task before the tests) tests the types:
 * each `expectType` is a type that must be inferred, each
 * `// @ts-expect-error` line a use that must not type-check. The runtime
 * assertion checks the value on the reactor thread (the task, loaded
 * already, runs at once there).
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Reactor } from "../../reactor/reactor.ts";
import { setThreadPoolFactory } from "../../reactor/thread_pool_factory.ts";
import { blockingCallFromThread } from "../../threads/blocking_call_from_thread.ts";
import { type Equal, expectType } from "../_types.ts";
import { preload, T } from "./_pools.ts";

describe("thread task types", () => {
  beforeEach(preload);

  it("blockingCallFromThread with a typed task takes its arguments and gives its result", () => {
    const sum = blockingCallFromThread(null, T.add, 1, 2);
    expectType<Equal<typeof sum, number>>();
    assert.equal(sum, 3);
    const wrongUses = () => {
      // @ts-expect-error add takes numbers
      blockingCallFromThread(null, T.add, "1", 2);
      // @ts-expect-error add gives a number
      const text: string = blockingCallFromThread(null, T.add, 1, 2);
      return text;
    };
    void wrongUses; // never called: the check is deno check's
  });

  it("the reactor's callInThread takes a thread task and checks its arguments", () => {
    const wrongUses = (reactor: Reactor) => {
      // @ts-expect-error add takes numbers
      reactor.callInThread(T.add, "1", 2);
      // @ts-expect-error a plain function cannot cross into a Worker
      reactor.callInThread((n: number) => n, 1);
    };
    void wrongUses; // never called: the check is deno check's
    const given: unknown[] = [];
    const previous = setThreadPoolFactory(() => ({
      start() {},
      stop() {},
      callInThread: (task, ...args) => given.push(task, ...args),
      adjustPoolsize() {},
    }));
    try {
      new Reactor({ installSignalHandlers: false }).callInThread(T.add, 1, 2);
    } finally {
      setThreadPoolFactory(previous);
    }
    assert.deepEqual(given, [T.add, 1, 2]);
  });
});
