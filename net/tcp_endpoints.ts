/**
 * TCP endpoints (Twisted's `twisted.internet.endpoints`): a description of
 * where to listen or connect, turned into a port or a connection by
 * `listen(factory)`/`connect(factory)`, each returning a Deferred. They
 * work with any reactor that has `listenTCP`/`connectTCP` — the real one,
 * or `MemoryReactor` in tests.
 *
 * The arguments are checked when the endpoint is made (a bad port is a
 * `RangeError` there; Twisted finds out at `listen`). `listen` fires with
 * the `IListeningPort` or fails (`CannotListenError`); `connect` fires
 * with the connected protocol, fails with the attempt's failure, and is
 * cancellable: `cancel()` while connecting stops the attempt and fails the
 * Deferred with `ConnectingCancelledError`.
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import type {
  BindAddress,
  IInetAddress,
  IListeningPort,
  IProtocol,
  IProtocolFactory,
  IReactorTCP,
} from "../reactor/io_interfaces.ts";
import type {
  IStreamClientEndpoint,
  IStreamServerEndpoint,
} from "./interfaces.ts";
import {
  requireBacklog,
  requireBindAddress,
  requireFactory,
  requirePort,
  requireString,
  requireTimeout,
} from "./_io_args.ts";
import { connectWith, requireReactor } from "./_endpoint_support.ts";

/**
 * Listens on a TCP port of an IPv4 interface (Twisted's
 * `TCP4ServerEndpoint`): `interface` `""` (the default) is every IPv4
 * interface; port 0 picks a free port.
 *
 * @example
 * ```ts
 * import { Reactor } from "@twisted-ts/core";
 * import { Factory, IPv4Address, Protocol, TCP4ServerEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const endpoint = new TCP4ServerEndpoint(reactor, 0, 50, "127.0.0.1");
 * const port = await endpoint.listen(Factory.forProtocol(Protocol));
 * assert.ok(port.getHost() instanceof IPv4Address);
 * await port.stopListening();
 * ```
 */
export class TCP4ServerEndpoint implements IStreamServerEndpoint {
  readonly #reactor: IReactorTCP;
  readonly #port: number;
  readonly #backlog: number;
  readonly #interface: string;

  /** Where to listen: `port` (0: any free one) on `interface_`. */
  constructor(
    reactor: IReactorTCP,
    port: number,
    backlog = 50,
    interface_ = "",
  ) {
    const what = `${new.target.name}`;
    this.#reactor = requireReactor(what, reactor, "listenTCP");
    this.#port = requirePort(what, port);
    this.#backlog = requireBacklog(what, backlog);
    this.#interface = requireString(what, "interface", interface_);
  }

  /**
   * Listens with `protocolFactory`; fires with the port, or fails with
   * `CannotListenError`.
   *
   * @example
   * ```ts
   * import { Factory, MemoryReactor, Protocol, TCP4ServerEndpoint } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const reactor = new MemoryReactor();
   * await new TCP4ServerEndpoint(reactor, 8080).listen(Factory.forProtocol(Protocol));
   * assert.equal(reactor.tcpServers[0]?.[0], 8080);
   * ```
   */
  listen(
    protocolFactory: IProtocolFactory,
  ): Deferred<IListeningPort<IInetAddress>> {
    requireFactory(`${this.constructor.name}.listen`, protocolFactory);
    return maybeDeferred(() =>
      this.#reactor.listenTCP(
        this.#port,
        protocolFactory,
        this.#backlog,
        this.#interface,
      )
    );
  }

  /** Twisted-like repr. */
  toString(): string {
    return `${this.constructor.name}(port=${this.#port}, interface=${
      JSON.stringify(this.#interface)
    })`;
  }
}

/**
 * Listens on a TCP port of an IPv6 interface (Twisted's
 * `TCP6ServerEndpoint`): `interface` defaults to `"::"`, every interface.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, TCP6ServerEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new MemoryReactor();
 * await new TCP6ServerEndpoint(reactor, 8080).listen(Factory.forProtocol(Protocol));
 * assert.equal(reactor.tcpServers[0]?.[3], "::");
 * ```
 */
export class TCP6ServerEndpoint extends TCP4ServerEndpoint {
  /** Where to listen: `port` on `interface_` (default `"::"`). */
  constructor(
    reactor: IReactorTCP,
    port: number,
    backlog = 50,
    interface_ = "::",
  ) {
    super(reactor, port, backlog, interface_);
  }
}

/**
 * Connects over TCP to `host`:`port` (Twisted's `TCP4ClientEndpoint`);
 * `host` may be a name, an IPv4 or an IPv6 literal.
 *
 * @example
 * ```ts
 * import { Reactor } from "@twisted-ts/core";
 * import { Factory, Protocol, TCP4ClientEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const port = reactor.listenTCP(0, Factory.forProtocol(Protocol), 50, "127.0.0.1");
 * const { port: number } = port.getHost();
 * const client = await new TCP4ClientEndpoint(reactor, "127.0.0.1", number)
 *   .connect(Factory.forProtocol(Protocol));
 * assert.ok(client instanceof Protocol);
 * client.transport.loseConnection();
 * await port.stopListening();
 * ```
 */
export class TCP4ClientEndpoint implements IStreamClientEndpoint {
  readonly #reactor: IReactorTCP;
  readonly #host: string;
  readonly #port: number;
  readonly #timeout: number;
  readonly #bindAddress: BindAddress | null;

  /**
   * Where to connect: `host`:`port`, giving up after `timeout` seconds;
   * `bindAddress` as `connectTCP`'s.
   */
  constructor(
    reactor: IReactorTCP,
    host: string,
    port: number,
    timeout = 30,
    bindAddress: BindAddress | null = null,
  ) {
    const what = "TCP4ClientEndpoint";
    this.#reactor = requireReactor(what, reactor, "connectTCP");
    this.#host = requireString(what, "host", host, true);
    this.#port = requirePort(what, port);
    this.#timeout = requireTimeout(what, timeout);
    requireBindAddress(what, bindAddress);
    this.#bindAddress = bindAddress;
  }

  /**
   * Connects with `protocolFactory`; fires with the connected protocol.
   * Cancelling while connecting aborts the attempt
   * (`ConnectingCancelledError`).
   *
   * @example
   * ```ts
   * import { ClientFactory, ConnectingCancelledError, MemoryReactor, Protocol, TCP4ClientEndpoint } from "@twisted-ts/core/net";
   * import { Factory } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const reactor = new MemoryReactor();
   * const d = new TCP4ClientEndpoint(reactor, "example.com", 80)
   *   .connect(Factory.forProtocol(Protocol));
   * d.cancel();
   * await assert.rejects(d.asPromise(), ConnectingCancelledError);
   * assert.equal(reactor.connectors[0]?.stoppedConnecting, true);
   * ```
   */
  connect<P extends IProtocol>(
    protocolFactory: IProtocolFactory<P>,
  ): Deferred<P> {
    return connectWith(
      `${this.constructor.name}.connect`,
      protocolFactory,
      (wrapper) =>
        this.#bindAddress === null
          ? this.#reactor.connectTCP(
            this.#host,
            this.#port,
            wrapper,
            this.#timeout,
          )
          : this.#reactor.connectTCP(
            this.#host,
            this.#port,
            wrapper,
            this.#timeout,
            this.#bindAddress,
          ),
    );
  }

  /** Twisted-like repr. */
  toString(): string {
    return `TCP4ClientEndpoint(host=${
      JSON.stringify(this.#host)
    }, port=${this.#port})`;
  }
}
