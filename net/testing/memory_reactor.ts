/**
 * `MemoryReactor` and `MemoryReactorClock`: fake reactors that record
 * the I/O calls made on them (`tcpServers`, `tcpClients`, …) without
 * opening anything, for testing code that calls `listenTCP`/`connectTCP`
 * (Twisted's `twisted.internet.testing`).
 *
 * @module
 */
import { Deferred } from "../../defer/deferred.ts";
import { Clock } from "../../reactor/clock.ts";
import type { DelayedCall } from "../../reactor/delayed_call.ts";
import type { IReactorTime } from "../../reactor/interfaces.ts";
import type {
  BindAddress,
  ClientTLSOptions,
  IAddress,
  IClientFactory,
  IConnector,
  IListeningPort,
  IProtocolFactory,
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
  ServerTLSOptions,
} from "../../reactor/io_interfaces.ts";
import { IPv4Address, IPv6Address, UNIXAddress } from "../address.ts";
import { isIPv6Address } from "../_ip.ts";
import {
  requireBacklog,
  requireClientFactory,
  requireFactory,
  requirePort,
  requireString,
  requireTimeout,
} from "../_io_args.ts";

/**
 * The `IListeningPort` a `MemoryReactor` returns: it does nothing but
 * remember its address (Twisted's `_FakePort`); `stopListening()` returns
 * a fired Deferred.
 *
 * @example
 * ```ts
 * import { FakePort, IPv4Address } from "@twisted-ts/core/net";
 * const port = new FakePort(new IPv4Address("TCP", "0.0.0.0", 80));
 * await port.stopListening();
 * ```
 */
export class FakePort<A extends IAddress = IAddress>
  implements IListeningPort<A> {
  #host: A;

  /** A port pretending to listen on `hostAddress`. */
  constructor(hostAddress: A) {
    this.#host = hostAddress;
  }

  /** Does nothing. */
  startListening(): void {}

  /** Does nothing; returns a fired Deferred. */
  stopListening(): Deferred<void> {
    const d = new Deferred<void>();
    d.callback(undefined);
    return d;
  }

  /** The address given to the constructor. */
  getHost(): A {
    return this.#host;
  }
}

/**
 * The `IConnector` a `MemoryReactor` returns: it records
 * `stopConnecting`/`disconnect` calls and does nothing else (Twisted's
 * `_FakeConnector`).
 *
 * @example
 * ```ts
 * import { FakeConnector, IPv4Address } from "@twisted-ts/core/net";
 * const c = new FakeConnector(new IPv4Address("TCP", "example.com", 80));
 * c.stopConnecting();
 * if (!c.stoppedConnecting) throw new Error();
 * ```
 */
export class FakeConnector implements IConnector {
  /** Whether `stopConnecting` was called. */
  stoppedConnecting = false;
  /** Whether `disconnect` was called. */
  disconnected = false;
  #address: IAddress;

  /** A connector pretending to connect to `address`. */
  constructor(address: IAddress) {
    this.#address = address;
  }

  /** Sets `stoppedConnecting`. */
  stopConnecting(): void {
    this.stoppedConnecting = true;
  }

  /** Sets `disconnected`. */
  disconnect(): void {
    this.disconnected = true;
  }

  /** Does nothing. */
  connect(): void {}

  /** The address given to the constructor. */
  getDestination(): IAddress {
    return this.#address;
  }
}

