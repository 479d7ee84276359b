/**
 * `SocketConnector`: an outgoing connection and its attempts (Twisted's
 * `base.BaseConnector` with `tcp.Client`'s connecting half), what
 * `connectTCP`, `connectUNIX` and `connectSSL` return.
 *
 * States, as Twisted's: `"disconnected"` → `connect()` → `"connecting"`
 * (the factory is started once, `startedConnecting(connector)` is called,
 * a `timeout` call is scheduled on the reactor) → `"connected"` when the
 * socket connects (the timeout is cancelled and `factory.buildProtocol` is
 * asked for the protocol) → `"disconnected"` when the attempt fails
 * (`clientConnectionFailed`) or the connection is lost
 * (`clientConnectionLost`). Either callback may call `connector.connect()`
 * to try again (what `ReconnectingClientFactory` does); otherwise the
 * factory is stopped. `stopConnecting()` fails the attempt with
 * `UserError`, the timeout with `ConnectTimeoutError`; host errors map to
 * Twisted's (`ConnectionRefusedError`, `DNSLookupError`, `NoRouteError`,
 * `TCPTimedOutError`, else `ConnectError`).
 *
 * A protocol that cannot be built (`buildProtocol` throws or returns a
 * non-protocol) is logged and fails the attempt with that error; `null`
 * connects a bare `Protocol` and closes at once, as in Twisted.
 *
 * @module
 */
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import type { IDelayedCall } from "../reactor/interfaces.ts";
import type {
  IAddress,
  IClientFactory,
  IConnector,
  IProtocol,
} from "../reactor/io_interfaces.ts";
import { IPv4Address, IPv6Address, UNIXAddress } from "./address.ts";
import {
  ConnectError,
  ConnectionLost,
  ConnectionRefusedError,
  ConnectTimeoutError,
  DNSLookupError,
  NoRouteError,
  NotConnectingError,
  SSLError,
  TCPTimedOutError,
  UserError,
} from "./errors.ts";
import { requireProtocol } from "./_checks.ts";
import {
  type ConnectRequest,
  errorCode,
  host,
  type HostSocket,
  TLSHandshakeError,
} from "./_host.ts";
import { isIPv6Address } from "./_ip.ts";
import { factoryName } from "./_port.ts";
import { Protocol } from "./protocol.ts";
import {
  SocketTransport,
  toAddress,
  transportOptions,
  type TransportOwner,
} from "./_socket_transport.ts";
import type { StreamTransportOptions } from "./_stream_transport.ts";

/** What a connector reports to the reactor's I/O object that owns it. */
export interface ConnectorOwner {
  /** Schedules the connect timeout (the reactor's `callLater`). */
  callLater(delay: number, fn: () => void): IDelayedCall;
  /** An attempt started (track it for shutdown). */
  attemptStarted(connector: SocketConnector): void;
  /** The attempt ended (connected or failed). */
  attemptEnded(connector: SocketConnector): void;
  /** A connection is up (track it until it is lost). */
  connectionOpened(transport: SocketTransport): void;
  /** A connection is gone. */
  connectionClosed(transport: SocketTransport): void;
}

