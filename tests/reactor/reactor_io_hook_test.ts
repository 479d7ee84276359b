import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Reactor } from "../../reactor/reactor.ts";
import {
  getReactorIOFactory,
  type ReactorIO,
  type ReactorIOFactoryOptions,
  setReactorIOFactory,
} from "../../reactor/reactor_io.ts";
import type { IClientFactory } from "../../reactor/io_interfaces.ts";

const noFactory = { buildProtocol: () => null, doStart() {}, doStop() {} };
const noClient: IClientFactory = {
  ...noFactory,
  startedConnecting() {},
  clientConnectionFailed() {},
  clientConnectionLost() {},
};

/** An I/O object that records each call with its arguments. */
function recordingIO(calls: unknown[][]): ReactorIO {
  const record = (name: string) => (...args: unknown[]) => {
    calls.push([name, ...args]);
    return name as never;
  };
  return {
    listenTCP: record("listenTCP"),
    connectTCP: record("connectTCP"),
    listenUNIX: record("listenUNIX"),
    connectUNIX: record("connectUNIX"),
    listenSSL: record("listenSSL"),
    connectSSL: record("connectSSL"),
  };
}

/** Runs `fn` with `factory` registered, then restores the previous one. */
function withFactory(
  factory: Parameters<typeof setReactorIOFactory>[0],
  fn: () => void,
): void {
  const previous = setReactorIOFactory(factory);
  try {
    fn();
  } finally {
    setReactorIOFactory(previous);
  }
}

describe("Reactor I/O hook", () => {
  it("throws an Error naming the module to import when no I/O factory is registered", () => {
    withFactory(undefined, () => {
      const r = new Reactor({ installSignalHandlers: false });
      assert.throws(
        () => r.listenTCP(8080, noFactory),
        (e: Error) =>
          e.constructor === Error &&
          e.message.includes("Reactor.listenTCP") &&
          e.message.includes('import "@twisted-ts/core/net"'),
      );
      assert.throws(
        () => r.connectSSL("h", 1, noClient, {}),
        /Reactor\.connectSSL: no network support is registered/,
      );
    });
  });

  it("asks the factory once per reactor, lazily, with that reactor", () => {
    const asked: ReactorIOFactoryOptions[] = [];
    withFactory((options) => {
      asked.push(options);
      return recordingIO([]);
    }, () => {
      const a = new Reactor({ installSignalHandlers: false });
      const b = new Reactor({ installSignalHandlers: false });
      assert.equal(asked.length, 0);
      a.listenTCP(1, noFactory);
      a.connectTCP("h", 2, noClient);
      b.listenUNIX("/s", noFactory);
      assert.equal(asked.length, 2);
      assert.equal(asked[0]!.reactor, a);
      assert.equal(asked[1]!.reactor, b);
    });
  });

  it("passes every method's arguments through untouched and returns its result", () => {
    const calls: unknown[][] = [];
    withFactory(() => recordingIO(calls), () => {
      const r = new Reactor({ installSignalHandlers: false });
      const bind = ["127.0.0.1", 0] as const;
      const tls = { certificate: "C", privateKey: "K" };
      assert.equal(r.listenTCP(0, noFactory, 5, "::1"), "listenTCP");
      assert.equal(r.connectTCP("h", 2, noClient, 7, bind), "connectTCP");
      assert.equal(r.listenUNIX("/s", noFactory, 3, 0o600, true), "listenUNIX");
      assert.equal(r.connectUNIX("/s", noClient, 4, true), "connectUNIX");
      assert.equal(r.listenSSL(443, noFactory, tls, 9, "lo"), "listenSSL");
      assert.equal(r.connectSSL("h", 443, noClient, {}, 8), "connectSSL");
      assert.deepEqual(calls, [
        ["listenTCP", 0, noFactory, 5, "::1"],
        ["connectTCP", "h", 2, noClient, 7, bind],
        ["listenUNIX", "/s", noFactory, 3, 0o600, true],
        ["connectUNIX", "/s", noClient, 4, true],
        ["listenSSL", 443, noFactory, tls, 9, "lo"],
        ["connectSSL", "h", 443, noClient, {}, 8, undefined],
      ]);
    });
  });

  it("keeps a reactor's I/O object when the factory changes later", () => {
    const first: unknown[][] = [];
    const r = new Reactor({ installSignalHandlers: false });
    withFactory(() => recordingIO(first), () => r.listenTCP(1, noFactory));
    withFactory(undefined, () => r.listenTCP(2, noFactory));
    assert.deepEqual(first.map((c) => c[1]), [1, 2]);
  });

  it("returns the previous factory and refuses a non-function", () => {
    const mine = () => recordingIO([]);
    const previous = setReactorIOFactory(mine);
    try {
      assert.equal(getReactorIOFactory(), mine);
      assert.throws(
        () => setReactorIOFactory(42 as never),
        new TypeError(
          "setReactorIOFactory: factory must be a function or undefined, got number",
        ),
      );
      assert.equal(getReactorIOFactory(), mine);
    } finally {
      assert.equal(setReactorIOFactory(previous), mine);
    }
  });
});
