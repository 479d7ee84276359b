/**
 * The public surface, written out: adding or removing a runtime export from
 * an entry point must show up here as a deliberate edit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as root from "../mod.ts";
import * as defer from "../defer/mod.ts";
import * as reactor from "../reactor/mod.ts";
import * as threads from "../threads/mod.ts";

const DEFER = [
  "AlreadyCalledError",
  "CancelledError",
  "Deferred",
  "DeferredList",
  "DeferredLock",
  "DeferredQueue",
  "DeferredSemaphore",
  "Failure",
  "FailureGroup",
  "FirstError",
  "NotACoroutineError",
  "QueueOverflow",
  "QueueUnderflow",
  "TimeoutError",
  "cancelOnAbort",
  "defaultObserver",
  "ensureDeferred",
  "fail",
  "fromAbortable",
  "gatherResults",
  "getDebugging",
  "inlineCallbacks",
  "log",
  "maybeDeferred",
  "race",
  "setDebugging",
  "succeed",
  "wait",
];

const REACTOR: string[] = [
  "AlreadyCalled",
  "AlreadyCancelled",
  "Clock",
  "DelayedCall",
  "ReactorAlreadyRunning",
  "ReactorNotRestartable",
  "ReactorNotRunning",
  "Reactor",
  "reactor",
  "setThreadPoolFactory",
  // task helpers
  "CooperativeTask",
  "Cooperator",
  "LoopingCall",
  "NotPaused",
  "SchedulerError",
  "SchedulerStopped",
  "TaskDone",
  "TaskFailed",
  "TaskFinished",
  "TaskStopped",
  "coiterate",
  "cooperate",
  "deferLater",
];

const THREADS: string[] = [
  "AlreadyQuit",
  "LockWorker",
  "Team",
  "context",
  "createMemoryWorker",
  // Web Workers: the pool and its helpers
  "ThreadPool",
  "ThreadTask",
  "ThreadWorker",
  "WorkerDied",
  "blockingCallFromThread",
  "currentThread",
  "deferToThread",
  "deferToThreadPool",
  "pool",
  "taskSignal",
  "threadTask",
  "transfer",
];

const names = (m: object) => Object.keys(m).sort();

describe("public surface", () => {
  it("exports exactly the listed names from @twisted-ts/core/defer", () => {
    assert.deepEqual(names(defer), [...DEFER].sort());
  });

  it("exports exactly the listed names from @twisted-ts/core/reactor", () => {
    assert.deepEqual(names(reactor), [...REACTOR].sort());
  });

  it("exports exactly the listed names from @twisted-ts/core/threads", () => {
    assert.deepEqual(names(threads), [...THREADS].sort());
  });

  it("exports from @twisted-ts/core exactly the union of the three layers", () => {
    assert.deepEqual(names(root), [...DEFER, ...REACTOR, ...THREADS].sort());
  });

  it("exports no name from two layers at once", () => {
    const all = [...DEFER, ...REACTOR, ...THREADS];
    assert.equal(new Set(all).size, all.length);
  });
});