/** Twisted's connect error for a host error. */
export function connectErrorFor(
  error: unknown,
  request: ConnectRequest,
): Error {
  if (error instanceof TLSHandshakeError) return new SSLError(error);
  switch (errorCode(error)) {
    case "ECONNREFUSED":
      return new ConnectionRefusedError(error);
    case "ETIMEDOUT":
      return new TCPTimedOutError(error);
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return new NoRouteError(error);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
      return new DNSLookupError(
        `address ${
          JSON.stringify(request.transport === "tcp" ? request.hostname : "")
        } not found: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
  return new ConnectError(error);
}

/** One attempt: it ends once (connected, failed or cancelled). */
interface Attempt {
  done: boolean;
  cancel: () => void;
}

/** An outgoing connection; see the module doc. */
export class SocketConnector implements IConnector, TransportOwner {
  /** `"disconnected"`, `"connecting"` or `"connected"`. */
  state: "disconnected" | "connecting" | "connected" = "disconnected";
  /** The factory told about attempts and connections. */
  readonly factory: IClientFactory;
  /** Seconds an attempt may take (`Infinity`: no limit). */
  readonly timeout: number;
  /** The connection's transport while connected. */
  transport: SocketTransport | undefined = undefined;
  readonly #owner: ConnectorOwner;
  readonly #request: ConnectRequest;
  readonly #destination: IAddress;
  #attempt: Attempt | undefined = undefined;
  #timeoutCall: IDelayedCall | undefined = undefined;
  #factoryStarted = false;

  readonly #precheck: (() => Error | undefined) | undefined;

  constructor(
    owner: ConnectorOwner,
    request: ConnectRequest,
    factory: IClientFactory,
    timeout: number,
    precheck?: () => Error | undefined,
  ) {
    this.#precheck = precheck;
    this.#owner = owner;
    this.#request = request;
    this.factory = factory;
    this.timeout = timeout;
    this.#destination = request.transport === "unix"
      ? new UNIXAddress(request.path)
      : isIPv6Address(request.hostname)
      ? new IPv6Address("TCP", request.hostname, request.port)
      : new IPv4Address("TCP", request.hostname, request.port);
  }

  /** Starts an attempt (only when disconnected). */
  connect(): void {
    if (this.state !== "disconnected") {
      throw new Error(
        `connector.connect: can't connect in this state (${this.state})`,
      );
    }
    this.state = "connecting";
    if (!this.#factoryStarted) {
      this.factory.doStart();
      this.#factoryStarted = true;
    }
    const attempt: Attempt = { done: false, cancel: () => {} };
    this.#attempt = attempt;
    this.#owner.attemptStarted(this);
    this.#start(attempt);
    if (this.timeout !== Infinity) {
      this.#timeoutCall = this.#owner.callLater(
        this.timeout,
        () => this.#fail(attempt, new ConnectTimeoutError()),
      );
    }
    this.factory.startedConnecting(this);
  }

  /** Starts the host's attempt (or fails it in a later turn). */
  #start(attempt: Attempt): void {
    let refused: Error | undefined;
    try {
      refused = this.#precheck?.();
      if (refused === undefined) {
        attempt.cancel = host.connect(this.#request, {
          connected: (socket) => this.#connected(attempt, socket),
          failed: (error) =>
            this.#fail(attempt, connectErrorFor(error, this.#request)),
        });
        return;
      }
    } catch (e) {
      refused = new ConnectError(e);
    }
    // fails in a later turn, as any attempt does (Twisted's _finishInit)
    queueMicrotask(() => this.#fail(attempt, refused!));
  }

  /** Aborts the attempt under way (`UserError`); else `NotConnectingError`. */
  stopConnecting(): void {
    if (this.state !== "connecting") {
      throw new NotConnectingError("we're not trying to connect");
    }
    this.state = "disconnected";
    const attempt = this.#attempt;
    if (attempt !== undefined) this.#fail(attempt, new UserError());
  }

  /** Stops connecting, or closes the connection, whichever applies. */
  disconnect(): void {
    if (this.state === "connecting") this.stopConnecting();
    else if (this.state === "connected") this.transport?.loseConnection();
  }

  /** Where it connects to. */
  getDestination(): IAddress {
    return this.#destination;
  }

  /** Twisted's repr. */
  toString(): string {
    return `<Connector ${this.state} ${this.#destination}>`;
  }

  /** The reactor shuts down: fail the attempt under way, if any. */
  _shutdown(): void {
    const attempt = this.#attempt;
    if (attempt !== undefined) {
      this.#fail(attempt, new ConnectError(undefined, "Connection lost"));
    }
  }

  #cancelTimeout(): void {
    const call = this.#timeoutCall;
    this.#timeoutCall = undefined;
    if (call !== undefined && call.active()) call.cancel();
  }

  /** Twisted's `failIfNotConnected` + `connectionFailed`. */
  #fail(attempt: Attempt, error: Error): void {
    if (attempt.done || attempt !== this.#attempt) return;
    attempt.done = true;
    this.#attempt = undefined;
    attempt.cancel();
    this.#owner.attemptEnded(this);
    this.#cancelTimeout();
    this.state = "disconnected";
    const reason = new Failure(error);
    this.#tell(
      "clientConnectionFailed",
      () => this.factory.clientConnectionFailed(this, reason),
    );
    if (this.state === "disconnected") this.#stopFactory();
  }

  /**
   * Calls a factory method; what it throws is logged (Twisted's reactor
   * logs it too): it must not escape into the host's event handler.
   */
  #tell(what: string, call: () => void): void {
    try {
      call();
    } catch (e) {
      log.err(e, `Unhandled error in ${factoryName(this.factory)}.${what}:`);
    }
  }

  #stopFactory(): void {
    this.#tell("doStop", () => this.factory.doStop());
    this.#factoryStarted = false;
  }

  /** The socket connected: build the protocol and connect it. */
  #connected(attempt: Attempt, socket: HostSocket): void {
    if (attempt.done || attempt !== this.#attempt) {
      socket.abort();
      return;
    }
    this.state = "connected";
    this.#cancelTimeout();
    const peer = toAddress(socket.remote);
    let protocol: IProtocol | null | undefined;
    try {
      protocol = this.factory.buildProtocol(peer);
      if (protocol !== null && protocol !== undefined) {
        requireProtocol(
          `${factoryName(this.factory)}.buildProtocol(${peer}) result`,
          protocol,
        );
      }
    } catch (e) {
      socket.abort();
      log.err(e, `Error building a protocol for ${peer}:`);
      this.state = "connecting";
      this.#fail(attempt, e instanceof Error ? e : new ConnectError(e));
      return;
    }
    attempt.done = true;
    this.#attempt = undefined;
    this.#owner.attemptEnded(this);
    const refused = protocol === null || protocol === undefined;
    const transport = new SocketTransport(
      socket,
      refused ? new Protocol() : protocol!,
      this,
    );
    this.transport = transport;
    this.#owner.connectionOpened(transport);
    transport.start();
    socket.attach(transport);
    if (refused) transport.loseConnection();
  }

  /** @internal connections made are the TLS client side */
  readonly _isServer = false;
  /** @internal the options its transports share */
  readonly _transportOptions: StreamTransportOptions = transportOptions(this);

  /** @internal the name a client-side startTLS verifies */
  get _tlsHostname(): string | undefined {
    const r = this.#request;
    return r.transport === "tcp" ? r.tls?.hostname ?? r.hostname : undefined;
  }

  /** @internal whether connections speak TLS from the start */
  get _tls(): boolean {
    return this.#request.tls !== undefined;
  }

  /** @internal the connection is over */
  _transportLost(transport: SocketTransport, reason: Failure): void {
    this.#owner.connectionClosed(transport);
    this.#lost(reason);
  }

  /** Twisted's `BaseConnector.connectionLost`. */
  #lost(reason: Failure): void {
    this.transport = undefined;
    this.state = "disconnected";
    this.#tell(
      "clientConnectionLost",
      () => this.factory.clientConnectionLost(this, reason),
    );
    if (this.state === "disconnected") this.#stopFactory();
  }
}

/** The reason a shutdown gives the connections it closes. */
export function shutdownReason(): ConnectionLost {
  return new ConnectionLost("Connection lost");
}
