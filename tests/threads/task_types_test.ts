/**
 * The static types of a thread task's calls: `blockingCallFromThread` with
 * a typed `threadTask` checks the arguments against the task's function and
 * gives its result's type, as `deferToThread` does.
 *
 * `deno check` (run by the test task before the tests) tests the types:
 * each `expectType` is a type that must be inferred, each
 * `// @ts-expect-error` line a use that must not type-check. The runtime
 * assertion checks the value on the reactor thread (the task, loaded
 * already, runs at once there).
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
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
});
