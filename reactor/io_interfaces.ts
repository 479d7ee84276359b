/**
 * The reactor's I/O contracts, as Twisted names them in
 * `twisted.internet.interfaces`: what a protocol, a factory, a transport, a
 * listening port and a connector offer, and the reactor methods that make
 * them (`IReactorTCP`, `IReactorUNIX`, `IReactorSSL`).
 *
 * Why they live in `reactor/`: `Reactor` has `listenTCP`/`connectTCP`/…
 * methods, fully typed, and `reactor/` may not import `net/` (the layer
 * above). Twisted keeps these interfaces in the reactor's own package for
 * the same reason. The classes that implement them (`Protocol`, `Factory`,
 * the transports, `IPv4Address`…) are in `net/`, which re-exports every
 * interface here, so users import them from `@twisted-ts/core/net`. The
 * interfaces only `net/` needs (`ITCPTransport`, `IHalfCloseableProtocol`,
 * the endpoints) are in `net/interfaces.ts`.
 *
 * How the methods reach a reactor: see `reactor_io.ts`.
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import type { Failure } from "../defer/failure.ts";

/**
 * An endpoint's address (Twisted's `IAddress`, a marker interface): an
 * `IPv4Address`, `IPv6Address` or `UNIXAddress` from `net/`, or any object
 * of your own.
 *
 * @example
 * ```ts
 * import type { IAddress } from "@twisted-ts/core/net";
 * import { IPv4Address } from "@twisted-ts/core/net";
 * const addr: IAddress = new IPv4Address("TCP", "127.0.0.1", 8080);
 * if (String(addr) !== "IPv4Address(type='TCP', host='127.0.0.1', port=8080)") {
 *   throw new Error(String(addr));
 * }
 * ```
 */
export interface IAddress {
  /** A readable rendering, as Twisted's `repr`. */
  toString(): string;
}

/**
 * An Internet address: what a TCP port or connection reports — the shape
 * of the net layer's `IPv4Address` and `IPv6Address` (Twisted's), so
 * `port.getHost().port` needs no cast.
 *
 * @example
 * ```ts
 * import { type IInetAddress, IPv4Address } from "@twisted-ts/core/net";
 * const address: IInetAddress = new IPv4Address("TCP", "127.0.0.1", 8080);
 * if (address.port !== 8080) throw new Error("unexpected");
 * ```
 */
export interface IInetAddress extends IAddress {
  /** `"TCP"` (or `"UDP"`). */
  readonly type: "TCP" | "UDP";
  /** The host: an IP address, or the name connected to. */
  readonly host: string;
  /** The port number. */
  readonly port: number;
}

/**
 * Something that produces data for a consumer: Twisted's `IProducer`.
 *
 * @example
 * ```ts
 * import type { IProducer } from "@twisted-ts/core/net";
 * let stopped = false;
 * const p: IProducer = { stopProducing: () => { stopped = true; } };
 * p.stopProducing();
 * if (!stopped) throw new Error("unexpected");
 * ```
 */
export interface IProducer {
  /** Stops producing for good (the consumer is going away). */
  stopProducing(): void;
}

/**
 * A producer that writes on its own until told to pause (a "streaming"
 * producer, registered with `streaming = true`): Twisted's `IPushProducer`.
 *
 * @example
 * ```ts
 * import type { IPushProducer } from "@twisted-ts/core/net";
 * const state: string[] = [];
 * const p: IPushProducer = {
 *   pauseProducing: () => state.push("paused"),
 *   resumeProducing: () => state.push("resumed"),
 *   stopProducing: () => state.push("stopped"),
 * };
 * p.pauseProducing();
 * p.resumeProducing();
 * if (state.join() !== "paused,resumed") throw new Error("unexpected");
 * ```
 */
export interface IPushProducer extends IProducer {
  /** Stops writing until `resumeProducing` (the consumer's buffer is full). */
  pauseProducing(): void;
  /** Writes again after `pauseProducing`. */
  resumeProducing(): void;
}

/**
 * A producer that writes one chunk each time it is asked (registered with
 * `streaming = false`): Twisted's `IPullProducer`.
 *
 * @example
 * ```ts
 * import type { IPullProducer } from "@twisted-ts/core/net";
 * const chunks = ["a", "b"];
 * const out: string[] = [];
 * const p: IPullProducer = {
 *   resumeProducing: () => { out.push(chunks.shift() ?? ""); },
 *   stopProducing: () => {},
 * };
 * p.resumeProducing();
 * if (out[0] !== "a") throw new Error("unexpected");
 * ```
 */
