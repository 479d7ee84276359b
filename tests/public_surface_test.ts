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
import * as net from "../net/mod.ts";
import * as testing from "../testing/mod.ts";

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
  "setReactorIOFactory",
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
  "react",
  "SystemExit",

  "stopServerOnShutdown",
];

const THREADS: string[] = [
  "AlreadyQuit",
  "LockWorker",
  "Team",
  "context",
  "createMemoryWorker",
  // Web Workers: the pool and its helpers
  "ModuleNotAllowed",
  "QueueFull",
  "ThreadPool",
  "ThreadTask",
  "ThreadWorker",
  "WorkerCallRefused",
  "WorkerDied",
  "blockingCallFromThread",
  "currentThread",
  "deferToThread",
  "deferToThreadPool",
  "pool",
  "reactorThreadPool",
  "setWorkerEntry",
  "taskSignal",
  "threadTask",
  "transfer",
];

const NET: string[] = [
  // addresses
  "HostnameAddress",
  "IPv4Address",
  "IPv6Address",
  "UNIXAddress",
  // errors (twisted.internet.error) and the connectionLost reasons
  "BadFileError",
  "BindError",
  "CannotListenError",
  "ConnectBindError",
  "ConnectError",
  "ConnectTimeoutError",
  "ConnectingCancelledError",
  "ConnectionAborted",
  "ConnectionClosed",
  "ConnectionDone",
  "ConnectionLost",
  "ConnectionRefusedError",
  "DNSLookupError",
  "InvalidAddressError",
  "NoProtocol",
  "NoRouteError",
  "NotConnectingError",
  "NotListeningError",
  "SSLError",
  "ServiceNameUnknownError",
  "TCPTimedOutError",
  "UnknownHostError",
  "UserError",
  "connectionDone",
  "connectionLost",
  // protocols and factories
  "ClientFactory",
  "Factory",
  "Protocol",
  "ReconnectingClientFactory",
  "ServerFactory",
  // twisted.protocols.basic and policies
  "FileSender",
  "Int16StringReceiver",
  "Int32StringReceiver",
  "Int8StringReceiver",
  "IntNStringReceiver",
  "LineOnlyReceiver",
  "LineReceiver",
  "NetstringParseError",
  "NetstringReceiver",
  "StringTooLongError",
  "TimeoutMixin",
  "decode",
  "encode",
  // endpoints (twisted.internet.endpoints)
  "SSL4ClientEndpoint",
  "SSL4ServerEndpoint",
  "TCP4ClientEndpoint",
  "TCP4ServerEndpoint",
  "TCP6ServerEndpoint",
  "UNIXClientEndpoint",
  "UNIXServerEndpoint",
  "clientFromString",
  "connectProtocol",
  "quoteStringArgument",
  "serverFromString",
  // testing without sockets (twisted.internet.testing, iosim, loopback)
  "AccumulatingProtocol",
  "FakeConnector",
  "FakePort",
  "IOPump",
  "MemoryReactor",
  "MemoryReactorClock",
  "StringTransport",
  "StringTransportWithDisconnection",
  "connectedServerAndClient",
  "loopbackAsync",
];

/** The testing entry point: its own helpers, and doubles from the layers. */
const TESTING_OWN = ["VirtualTimeReactor", "withVirtualTime"];
const TESTING_SHARED = [
  "AccumulatingProtocol",
  "Clock",
  "FakeConnector",
  "FakePort",
  "IOPump",
  "MemoryReactor",
  "MemoryReactorClock",
  "StringTransport",
  "StringTransportWithDisconnection",
  "connectedServerAndClient",
  "createMemoryWorker",
  "loopbackAsync",
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

  it("exports exactly the listed names from @twisted-ts/core/net", () => {
    assert.deepEqual(names(net), [...NET].sort());
  });

  it("exports from @twisted-ts/core exactly the union of the four layers", () => {
    assert.deepEqual(
      names(root),
      [...DEFER, ...REACTOR, ...THREADS, ...NET].sort(),
    );
  });

  it("exports exactly the listed names from @twisted-ts/core/testing, the shared ones being the layers' own", () => {
    assert.deepEqual(
      names(testing),
      [...TESTING_OWN, ...TESTING_SHARED].sort(),
    );
    const layers = { ...defer, ...reactor, ...threads, ...net } as Record<
      string,
      unknown
    >;
    for (const name of TESTING_SHARED) {
      assert.equal(
        (testing as Record<string, unknown>)[name],
        layers[name],
        name,
      );
    }
    for (const name of TESTING_OWN) assert.ok(!(name in root), name);
  });

  it("exports no name from two layers at once", () => {
    const all = [...DEFER, ...REACTOR, ...THREADS, ...NET];
    assert.equal(new Set(all).size, all.length);
  });
});