/**
 * A fake reactor for tests: `listenTCP`, `connectTCP`, `listenUNIX`,
 * `connectUNIX`, `listenSSL` and `connectSSL` record their arguments as
 * tuples in `tcpServers`, `tcpClients`, `unixServers`, `unixClients`,
 * `sslServers` and `sslClients` and return a {@linkcode FakePort} or a
 * {@linkcode FakeConnector} (the `connect*` methods also call
 * `factory.startedConnecting(connector)` and append the connector to
 * `connectors`). Nothing connects: a test builds the protocol from the
 * recorded factory and gives it a `StringTransport`. `run()` runs the
 * `callWhenRunning` hooks and stops. Twisted's `MemoryReactor`; defaults
 * are filled in as Twisted's signatures have them (`backlog` 50,
 * `interface` `""`, `timeout` 30, `bindAddress` `null`). Unlike Twisted's,
 * it refuses the arguments the real reactor refuses (a bad port, a missing
 * factory…), with the same error, so a test cannot pass on a call that
 * would throw in production; TLS options and a `bindAddress` are recorded
 * as given.
 *
 * @example
 * ```ts
 * import { Factory, IPv4Address, MemoryReactor, Protocol, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Greeter extends Protocol {
 *   override connectionMade() { this.transport.write("hi\r\n"); }
 * }
 * function startServer(reactor: MemoryReactor) {
 *   reactor.listenTCP(8123, Factory.forProtocol(Greeter));
 * }
 * const reactor = new MemoryReactor();
 * startServer(reactor);
 * const [port, factory] = reactor.tcpServers[0]!;
 * assert.equal(port, 8123);
 * const proto = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 40000))!;
 * const t = new StringTransport();
 * proto.makeConnection(t);
 * assert.equal(t.value(), "hi\r\n");
 * ```
 */
export class MemoryReactor implements IReactorTCP, IReactorUNIX, IReactorSSL {
  /** `true` while `run()` runs its hooks; `null` after `crash()`. */
  running: boolean | null = false;
  /** Whether `run()` was called (Twisted starts it `true`). */
  hasRun = true;
  /** Whether `stop()` was called (Twisted starts it `true`). */
  hasStopped = true;
  /** Whether `crash()` was called (Twisted starts it `true`). */
  hasCrashed = true;
  /** The `callWhenRunning` calls: `[fn, args]`. */
  whenRunningHooks: [(...args: never[]) => unknown, unknown[]][] = [];
  /** `addSystemEventTrigger` calls: `triggers[phase][event]` is a list of `[fn, args]`. */
  triggers: Record<
    string,
    Record<string, [(...args: never[]) => unknown, unknown[]][]>
  > = {};
  /** `listenTCP` calls. */
  tcpServers: [
    port: number,
    factory: IProtocolFactory,
    backlog: number,
    interface_: string,
  ][] = [];
  /** `connectTCP` calls. */
  tcpClients: [
    host: string,
    port: number,
    factory: IClientFactory,
    timeout: number,
    bindAddress: BindAddress | null,
  ][] = [];
  /** `listenSSL` calls. */
  sslServers: [
    port: number,
    factory: IProtocolFactory,
    contextFactory: ServerTLSOptions,
    backlog: number,
    interface_: string,
  ][] = [];
  /** `connectSSL` calls. */
  sslClients: [
    host: string,
    port: number,
    factory: IClientFactory,
    contextFactory: ClientTLSOptions,
    timeout: number,
    bindAddress: BindAddress | null,
  ][] = [];
  /** `listenUNIX` calls. */
  unixServers: [
    address: string,
    factory: IProtocolFactory,
    backlog: number,
    mode: number,
    wantPID: boolean,
  ][] = [];
  /** `connectUNIX` calls. */
  unixClients: [
    address: string,
    factory: IClientFactory,
    timeout: number,
    checkPID: boolean,
  ][] = [];
  /** Every connector returned, in order. */
  connectors: FakeConnector[] = [];

  /**
   * Sets `running`, runs the `callWhenRunning` hooks, then `stop()`s.
   * Throws unless `running` is `false` (running, or crashed: as Twisted's).
   *
   * @example
   * ```ts
   * import { MemoryReactor } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * let ran = false;
   * r.callWhenRunning(() => { ran = true; });
   * r.run();
   * if (!ran || r.running) throw new Error();
   * ```
   */
  run(): void {
    if (this.running !== false) {
      throw new Error(
        `MemoryReactor.run: ${
          this.running === null ? "crashed" : "already running"
        }`,
      );
    }
    this.running = true;
    this.hasRun = true;
    for (const [fn, args] of this.whenRunningHooks) {
      (fn as (...a: unknown[]) => unknown)(...args);
    }
    this.stop();
  }

  /** Sets `running` to `false` and `hasStopped`. */
  stop(): void {
    this.running = false;
    this.hasStopped = true;
  }

  /** Sets `running` to `null` and `hasCrashed`. */
  crash(): void {
    this.running = null;
    this.hasCrashed = true;
  }