export interface IPullProducer extends IProducer {
  /** Writes one more chunk to the consumer. */
  resumeProducing(): void;
}

/**
 * Something that takes data from a producer: Twisted's `IConsumer`.
 * `write` takes bytes; a string is written UTF-8 encoded.
 *
 * @example
 * ```ts
 * import { StringTransport } from "@twisted-ts/core/net";
 * import type { IConsumer } from "@twisted-ts/core/net";
 * const consumer: IConsumer = new StringTransport();
 * consumer.write("hi");
 * consumer.registerProducer({ stopProducing() {}, resumeProducing() {} }, false);
 * consumer.unregisterProducer();
 * ```
 */
export interface IConsumer {
  /**
   * Attaches `producer`: a streaming (push) producer is paused and resumed
   * as the consumer's buffer fills and drains; a non-streaming (pull) one
   * is asked for each chunk with `resumeProducing`. Only one producer at a
   * time.
   */
  registerProducer(
    producer: IPushProducer | IPullProducer,
    streaming: boolean,
  ): void;
  /** Detaches the producer registered last. */
  unregisterProducer(): void;
  /** Takes `data` (bytes, or a string sent UTF-8 encoded). */
  write(data: Uint8Array | string): void;
}

/**
 * A connection's sending side, as a protocol sees it: Twisted's
 * `ITransport`.
 *
 * Difference from Twisted, in the type only: every transport Twisted's
 * reactor hands a protocol is also an `IConsumer` (`registerProducer`) and
 * an `IPushProducer` (`pauseProducing` stops reading), so the type says so
 * and protocol code can call them without a cast.
 *
 * @example
 * ```ts
 * import { StringTransport, type ITransport } from "@twisted-ts/core/net";
 * const t: ITransport = new StringTransport();
 * t.write("hello ");
 * t.writeSequence(["wor", new TextEncoder().encode("ld")]);
 * t.loseConnection();
 * ```
 */
export interface ITransport extends IConsumer, IPushProducer {
  /** Queues `data` for sending; never blocks (strings go UTF-8 encoded). */
  write(data: Uint8Array | string): void;
  /** Writes each item of `data`, in order (coalesced where it helps). */
  writeSequence(data: Iterable<Uint8Array | string>): void;
  /** Closes the connection once everything written has been sent. */
  loseConnection(): void;
  /**
   * Whether `loseConnection` (or `abortConnection`) was called. Not in
   * Twisted's `ITransport`, but its transports have it and its protocols
   * (`LineReceiver`) read it; optional for transports of your own.
   */
  readonly disconnecting?: boolean;
  /** The other side's address. */
  getPeer(): IAddress;
  /** This side's address. */
  getHost(): IAddress;
}

/**
 * What the reactor drives for one connection: Twisted's `IProtocol`.
 * Extend `Protocol` from `net/` rather than implementing this by hand.
 *
 * @example
 * ```ts
 * import { Protocol, StringTransport, type IProtocol } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Echo extends Protocol {
 *   override dataReceived(data: Uint8Array) {
 *     this.transport.write(data);
 *   }
 * }
 * const p: IProtocol = new Echo();
 * const t = new StringTransport();
 * p.makeConnection(t);
 * p.dataReceived(new TextEncoder().encode("ping"));
 * assert.equal(t.value(), "ping");
 * ```
 */
export interface IProtocol {
  /** Attaches `transport` and calls `connectionMade`. */
  makeConnection(transport: ITransport): void;
  /** The connection is up (send greetings here). */
  connectionMade(): void;
  /** Some bytes arrived (any amount: buffer partial messages). */
  dataReceived(data: Uint8Array): void;
  /** The connection is closed; `reason` says how (`ConnectionDone`, …). */
  connectionLost(reason: Failure): void;
}

/**
 * Builds one protocol per connection: Twisted's `IProtocolFactory`.
 *
 * @example
 * ```ts
 * import { Factory, Protocol, IPv4Address, type IProtocolFactory } from "@twisted-ts/core/net";
 * const f: IProtocolFactory = Factory.forProtocol(Protocol);
 * f.doStart();
 * const p = f.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 1234));
 * if (!(p instanceof Protocol)) throw new Error("unexpected");
 * f.doStop();
 * ```
 */
