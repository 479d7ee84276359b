/**
 * `SocketTransport`: the transport a protocol gets on a real socket
 * (Twisted's `tcp.Server`/`tcp.Client` and their UNIX and TLS kin). All of
 * the transport logic — write queue, producers, close, abort, half-close,
 * faults — is `StreamTransport`'s, over the host socket from `_host.ts`;
 * this adds `startTLS`, and converts host addresses to Twisted's.
 *
 * `startTLS(options)` (Twisted's `ITLSTransport.startTLS`): what was
 * written before is sent in the clear, what is written after is
 * encrypted, as in Twisted. The bytes queued before the call are counted;
 * writes made after it are held here until the host socket has taken the
 * counted bytes, then the host switches to TLS and the held writes follow
 * through it. A server transport starts the server side of TLS
 * (`options` needs `certificate` and `privateKey`), a client transport
 * the client side (`hostname`, default the name it connected to, and
 * `caCerts`); `normal = false` swaps the sides, as in Twisted. The
 * runtime's limits (see `_host.ts`) are an `Error` at the call.
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
import { StreamTransport } from "./_stream_transport.ts";
import type { ITLSTransport } from "./interfaces.ts";
import { toBytes } from "./_bytes.ts";

/** Twisted's address for a host address (`UNIXAddress`, `IPv4/6Address`). */
export function toAddress(address: HostAddress): IAddress {
  if (address.transport === "unix") return new UNIXAddress(address.path);
  return isIPv6Address(address.hostname)
    ? new IPv6Address("TCP", address.hostname, address.port)
    : new IPv4Address("TCP", address.hostname, address.port);
}

/**
 * What the base class is given as addresses: `getHost`/`getPeer` are
 * overridden to make the real ones when first asked (an idle connection
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

/** Options for {@linkcode SocketTransport}. */
export interface SocketTransportOptions {
  /** Whether this is the accepting side (the default TLS server side). */
  isServer: boolean;
  /** The name a client-side `startTLS` verifies by default. */
  tlsHostname?: string;
  /** Called once, after the protocol's `connectionLost`. */
  onConnectionLost?: (reason: Failure) => void;
}

/** A transport over a real socket; see the module doc. */
export class SocketTransport extends StreamTransport implements ITLSTransport {
  /** Whether TLS is on (from the start, or after `startTLS`). */
  TLS: boolean;
  readonly #socket: HostSocket;
  readonly #isServer: boolean;
  readonly #tlsHostname: string | undefined;
  #host: IAddress | undefined = undefined;
  #peer: IAddress | undefined;
  /** bytes handed to the queue below so far */
  #queuedTotal = 0;
  /** while startTLS waits: the writes held back, and the byte count to reach */
  #tlsWait: { held: Uint8Array[]; until: number; lose: boolean } | undefined =
    undefined;
  #writeClosed = false;

  constructor(
    socket: HostSocket,
    protocol: IProtocol,
    options: SocketTransportOptions & { tls?: boolean; peer?: IAddress },
  ) {
    const base = {
      host: UNASKED,
      peer: UNASKED,
      callSoon: queueMicrotask,
      doneReason: bareDone,
    };
    super(
      socket,
      protocol,
      options.onConnectionLost === undefined
        ? base
        : { ...base, onConnectionLost: options.onConnectionLost },
    );
    this.#socket = socket;
    this.#peer = options.peer;
    this.#isServer = options.isServer;
    this.#tlsHostname = options.tlsHostname;
    this.TLS = options.tls === true;
  }

  /** This side's address (`IPv4Address`, `IPv6Address` or `UNIXAddress`). */
  override getHost(): IAddress {
    return this.#host ??= toAddress(this.#socket.local);
  }

  /** The peer's address. */
  override getPeer(): IAddress {
    return this.#peer ??= toAddress(this.#socket.remote);
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
    this.#socket.abort();
    this.closed(reason);
  }

  /** Queues `data` (held back while `startTLS` waits for the clear text). */
  override write(data: Uint8Array | string): void {
    const bytes = toBytes("transport.write: data", data);
    const wait = this.#tlsWait;
    if (wait !== undefined) {
      if (this.connected && bytes.length > 0) wait.held.push(bytes);
      return;
    }
    super.write(bytes);
    this.#queuedTotal += bytes.length;
  }

  /** Queues the items of `data` as one write. */
  override writeSequence(data: Iterable<Uint8Array | string>): void {
    if (
      data === null || typeof data !== "object" ||
      typeof (data as Iterable<unknown>)[Symbol.iterator] !== "function"
    ) {
      super.writeSequence(data); // throws the TypeError naming it
      return;
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    let i = 0;
    for (const item of data) {
      const bytes = toBytes(`transport.writeSequence: data[${i++}]`, item);
      parts.push(bytes);
      total += bytes.length;
    }
    const wait = this.#tlsWait;
    if (wait !== undefined) {
      if (this.connected) {
        for (const bytes of parts) if (bytes.length > 0) wait.held.push(bytes);
      }
      return;
    }
    super.writeSequence(parts);
    this.#queuedTotal += total;
  }

  /** Half-closes once everything written is sent. */
  override loseWriteConnection(): void {
    this.#writeClosed = true;
    super.loseWriteConnection();
  }

  /** Closes after everything written (held writes included) is sent. */
  override loseConnection(): void {
    const wait = this.#tlsWait;
    if (wait !== undefined) {
      wait.lose = true;
      return;
    }
    super.loseConnection();
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
    if (!this.connected || this.disconnecting || this.#writeClosed) {
      throw new Error(
        "transport.startTLS: the connection is closed or closing",
      );
    }
    if (this.TLS || this.#tlsWait !== undefined) {
      throw new Error("transport.startTLS: TLS is already started");
    }
    const asServer = normal ? this.#isServer : !this.#isServer;
    const side = tlsSide(contextFactory, asServer, this.#tlsHostname);
    const socket = this.#socket;
    socket.prepareTLS(side);
    const wait = {
      held: [] as Uint8Array[],
      until: this.#queuedTotal,
      lose: false,
    };
    this.#tlsWait = wait;
    this.TLS = true;
    const upgrade = () => {
      socket.onTaken = undefined;
      socket.upgradeTLS(side, (error) => {
        this.#tlsWait = undefined;
        if (error !== undefined) return; // the host closes and reports it
        for (const bytes of wait.held) this.write(bytes);
        if (wait.lose) this.loseConnection();
      });
    };
    if (socket.taken >= wait.until) upgrade();
    else {
      socket.onTaken = () => {
        if (socket.taken >= wait.until) upgrade();
      };
    }
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