  /** Records `fn(...args)` in `whenRunningHooks`, for `run()`. */
  callWhenRunning<A extends unknown[]>(
    fn: (...args: A) => unknown,
    ...args: A
  ): void {
    this.whenRunningHooks.push([fn as (...a: never[]) => unknown, args]);
  }

  /** Records the trigger in `triggers[phase][event]`; nothing fires it. */
  addSystemEventTrigger<A extends unknown[]>(
    phase: string,
    event: string,
    fn: (...args: A) => unknown,
    ...args: A
  ): void {
    const byEvent = this.triggers[phase] ??= {};
    (byEvent[event] ??= []).push([fn as (...a: never[]) => unknown, args]);
  }

  /**
   * Records the call in `tcpServers`; the port's address is
   * `IPv6Address("TCP", interface_, port)` for an IPv6 `interface_`, else
   * `IPv4Address("TCP", "0.0.0.0", port)`.
   *
   * @example
   * ```ts
   * import { Factory, MemoryReactor, Protocol } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * const port = r.listenTCP(80, Factory.forProtocol(Protocol), 50, "::1");
   * if (String(port.getHost()) !==
   *   "IPv6Address(type='TCP', host='::1', port=80, flowInfo=0, scopeID=0)") throw new Error();
   * ```
   */
  listenTCP(
    port: number,
    factory: IProtocolFactory,
    backlog = 50,
    interface_ = "",
  ): FakePort<IPv4Address | IPv6Address> {
    // the real reactor's checks, so that what it refuses the double refuses
    // too (but a bindAddress, which only the runtimes limit, is recorded)
    requirePort("listenTCP", port);
    requireFactory("listenTCP", factory);
    requireBacklog("listenTCP", backlog);
    requireString("listenTCP", "interface", interface_);
    this.tcpServers.push([port, factory, backlog, interface_]);
    return new FakePort<IPv4Address | IPv6Address>(
      isIPv6Address(interface_)
        ? new IPv6Address("TCP", interface_, port)
        : new IPv4Address("TCP", "0.0.0.0", port),
    );
  }

