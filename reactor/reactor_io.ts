/**
 * The hook between the reactor and its I/O half. `Reactor` has Twisted's
 * `listenTCP`/`connectTCP`/`listenUNIX`/`connectUNIX`/`listenSSL`/
 * `connectSSL` methods, but `reactor/` may not import `net/` (the layer
 * above, which owns sockets), so each method hands its call to a
 * {@linkcode ReactorIO} that the net layer registers when it is imported.
 *
 * Decision, and why (issue 14): the I/O contracts (`IReactorTCP`,
 * `IProtocolFactory`, `IListeningPort`, … in `io_interfaces.ts`) live in
 * `reactor/`, as Twisted keeps them in `twisted.internet.interfaces`, and
 * `Reactor` implements them by delegation through this registry — the
 * pattern `thread_pool_factory.ts` uses for `threads/`. The alternative,
 * module augmentation from `net/` (`declare module "../reactor/reactor.ts"`
 * adding the methods to `Reactor`), is rejected by JSR (`deno publish`:
 * "slow-type-unsupported-ambient-module": ambient modules may not modify
 * another module's types), and would leave the methods untyped for users
 * of `@twisted-ts/core/reactor` alone. With the registry, the methods are
 * typed on every `Reactor` for every user, and work as soon as
 * `@twisted-ts/core/net` (or `@twisted-ts/core`) is imported.
 *
 * Contract, for the implementer of the net layer:
 *
 * 1. On import, `net/mod.ts` calls `setReactorIOFactory(factory)`.
 * 2. A reactor calls `factory({ reactor })` once, lazily, on its first I/O
 *    call, and sends that and every later I/O call to the returned object,
 *    arguments untouched (checking them is the I/O object's job, so a bad
 *    port is a `RangeError` at the call site).
 * 3. The I/O object owns what it opens. It closes every port and
 *    connection when the reactor shuts down (Twisted's `disconnectAll`),
 *    by adding its own `shutdown` trigger to `options.reactor`; a `before`
 *    trigger may return a Deferred that shutdown waits for.
 *
 * Without a factory, the methods throw an `Error` saying which module to
 * import.
 *
 * @module
 */
import type {
  IReactorCore,
  IReactorFromThreads,
  IReactorTime,
} from "./interfaces.ts";
import type {
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
} from "./io_interfaces.ts";

/**
 * What a reactor hands its I/O calls to: one object per reactor, made by
 * the registered {@linkcode ReactorIOFactory}.
 *
 * @example
 * ```ts
 * import { Reactor, type ReactorIO, setReactorIOFactory } from "@twisted-ts/core/reactor";
 * const calls: string[] = [];
 * const refuse = (what: string) => () => {
 *   calls.push(what);
 *   throw new Error(`${what}: not in this test`);
 * };
 * const io: ReactorIO = {
 *   listenTCP: refuse("listenTCP"),
 *   connectTCP: refuse("connectTCP"),
 *   listenUNIX: refuse("listenUNIX"),
 *   connectUNIX: refuse("connectUNIX"),
 *   listenSSL: refuse("listenSSL"),
 *   connectSSL: refuse("connectSSL"),
 * };
 * const previous = setReactorIOFactory(() => io);
 * try {
 *   const r = new Reactor({ installSignalHandlers: false });
 *   const factory = { buildProtocol: () => null, doStart() {}, doStop() {} };
 *   try {
 *     r.listenUNIX("/tmp/x.sock", factory);
 *   } catch {
 *     // this I/O object refuses everything
 *   }
 *   if (calls.join() !== "listenUNIX") throw new Error(`${calls}`);
 * } finally {
 *   setReactorIOFactory(previous);
 * }
 * ```
 */
export type ReactorIO = IReactorTCP & IReactorUNIX & IReactorSSL & {
  /**
   * How many connect attempts have started and not ended yet. Optional: a
   * reactor on virtual time (`VirtualTimeReactor`) holds its clock while
   * there are any, since a connect takes real time and its timeout is a
   * timed call.
   */
  connectsInFlight?(): number;
};

/**
 * What a {@linkcode ReactorIOFactory} is given.
 *
 * @example
 * ```ts
 * import { Reactor, type ReactorIOFactoryOptions, setReactorIOFactory } from "@twisted-ts/core/reactor";
 * let asked: ReactorIOFactoryOptions | undefined;
 * const previous = setReactorIOFactory((options) => {
 *   asked = options;
 *   throw new Error("no I/O in this example");
 * });
 * const r = new Reactor({ installSignalHandlers: false });
 * try {
 *   r.connectUNIX("/tmp/x.sock", {} as never);
 * } catch {
 *   // the factory's error
 * } finally {
 *   setReactorIOFactory(previous);
 * }
 * if (asked?.reactor !== r) throw new Error("unexpected");
 * ```
 */
export interface ReactorIOFactoryOptions {
  /**
   * The reactor the I/O object serves: its time, its calls from other
   * threads, and its life (add shutdown triggers to it).
   */
  reactor: IReactorCore & IReactorTime & IReactorFromThreads;
}

/**
 * Builds a reactor's I/O object; registered by the net layer.
 *
 * @example
 * ```ts
 * import { type ReactorIOFactory, setReactorIOFactory } from "@twisted-ts/core/reactor";
 * const none: ReactorIOFactory = () => {
 *   throw new Error("this program does no networking");
 * };
 * const previous = setReactorIOFactory(none);
 * setReactorIOFactory(previous);
 * ```
 */
export type ReactorIOFactory = (options: ReactorIOFactoryOptions) => ReactorIO;

let current: ReactorIOFactory | undefined;

/**
 * Registers the factory that gives each `Reactor` its I/O object, and
 * returns the previous one (`undefined` unregisters). The net layer calls
 * this when imported; reactors that already made their I/O object keep it.
 *
 * @example
 * ```ts
 * import { setReactorIOFactory } from "@twisted-ts/core/reactor";
 * import "@twisted-ts/core/net"; // registers the socket I/O
 * const previous = setReactorIOFactory(undefined);
 * if (typeof previous !== "function") throw new Error("net/ registers one");
 * setReactorIOFactory(previous); // put it back
 * ```
 */
export function setReactorIOFactory(
  factory: ReactorIOFactory | undefined,
): ReactorIOFactory | undefined {
  if (factory !== undefined && typeof factory !== "function") {
    throw new TypeError(
      `setReactorIOFactory: factory must be a function or undefined, got ${typeof factory}`,
    );
  }
  const previous = current;
  current = factory;
  return previous;
}

/** The registered factory, if any. */
export function getReactorIOFactory(): ReactorIOFactory | undefined {
  return current;
}
