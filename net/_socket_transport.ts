/**
 * `SocketTransport`: the transport a protocol gets on a real socket
 * (Twisted's `tcp.Server`/`tcp.Client` and their UNIX and TLS kin). All of
 * the transport logic — write queue, producers, close, abort, half-close,
 * faults — is `StreamTransport`'s, over the host socket from `_host.ts`;
 * this adds `startTLS`, and converts host addresses to Twisted's.
 *
 * `startTLS(options)` (Twisted's `ITLSTransport.startTLS`): what was
 * written before is sent in the clear, what is written after is
 * encrypted, as in Twisted: the host socket is told how many bytes are
 * queued at the call (`bufferedAmount`), takes those in the clear, then
 * switches and takes the rest encrypted. A server transport starts the
 * server side of TLS (`options` needs `certificate` and `privateKey`), a
 * client transport the client side (`hostname`, default the name it
 * connected to, and `caCerts`); `normal = false` swaps the sides, as in
 * Twisted. The runtime's limits (see `_host.ts`) are an `Error` at the
 * call.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { Failure } from "../defer/failure.ts";
import type {
  ClientTLSOptions,
  IAddress,
  IProtocol,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";
import { IPv4Address, IPv6Address, UNIXAddress } from "./address.ts";
import { ConnectionDone, ConnectionLost } from "./errors.ts";
import type { HostAddress, HostSocket, TLSSide } from "./_host.ts";
import { isIPv6Address } from "./_ip.ts";
import {
  StreamTransport,
  type StreamTransportOptions,
} from "./_stream_transport.ts";
import type { ITLSTransport } from "./interfaces.ts";

/** Twisted's address for a host address (`UNIXAddress`, `IPv4/6Address`). */
export function toAddress(address: HostAddress): IAddress {
  if (address.transport === "unix") return new UNIXAddress(address.path);
  return isIPv6Address(address.hostname)
    ? new IPv6Address("TCP", address.hostname, address.port)
    : new IPv4Address("TCP", address.hostname, address.port);
}

/**
 * What the base class is given as addresses: `getHost`/`getPeer` are
 * overridden to make them from the socket when asked (an idle connection
 * keeps no address objects).
 */
const UNASKED: IAddress = { toString: () => "(not asked yet)" };

/**
 * Twisted's reactor reports a clean close as a bare `ConnectionDone()`
 * ("Connection was closed cleanly.") and a broken connection as a bare
 * `ConnectionLost()` (its `_disconnectSelectable` maps every reason to
 * these two): the socket transports do the same, keeping the host's error
 * as the `cause`.
 */
const bareDone = () => new ConnectionDone();

/**
 * What a socket transport belongs to — the port that accepted it or the
 * connector that made it — and what the owner knows about it.
 */
export interface TransportOwner {
  /** @internal Whether its transports are the accepting side (the TLS server side by default). */
  readonly _isServer: boolean;
  /** @internal The name a client-side `startTLS` verifies by default. */
  readonly _tlsHostname: string | undefined;
  /** @internal Whether its transports speak TLS from the start. */
  readonly _tls: boolean;
  /** @internal Its transports' options, one object for all (see {@linkcode transportOptions}). */
  readonly _transportOptions: StreamTransportOptions;
  /** @internal `transport`'s connection is over (after the protocol's `connectionLost`). */
  _transportLost(transport: SocketTransport, reason: Failure): void;
}

/**
 * The options every transport of `owner` shares (one object per port or
 * connector, not one per connection): placeholder addresses (`getHost`/
 * `getPeer` are overridden), microtask flushes, Twisted's reactor's clean
 * close reason, and the loss reported to the owner.
 */
export function transportOptions(
  owner: TransportOwner,
): StreamTransportOptions {
  return {
    host: UNASKED,
    peer: UNASKED,
    callSoon: queueMicrotask,
    doneReason: bareDone,
    onConnectionLost: (reason, transport) =>
      owner._transportLost(transport as SocketTransport, reason),
  };
}

/** The transports that started TLS (a set, not a field on every one). */
const tlsStarted = new WeakSet<SocketTransport>();

