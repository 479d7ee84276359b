/**
 * Testing your own code deterministically — Twisted's `task.Clock`,
 * `twisted.internet.testing` and `twisted.test.iosim`, and a reactor on
 * virtual time:
 *
 * - {@linkcode withVirtualTime} runs a test body on a fresh
 *   {@linkcode VirtualTimeReactor}: a real reactor whose clock jumps from
 *   deadline to deadline, one per test (the default `reactor` can run only
 *   once per process, so a second test calling `reactor.run()` fails with
 *   `ReactorNotRestartable`);
 * - {@linkcode Clock}: time that moves only when the test says
 *   (`advance`, `pump`), for code written against `IReactorTime`;
 * - {@linkcode createMemoryWorker}: a thread worker that runs nothing until
 *   the test steps it;
 * - protocols without sockets: {@linkcode StringTransport},
 *   {@linkcode MemoryReactor}, {@linkcode connectedServerAndClient} and
 *   their kin (also exported from `@twisted-ts/core/net`).
 *
 * Nothing in the library imports this module: it is for tests.
 *
 * @example One test, one reactor of its own, no real waiting
 * ```ts
 * import assert from "node:assert/strict";
 * import { Deferred, type IReactorTime } from "@twisted-ts/core";
 * import { withVirtualTime } from "@twisted-ts/core/testing";
 *
 * // the code under test takes its reactor as a parameter
 * function retryLater(reactor: IReactorTime, tries: number): Deferred<number> {
 *   const d = new Deferred<number>();
 *   reactor.callLater(30 * tries, d.callback, tries);
 *   return d;
 * }
 *
 * await withVirtualTime(async (reactor) => {
 *   assert.equal(await retryLater(reactor, 2), 2);
 *   assert.equal(reactor.seconds(), 60); // a minute, instantly
 * });
 * ```
 *
 * @module
 */
export { VirtualTimeReactor } from "./virtual_time_reactor.ts";
export type { VirtualTimeReactorOptions } from "./virtual_time_reactor.ts";
export { withVirtualTime } from "./with_virtual_time.ts";
export type { WithVirtualTimeOptions } from "./with_virtual_time.ts";
export { Clock } from "../reactor/clock.ts";
export { createMemoryWorker } from "../threads/memory_worker.ts";
export {
  StringTransport,
  StringTransportWithDisconnection,
} from "../net/testing/string_transport.ts";
export type { ProducerState } from "../net/testing/string_transport.ts";
export {
  FakeConnector,
  FakePort,
  MemoryReactor,
  MemoryReactorClock,
} from "../net/testing/memory_reactor.ts";
export { AccumulatingProtocol } from "../net/testing/accumulating_protocol.ts";
export {
  connectedServerAndClient,
  IOPump,
  loopbackAsync,
} from "../net/testing/io_pump.ts";
export type { ProtocolSource } from "../net/testing/io_pump.ts";
