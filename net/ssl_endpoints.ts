/**
 * TLS endpoints (Twisted's `SSL4ServerEndpoint` and `SSL4ClientEndpoint`),
 * on any reactor with `listenSSL`/`connectSSL`. The identity and checks
 * are given as PEM text (`ServerTLSOptions`, `ClientTLSOptions`) where
 * Twisted takes an OpenSSL context factory. As the TCP endpoints (see
 * `tcp_endpoints.ts`): arguments checked when made, `listen`/`connect`
 * return Deferreds, `connect` is cancellable.
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import type {
  BindAddress,
  ClientTLSOptions,
  IInetAddress,
  IListeningPort,
  IProtocol,
  IProtocolFactory,
  IReactorSSL,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";
import type {
  IStreamClientEndpoint,
  IStreamServerEndpoint,
} from "./interfaces.ts";
import {
  requireBacklog,
  requireBindAddress,
  requireClientTLS,
  requireFactory,
  requirePort,
  requireServerTLS,
  requireString,
  requireTimeout,
} from "./_io_args.ts";
import { connectWith, requireReactor } from "./_endpoint_support.ts";

/**
 * Listens for TLS connections on a TCP port (Twisted's
 * `SSL4ServerEndpoint`), with the certificate and key as PEM text.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, SSL4ServerEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new MemoryReactor();
 * const identity = {
 *   certificate: "-----BEGIN CERTIFICATE-----\n…",
 *   privateKey: "-----BEGIN PRIVATE KEY-----\n…",
 * };
 * await new SSL4ServerEndpoint(reactor, 8443, identity).listen(Factory.forProtocol(Protocol));
 * assert.equal(reactor.sslServers[0]?.[0], 8443);
 * ```
 */
export class SSL4ServerEndpoint implements IStreamServerEndpoint {
  readonly #reactor: IReactorSSL;
  readonly #port: number;
  readonly #options: ServerTLSOptions;
  readonly #backlog: number;
  readonly #interface: string;

  /** Where to listen, and as whom. */
  constructor(
    reactor: IReactorSSL,
    port: number,
    sslContextFactory: ServerTLSOptions,
    backlog = 50,
    interface_ = "",
  ) {
    const what = "SSL4ServerEndpoint";
    this.#reactor = requireReactor(what, reactor, "listenSSL");
    this.#port = requirePort(what, port);
    this.#options = requireServerTLS(what, sslContextFactory);
    this.#backlog = requireBacklog(what, backlog);
    this.#interface = requireString(what, "interface", interface_);
  }

  /**
   * Listens with `protocolFactory`; fires with the port, or fails with
   * `CannotListenError`.
   *
   * @example
   * ```ts
   * import { CannotListenError, Factory, MemoryReactor, Protocol, SSL4ServerEndpoint } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const reactor = new MemoryReactor();
   * reactor.listenSSL = () => { throw new CannotListenError("", 443, "in use"); };
   * const identity = { certificate: "-----BEGIN CERTIFICATE-----", privateKey: "-----BEGIN PRIVATE KEY-----" };
   * const d = new SSL4ServerEndpoint(reactor, 443, identity).listen(Factory.forProtocol(Protocol));
   * await assert.rejects(d.asPromise(), CannotListenError);
   * ```
   */
  listen(
    protocolFactory: IProtocolFactory,
  ): Deferred<IListeningPort<IInetAddress>> {
    requireFactory("SSL4ServerEndpoint.listen", protocolFactory);
    return maybeDeferred(() =>
      this.#reactor.listenSSL(
        this.#port,
        protocolFactory,
        this.#options,
        this.#backlog,
        this.#interface,
      )
    );
  }
}

/**
 * Connects over TLS to `host`:`port` (Twisted's `SSL4ClientEndpoint`),
 * verifying the server as `sslContextFactory` says (`hostname`, default
 * `host`; extra `caCerts`).
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, SSL4ClientEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new MemoryReactor();
 * void new SSL4ClientEndpoint(reactor, "example.com", 443, { hostname: "example.com" })
 *   .connect(Factory.forProtocol(Protocol));
 * assert.equal(reactor.sslClients[0]?.[3].hostname, "example.com");
 * ```
 */
export class SSL4ClientEndpoint implements IStreamClientEndpoint {
  readonly #reactor: IReactorSSL;
  readonly #host: string;
  readonly #port: number;
  readonly #options: ClientTLSOptions;
  readonly #timeout: number;
  readonly #bindAddress: BindAddress | null;

  /** Where to connect, and how to check the server. */
  constructor(
    reactor: IReactorSSL,
    host: string,
    port: number,
    sslContextFactory: ClientTLSOptions,
    timeout = 30,
    bindAddress: BindAddress | null = null,
  ) {
    const what = "SSL4ClientEndpoint";
    this.#reactor = requireReactor(what, reactor, "connectSSL");
    this.#host = requireString(what, "host", host, true);
    this.#port = requirePort(what, port);
    this.#options = requireClientTLS(what, sslContextFactory);
    this.#timeout = requireTimeout(what, timeout);
    requireBindAddress(what, bindAddress);
    this.#bindAddress = bindAddress;
  }

  /**
   * Connects with `protocolFactory`; fires with the connected protocol once
   * the TLS handshake succeeded, and is cancellable while connecting.
   *
   * @example
   * ```ts
   * import { ConnectingCancelledError, Factory, MemoryReactor, Protocol, SSL4ClientEndpoint } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const reactor = new MemoryReactor();
   * const d = new SSL4ClientEndpoint(reactor, "example.com", 443, {})
   *   .connect(Factory.forProtocol(Protocol));
   * d.cancel();
   * await assert.rejects(d.asPromise(), ConnectingCancelledError);
   * ```
   */
  connect<P extends IProtocol>(
    protocolFactory: IProtocolFactory<P>,
  ): Deferred<P> {
    return connectWith(
      "SSL4ClientEndpoint.connect",
      protocolFactory,
      (wrapper) =>
        this.#bindAddress === null
          ? this.#reactor.connectSSL(
            this.#host,
            this.#port,
            wrapper,
            this.#options,
            this.#timeout,
          )
          : this.#reactor.connectSSL(
            this.#host,
            this.#port,
            wrapper,
            this.#options,
            this.#timeout,
            this.#bindAddress,
          ),
    );
  }
}