/** A transport over a real socket; see the module doc. */
export class SocketTransport extends StreamTransport
  implements ITLSTransport<IAddress> {
  readonly #owner: TransportOwner;
  /** @internal the reactor's list of open connections (no Set entry each) */
  _prev: SocketTransport | undefined = undefined;
  /** @internal */
  _next: SocketTransport | undefined = undefined;
  constructor(socket: HostSocket, protocol: IProtocol, owner: TransportOwner) {
    super(socket, protocol, owner._transportOptions);
    this.#owner = owner;
  }

  /** Whether TLS is on (from the start, or after `startTLS`). */
  get TLS(): boolean {
    return this.#owner._tls || tlsStarted.has(this);
  }

  /**
   * Over TLS the end of the peer's input ends the connection, as in
   * Twisted, whose TLS layer never calls `readConnectionLost` (the peer's
   * closing message closes it all).
   */
  protected override _halfCloses(): boolean {
    return !this.TLS;
  }

  /** This side's address (`IPv4Address`, `IPv6Address` or `UNIXAddress`). */
  override getHost(): IAddress {
    return toAddress((this._socket as HostSocket).local);
  }

  /** The peer's address. */
  override getPeer(): IAddress {
    return toAddress((this._socket as HostSocket).remote);
  }

  /**
   * The socket closed (host side): a clean close is `ConnectionDone()`,
   * anything else a bare `ConnectionLost()` whose `cause` is the host's
   * error, as Twisted's reactor reports them.
   */
  override closed(error?: unknown): void {
    if (
      error === undefined || error instanceof ConnectionLost ||
      error instanceof ConnectionDone
    ) {
      super.closed(error);
      return;
    }
    const lost = new ConnectionLost();
    Object.defineProperty(lost, "cause", { value: error, configurable: true });
    super.closed(lost);
  }

  /** Closes the socket at once and reports `reason` (the reactor's shutdown). */
  abortSocket(reason: Error): void {
    if (!this.connected) return;
    (this._socket as HostSocket).abort();
    this.closed(reason);
  }

  /**
   * Starts TLS on this open connection (see the module doc): the server
   * side with `ServerTLSOptions` on an accepted connection, the client side
   * with `ClientTLSOptions` on an outgoing one (`normal = false` swaps).
   */
  startTLS(
    contextFactory: ClientTLSOptions | ServerTLSOptions,
    normal = true,
  ): void {
    if (contextFactory === null || typeof contextFactory !== "object") {
      throw new TypeError(
        `transport.startTLS: contextFactory must be TLS options (an object), got ${
          describeValue(contextFactory)
        }`,
      );
    }
    if (!this.connected || this.disconnecting) {
      throw new Error(
        "transport.startTLS: the connection is closed or closing",
      );
    }
    if (this.TLS) throw new Error("transport.startTLS: TLS is already on");
    const owner = this.#owner;
    const asServer = normal ? owner._isServer : !owner._isServer;
    const side = tlsSide(contextFactory, asServer, owner._tlsHostname);
    // what is queued now goes in the clear; the socket switches after it
    (this._socket as HostSocket).startTLS(side, this.bufferedAmount);
    tlsStarted.add(this);
  }
}

/** Which TLS side to start, with checked options. */
function tlsSide(
  options: ClientTLSOptions | ServerTLSOptions,
  asServer: boolean,
  defaultHostname: string | undefined,
): TLSSide {
  if (asServer) {
    const o = options as Partial<ServerTLSOptions>;
    if (typeof o.certificate !== "string" || typeof o.privateKey !== "string") {
      throw new TypeError(
        `transport.startTLS: the server side needs certificate and privateKey (PEM text), got ${
          describeValue(options)
        }`,
      );
    }
    return {
      isServer: true,
      certificate: o.certificate,
      privateKey: o.privateKey,
    };
  }
  const o = options as ClientTLSOptions;
  const hostname = o.hostname ?? defaultHostname;
  if (typeof hostname !== "string" || hostname === "") {
    throw new TypeError(
      `transport.startTLS: the client side needs a hostname to verify, got ${
        describeValue(o.hostname)
      }`,
    );
  }
  return o.caCerts === undefined
    ? { isServer: false, hostname }
    : { isServer: false, hostname, caCerts: o.caCerts };
}