export interface IProtocolFactory<P extends IProtocol = IProtocol> {
  /**
   * A new protocol for a connection from/to `addr`, or `null`/`undefined`
   * to refuse the connection (it is closed at once).
   */
  buildProtocol(addr: IAddress): P | null | undefined;
  /** A port or connector starts using this factory. */
  doStart(): void;
  /** A port or connector stops using this factory. */
  doStop(): void;
}

/**
 * A factory for outgoing connections: what `connectTCP` and friends call
 * back. Twisted types this parameter as the `ClientFactory` class (it has
 * no interface for it); it is an interface here so `reactor/` can name it.
 * Extend `ClientFactory` from `net/`.
 *
 * @example
 * ```ts
 * import { ClientFactory, type IClientFactory } from "@twisted-ts/core/net";
 * const f: IClientFactory = new ClientFactory();
 * if (typeof f.clientConnectionFailed !== "function") throw new Error();
 * ```
 */
export interface IClientFactory extends IProtocolFactory {
  /** A connection attempt started (`connector.stopConnecting()` aborts it). */
  startedConnecting(connector: IConnector): void;
  /** The attempt failed; `connector.connect()` tries again. */
  clientConnectionFailed(connector: IConnector, reason: Failure): void;
  /** An established connection was lost; `connector.connect()` reconnects. */
  clientConnectionLost(connector: IConnector, reason: Failure): void;
}

/**
 * A listening server socket: Twisted's `IListeningPort`.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, type IListeningPort } from "@twisted-ts/core/net";
 * const reactor = new MemoryReactor();
 * const port: IListeningPort = reactor.listenTCP(0, Factory.forProtocol(Protocol));
 * await port.stopListening();
 * ```
 */
export interface IListeningPort<A extends IAddress = IAddress> {
  /** Starts listening (the reactor's `listenXXX` already did). */
  startListening(): void;
  /** Stops accepting; the Deferred fires once the socket is closed. */
  stopListening(): Deferred<void>;
  /** The address it listens on (`port` says which one port 0 picked). */
  getHost(): A;
}

/**
 * An outgoing connection attempt and its connection: Twisted's
 * `IConnector`, as given to a `ClientFactory`'s methods.
 *
 * @example
 * ```ts
 * import { ClientFactory, MemoryReactor, type IConnector } from "@twisted-ts/core/net";
 * const reactor = new MemoryReactor();
 * const connector: IConnector = reactor.connectTCP("example.com", 80, new ClientFactory());
 * if (String(connector.getDestination()) !==
 *   "IPv4Address(type='TCP', host='example.com', port=80)") throw new Error();
 * ```
 */
export interface IConnector {
  /** Aborts the attempt while it is connecting. */
  stopConnecting(): void;
  /** Closes the connection, or aborts the attempt. */
  disconnect(): void;
  /** Tries (again) to connect. */
  connect(): void;
  /** Where it connects to. */
  getDestination(): IAddress;
}

/**
 * A local address to bind an outgoing socket to: `[host, port]` (Twisted's
 * `bindAddress` tuple).
 *
 * @example
 * ```ts
 * import type { BindAddress } from "@twisted-ts/core/net";
 * const from: BindAddress = ["127.0.0.1", 0];
 * if (from[1] !== 0) throw new Error("unexpected");
 * ```
 */
export type BindAddress = readonly [host: string, port: number];

/**
 * TCP servers and clients: Twisted's `IReactorTCP`. `Reactor` implements
 * it once `net/` is imported; `MemoryReactor` records the calls.
 *
 * @example
 * ```ts
 * import { ClientFactory, Factory, MemoryReactor, Protocol, type IReactorTCP } from "@twisted-ts/core/net";
 * function serve(reactor: IReactorTCP) {
 *   return reactor.listenTCP(8080, Factory.forProtocol(Protocol), 50, "127.0.0.1");
 * }
 * const reactor = new MemoryReactor();
 * serve(reactor);
 * if (reactor.tcpServers[0]?.[0] !== 8080) throw new Error("unexpected");
 * ```
 */
