/**
 * Twisted's networking interfaces (`twisted.internet.interfaces`), for
 * code written against contracts rather than classes. The ones `Reactor`'s
 * own methods name (`IProtocol`, `IProtocolFactory`, `ITransport`,
 * `IReactorTCP`, …) are defined in `reactor/io_interfaces.ts` — the
 * reactor layer cannot import this one — and re-exported here; the rest,
 * which only the net layer needs, are defined here.
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import type {
  ClientTLSOptions,
  IAddress,
  IInetAddress,
  IListeningPort,
  IProtocol,
  IProtocolFactory,
  ITransport,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";

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
} from "../reactor/io_interfaces.ts";

/**
 * A TCP connection's transport: Twisted's `ITCPTransport` — `ITransport`
 * plus half-close (`loseWriteConnection`), `abortConnection` (close now,
 * dropping unsent data) and the socket options.
 *
 * @example
 * ```ts
 * import { Protocol, type ITCPTransport } from "@twisted-ts/core/net";
 * class Fast extends Protocol {
 *   declare transport: ITCPTransport;
 *   override connectionMade() {
 *     this.transport.setTcpNoDelay(true);
 *   }
 * }
 * if (typeof Fast !== "function") throw new Error();
 * ```
 */
export interface ITCPTransport<A extends IAddress = IInetAddress>
  extends ITransport {
  /**
   * Half-closes: sends what is buffered, then shuts down the writing side
   * (the peer reads end-of-file); reading goes on.
   */
  loseWriteConnection(): void;
  /** Closes at once, discarding unsent data (`ConnectionAborted`). */
  abortConnection(): void;
  /** Whether Nagle's algorithm is off. */
  getTcpNoDelay(): boolean;
  /** Turns Nagle's algorithm off (`true`) or on. */
  setTcpNoDelay(enabled: boolean): void;
  /** Whether TCP keep-alive probes are on. */
  getTcpKeepAlive(): boolean;
  /** Turns TCP keep-alive probes on or off. */
  setTcpKeepAlive(enabled: boolean): void;
  /** This side's `IPv4Address`/`IPv6Address`. */
  getHost(): A;
  /** The peer's `IPv4Address`/`IPv6Address`. */
  getPeer(): A;
}

/**
 * A transport that can switch to TLS in place: Twisted's `ITLSTransport`
 * (`startTLS`), where the runtime allows it.
 *
 * @example
 * ```ts
 * import type { ITLSTransport } from "@twisted-ts/core/net";
 * function upgrade(t: ITLSTransport) {
 *   t.startTLS({ hostname: "mail.example.com" });
 * }
 * if (typeof upgrade !== "function") throw new Error();
 * ```
 */
export interface ITLSTransport<A extends IAddress = IInetAddress>
  extends ITCPTransport<A> {
  /**
   * Starts TLS on this connection: as the client with
   * `ClientTLSOptions`, as the server with `ServerTLSOptions`. Data
   * written before stays plain text.
   */
  startTLS(contextFactory: ClientTLSOptions | ServerTLSOptions): void;
}

/**
 * A protocol that wants the two directions' ends separately: Twisted's
 * `IHalfCloseableProtocol`. When the peer half-closes, the transport
 * calls `readConnectionLost()` instead of closing; after
 * `loseWriteConnection()` it calls `writeConnectionLost()`.
 *
 * @example
 * ```ts
 * import { Protocol, type IHalfCloseableProtocol, type ITCPTransport } from "@twisted-ts/core/net";
 * class Sum extends Protocol implements IHalfCloseableProtocol {
 *   declare transport: ITCPTransport;
 *   total = 0;
 *   override dataReceived(data: Uint8Array) { this.total += data.length; }
 *   readConnectionLost() {
 *     this.transport.write(`${this.total}\n`);
 *     this.transport.loseConnection();
 *   }
 *   writeConnectionLost() {}
 * }
 * if (new Sum().total !== 0) throw new Error();
 * ```
 */
export interface IHalfCloseableProtocol {
  /** The peer will send nothing more (it half-closed). */
  readConnectionLost(): void;
  /** Our writing side is shut down (after `loseWriteConnection`). */
  writeConnectionLost(): void;
}

/**
 * Where a server listens, as a value: Twisted's `IStreamServerEndpoint`
 * (`TCP4ServerEndpoint`, `serverFromString(...)`).
 *
 * @example
 * ```ts
 * import { Deferred } from "@twisted-ts/core";
 * import { FakePort, IPv4Address, type IStreamServerEndpoint } from "@twisted-ts/core/net";
 * const fake: IStreamServerEndpoint = {
 *   listen: () => {
 *     const d = new Deferred<FakePort>();
 *     d.callback(new FakePort(new IPv4Address("TCP", "0.0.0.0", 80)));
 *     return d;
 *   },
 * };
 * const port = await fake.listen({ buildProtocol: () => null, doStart() {}, doStop() {} });
 * if (String(port.getHost()) !== "IPv4Address(type='TCP', host='0.0.0.0', port=80)") throw new Error();
 * ```
 */
export interface IStreamServerEndpoint {
  /** Starts listening; fires with the port, or fails (`CannotListenError`). */
  listen(protocolFactory: IProtocolFactory): Deferred<IListeningPort>;
}

/**
 * Where a client connects, as a value: Twisted's `IStreamClientEndpoint`
 * (`TCP4ClientEndpoint`, `clientFromString(...)`). Cancelling the
 * Deferred aborts the attempt.
 *
 * @example
 * ```ts
 * import { Deferred } from "@twisted-ts/core";
 * import { Protocol, StringTransport, type IProtocol, type IProtocolFactory, type IStreamClientEndpoint } from "@twisted-ts/core/net";
 * const inMemory: IStreamClientEndpoint = {
 *   connect: <P extends IProtocol>(factory: IProtocolFactory<P>) => {
 *     const p = factory.buildProtocol({ toString: () => "memory" })!;
 *     p.makeConnection(new StringTransport());
 *     const d = new Deferred<P>();
 *     d.callback(p);
 *     return d;
 *   },
 * };
 * const p = await inMemory.connect({ buildProtocol: () => new Protocol(), doStart() {}, doStop() {} });
 * if (!(p instanceof Protocol) || !p.connected) throw new Error();
 * ```
 */
export interface IStreamClientEndpoint {
  /**
   * Connects; fires with the connected protocol (typed as the factory
   * builds it), or fails.
   */
  connect<P extends IProtocol>(
    protocolFactory: IProtocolFactory<P>,
  ): Deferred<P>;
}