  /**
   * Records the call in `tcpClients`, calls
   * `factory.startedConnecting(connector)` and returns the connector.
   *
   * @example
   * ```ts
   * import { ClientFactory, MemoryReactor } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * r.connectTCP("example.com", 80, new ClientFactory());
   * const [host, port, , timeout] = r.tcpClients[0]!;
   * if (host !== "example.com" || port !== 80 || timeout !== 30) throw new Error();
   * ```
   */
  connectTCP(
    host: string,
    port: number,
    factory: IClientFactory,
    timeout = 30,
    bindAddress: BindAddress | null = null,
  ): FakeConnector {
    requireString("connectTCP", "host", host, true);
    requirePort("connectTCP", port);
    requireClientFactory("connectTCP", factory);
    requireTimeout("connectTCP", timeout);
    this.tcpClients.push([host, port, factory, timeout, bindAddress]);
    return this.#connector(
      isIPv6Address(host)
        ? new IPv6Address("TCP", host, port)
        : new IPv4Address("TCP", host, port),
      factory,
    );
  }

  /**
   * Records the call in `sslServers`.
   *
   * @example
   * ```ts
   * import { Factory, MemoryReactor, Protocol } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * r.listenSSL(443, Factory.forProtocol(Protocol), { certificate: "…", privateKey: "…" });
   * if (r.sslServers[0]![0] !== 443) throw new Error();
   * ```
   */
  listenSSL(
    port: number,
    factory: IProtocolFactory,
    contextFactory: ServerTLSOptions,
    backlog = 50,
    interface_ = "",
  ): FakePort<IPv4Address> {
    requirePort("listenSSL", port);
    requireFactory("listenSSL", factory);
    requireBacklog("listenSSL", backlog);
    requireString("listenSSL", "interface", interface_);
    this.sslServers.push([port, factory, contextFactory, backlog, interface_]);
    return new FakePort(new IPv4Address("TCP", "0.0.0.0", port));
  }

  /**
   * Records the call in `sslClients`, calls `startedConnecting`, returns
   * the connector.
   *
   * @example
   * ```ts
   * import { ClientFactory, MemoryReactor } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * r.connectSSL("example.com", 443, new ClientFactory(), {});
   * if (r.sslClients[0]![1] !== 443) throw new Error();
   * ```
   */
  connectSSL(
    host: string,
    port: number,
    factory: IClientFactory,
    contextFactory: ClientTLSOptions,
    timeout = 30,
    bindAddress: BindAddress | null = null,
  ): FakeConnector {
    requireString("connectSSL", "host", host, true);
    requirePort("connectSSL", port);
    requireClientFactory("connectSSL", factory);
    requireTimeout("connectSSL", timeout);
    this.sslClients.push([
      host,
      port,
      factory,
      contextFactory,
      timeout,
      bindAddress,
    ]);
    return this.#connector(new IPv4Address("TCP", host, port), factory);
  }

  /**
   * Records the call in `unixServers`.
   *
   * @example
   * ```ts
   * import { Factory, MemoryReactor, Protocol } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * const port = r.listenUNIX("/tmp/s.sock", Factory.forProtocol(Protocol));
   * if (String(port.getHost()) !== "UNIXAddress('/tmp/s.sock')") throw new Error();
   * ```
   */
  listenUNIX(
    address: string,
    factory: IProtocolFactory,
    backlog = 50,
    mode = 0o666,
    wantPID = false,
  ): FakePort {
    requireString("listenUNIX", "address", address, true);
    requireFactory("listenUNIX", factory);
    requireBacklog("listenUNIX", backlog);
    this.unixServers.push([address, factory, backlog, mode, wantPID]);
    return new FakePort(new UNIXAddress(address));
  }

  /**
   * Records the call in `unixClients`, calls `startedConnecting`, returns
   * the connector.
   *
   * @example
   * ```ts
   * import { ClientFactory, MemoryReactor } from "@twisted-ts/core/net";
   * const r = new MemoryReactor();
   * r.connectUNIX("/tmp/s.sock", new ClientFactory());
   * if (r.unixClients[0]![0] !== "/tmp/s.sock") throw new Error();
   * ```
   */
  connectUNIX(
    address: string,
    factory: IClientFactory,
    timeout = 30,
    checkPID = false,
  ): FakeConnector {
    requireString("connectUNIX", "address", address, true);
    requireClientFactory("connectUNIX", factory);
    requireTimeout("connectUNIX", timeout);
    this.unixClients.push([address, factory, timeout, checkPID]);
    return this.#connector(new UNIXAddress(address), factory);
  }

  #connector(address: IAddress, factory: IClientFactory): FakeConnector {
    const connector = new FakeConnector(address);
    factory.startedConnecting(connector);
    this.connectors.push(connector);
    return connector;
  }
}

/**
 * A `MemoryReactor` that is also a `Clock` (Twisted's
 * `MemoryReactorClock`): `callLater` schedules on a deterministic clock
 * that `advance(seconds)` moves, so code that both connects and waits can
 * be tested in one object.
 *
 * @example
 * ```ts
 * import { MemoryReactorClock } from "@twisted-ts/core/net";
 * const r = new MemoryReactorClock();
 * const seen: number[] = [];
 * r.callLater(5, () => seen.push(r.seconds()));
 * r.advance(5);
 * if (seen[0] !== 5) throw new Error();
 * ```
 */
export class MemoryReactorClock extends MemoryReactor implements IReactorTime {
  /** The clock behind `seconds`, `callLater` and `advance`. */
  readonly clock: Clock = new Clock();

  /** The clock's time, in seconds. */
  seconds(): number {
    return this.clock.seconds();
  }

  /** Schedules `fn(...args)` in `delay` seconds of the clock's time. */
  callLater<A extends unknown[]>(
    delay: number,
    fn: (...args: A) => unknown,
    ...args: A
  ): DelayedCall {
    return this.clock.callLater(delay, fn, ...args);
  }

  /** The calls scheduled and not yet run or cancelled. */
  getDelayedCalls(): DelayedCall[] {
    return this.clock.getDelayedCalls();
  }

  /** Moves time forward by `amount` seconds, running what becomes due. */
  advance(amount: number): void {
    this.clock.advance(amount);
  }

  /** Advances by each of `timings` in turn. */
  pump(timings: Iterable<number>): void {
    this.clock.pump(timings);
  }
}