export interface IReactorTCP {
  /**
   * Listens on TCP `port` (0: any free port) of `interface_` (default all
   * IPv4 interfaces, `""`) with a queue of `backlog` (default 50), each
   * connection getting a protocol from `factory`.
   */
  listenTCP(
    port: number,
    factory: IProtocolFactory,
    backlog?: number,
    interface_?: string,
  ): IListeningPort<IInetAddress>;
  /**
   * Connects to `host`:`port`, giving up after `timeout` seconds (default
   * 30) with `ConnectTimeoutError`; `bindAddress` picks the local end.
   */
  connectTCP(
    host: string,
    port: number,
    factory: IClientFactory,
    timeout?: number,
    bindAddress?: BindAddress,
  ): IConnector;
}

/**
 * UNIX-domain socket servers and clients: Twisted's `IReactorUNIX`.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, type IReactorUNIX } from "@twisted-ts/core/net";
 * const reactor: IReactorUNIX = new MemoryReactor();
 * reactor.listenUNIX("/tmp/app.sock", Factory.forProtocol(Protocol));
 * ```
 */
export interface IReactorUNIX {
  /**
   * Listens on the socket file `address` (backlog default 50, file mode
   * default 0o666; `wantPID` keeps a lock file as Twisted's does).
   */
  listenUNIX(
    address: string,
    factory: IProtocolFactory,
    backlog?: number,
    mode?: number,
    wantPID?: boolean,
  ): IListeningPort;
  /** Connects to the socket file `address` (timeout default 30 seconds). */
  connectUNIX(
    address: string,
    factory: IClientFactory,
    timeout?: number,
    checkPID?: boolean,
  ): IConnector;
}

/**
 * A TLS server's identity, as PEM text (Twisted takes an OpenSSL context
 * factory here; `CertificateOptions(privateKey, certificate)` is the
 * closest).
 *
 * @example
 * ```ts
 * import type { ServerTLSOptions } from "@twisted-ts/core/net";
 * const options: ServerTLSOptions = {
 *   certificate: "-----BEGIN CERTIFICATE-----\n...",
 *   privateKey: "-----BEGIN PRIVATE KEY-----\n...",
 * };
 * if (!options.certificate.startsWith("-----BEGIN")) throw new Error();
 * ```
 */
export interface ServerTLSOptions {
  /** The certificate chain, PEM. */
  certificate: string;
  /** The private key, PEM. */
  privateKey: string;
}

/**
 * How a TLS client checks the server (Twisted's `optionsForClientTLS`):
 * the `hostname` to verify and send as SNI (default: the host connected
 * to), and extra trusted CA certificates as PEM (default: the system's).
 *
 * @example
 * ```ts
 * import type { ClientTLSOptions } from "@twisted-ts/core/net";
 * const options: ClientTLSOptions = { hostname: "example.com" };
 * if (options.hostname !== "example.com") throw new Error();
 * ```
 */
export interface ClientTLSOptions {
  /** The name the certificate must match, and the SNI sent. */
  hostname?: string;
  /** Trusted CA certificates (PEM), besides the system's. */
  caCerts?: readonly string[];
}

/**
 * TLS servers and clients: Twisted's `IReactorSSL`, with certificates
 * given as PEM text.
 *
 * @example
 * ```ts
 * import { ClientFactory, MemoryReactor, type IReactorSSL } from "@twisted-ts/core/net";
 * const reactor = new MemoryReactor();
 * const ssl: IReactorSSL = reactor;
 * ssl.connectSSL("example.com", 443, new ClientFactory(), { hostname: "example.com" });
 * if (reactor.sslClients.length !== 1) throw new Error("unexpected");
 * ```
 */
export interface IReactorSSL {
  /** As `listenTCP`, speaking TLS with `contextFactory`'s identity. */
  listenSSL(
    port: number,
    factory: IProtocolFactory,
    contextFactory: ServerTLSOptions,
    backlog?: number,
    interface_?: string,
  ): IListeningPort<IInetAddress>;
  /** As `connectTCP`, speaking TLS checked by `contextFactory`. */
  connectSSL(
    host: string,
    port: number,
    factory: IClientFactory,
    contextFactory: ClientTLSOptions,
    timeout?: number,
    bindAddress?: BindAddress,
  ): IConnector;
}
