/**
 * Twisted's reactor core: `callLater` and its `DelayedCall`, the
 * deterministic `Clock`, the `Reactor` run loop on the host's event loop
 * (system events, `callFromThread`, the thread-pool hook) and its default
 * instance `reactor` — all on one binary-heap scheduler where calls due at
 * the same time run first-in-first-out — and Twisted's `task` helpers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Clock } from "@twisted-ts/core/reactor";
 * const clock = new Clock();
 * const seen: string[] = [];
 * clock.callLater(1, () => seen.push("a"));
 * clock.callLater(1, () => seen.push("b"));
 * clock.advance(1);
 * assert.equal(seen.join(""), "ab");
 * ```
 *
 * @module
 */
export type {
  IDelayedCall,
  IReactorCore,
  IReactorFromThreads,
  IReactorTime,
} from "./interfaces.ts";
export type {
  BindAddress,
  ClientTLSOptions,
  IAddress,
  IClientFactory,
  IConnector,
  IConsumer,
  IInetAddress,
  IListeningPort,
  IProducer,
  IProtocol,
  IProtocolFactory,
  IPullProducer,
  IPushProducer,
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
  ITransport,
  ServerTLSOptions,
} from "./io_interfaces.ts";
export { setReactorIOFactory } from "./reactor_io.ts";
export type {
  ReactorIO,
  ReactorIOFactory,
  ReactorIOFactoryOptions,
} from "./reactor_io.ts";
export { DelayedCall } from "./delayed_call.ts";
export { Clock } from "./clock.ts";
export { Reactor, reactor } from "./reactor.ts";
export type { InstrumentOptions, ReactorOptions } from "./reactor.ts";
export type { PassTrace, ReactorMetrics } from "./reactor_metrics.ts";
export type { LatencySummary } from "../_util/latency_histogram.ts";
export type {
  SystemEventPhase,
  SystemEventTriggerID,
} from "./_three_phase_event.ts";
export { setThreadPoolFactory } from "./thread_pool_factory.ts";
export type {
  ReactorTask,
  ReactorThreadPool,
  ThreadPoolFactory,
  ThreadPoolFactoryOptions,
} from "./thread_pool_factory.ts";
export {
  AlreadyCalled,
  AlreadyCancelled,
  NotPaused,
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
  SchedulerError,
  SchedulerStopped,
  SystemExit,
  TaskDone,
  TaskFailed,
  TaskFinished,
  TaskStopped,
} from "./errors.ts";
export { LoopingCall } from "./looping_call.ts";
export { deferLater } from "./defer_later.ts";
export { react } from "./react.ts";
export type { ReactMainResult, ReactOptions } from "./react.ts";
export {
  coiterate,
  cooperate,
  CooperativeTask,
  Cooperator,
} from "./cooperator.ts";
export type { CooperatorOptions, CooperatorScheduler } from "./cooperator.ts";
export { stopServerOnShutdown } from "./stop_server_on_shutdown.ts";
export type {
  ShutdownHost,
  StoppableServer,
  StopServerOptions,
} from "./stop_server_on_shutdown.ts";
