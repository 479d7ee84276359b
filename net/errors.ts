/**
 * Twisted's connection errors (`twisted.internet.error`), with its class
 * names, hierarchy and messages, and the two Failures a protocol's
 * `connectionLost` usually receives: {@linkcode connectionDone} and
 * {@linkcode connectionLost}.
 *
 * One rename: Twisted's `twisted.internet.error.TimeoutError` ("User timeout
 * caused connection failure", what `connectTCP`'s `timeout` raises) is
 * {@linkcode ConnectTimeoutError} here, because the root module already
 * exports defer's `TimeoutError` (`addTimeout`'s error, Twisted's
 * `twisted.internet.defer.TimeoutError`), and one name for two unrelated
 * classes would make `f.check(TimeoutError)` silently test the wrong one.
 *
 * Messages are Twisted's `str(error)`: a fixed sentence, then the details
 * given, then a full stop (`"Connection was refused by other side: 111:
 * Connection refused."`).
 *
 * @module
 */
import { Failure } from "../defer/failure.ts";
import type { IAddress } from "../reactor/io_interfaces.ts";

/** `sentence[: a][: b].` — Twisted's message shape. */
function sentence(base: string, ...details: unknown[]): string {
  let s = base;
  for (const d of details) {
    if (d !== undefined && d !== null && d !== "") s += `: ${String(d)}`;
  }
  return `${s}.`;
}

/**
 * A connection attempt failed (Twisted's `ConnectError`): the base class
 * of {@linkcode ConnectionRefusedError}, {@linkcode ConnectTimeoutError},
 * {@linkcode UnknownHostError}, … `osError` is the host's error, if any;
 * `detail` adds words.
 *
 * @example
 * ```ts
 * import { ConnectError, ConnectionRefusedError } from "@twisted-ts/core/net";
 * const e = new ConnectionRefusedError("ECONNREFUSED", "127.0.0.1:1");
 * if (!(e instanceof ConnectError)) throw new Error();
 * if (e.message !== "Connection was refused by other side: ECONNREFUSED: 127.0.0.1:1.") {
 *   throw new Error(e.message);
 * }
 * ```
 */
export class ConnectError extends Error {
  /** The error's name (its class name). */
  override readonly name: string = "ConnectError";
  /** The host's error (an `Error`, an errno text…), if any. */
  readonly osError: unknown;
  /** The words added after the host's error (`""` for none). */
  readonly detail: string;
  /** The fixed first words of this class's messages. */
  static readonly MESSAGE: string = "An error occurred while connecting";

  /** An error caused by `osError`, with `detail` added. */
  constructor(osError?: unknown, detail = "") {
    super("");
    this.osError = osError;
    this.detail = detail;
    this.message = sentence(
      (new.target as typeof ConnectError).MESSAGE,
      osError instanceof Error ? osError.message : osError,
      detail,
    );
  }
}

/**
 * Could not bind the local end of an outgoing connection (Twisted's
 * `ConnectBindError`).
 *
 * @example
 * ```ts
 * import { ConnectBindError } from "@twisted-ts/core/net";
 * if (new ConnectBindError().message !== "Couldn't bind.") throw new Error();
 * ```
 */
export class ConnectBindError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "ConnectBindError";
  /** This class's message. */
  static override readonly MESSAGE: string = "Couldn't bind";
}

/**
 * The host name could not be resolved (Twisted's `UnknownHostError`).
 *
 * @example
 * ```ts
 * import { UnknownHostError } from "@twisted-ts/core/net";
 * if (new UnknownHostError().message !== "Hostname couldn't be looked up.") throw new Error();
 * ```
 */
export class UnknownHostError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "UnknownHostError";
  /** This class's message. */
  static override readonly MESSAGE: string = "Hostname couldn't be looked up";
}

/**
 * No route to the host (Twisted's `NoRouteError`).
 *
 * @example
 * ```ts
 * import { NoRouteError } from "@twisted-ts/core/net";
 * if (new NoRouteError().message !== "No route to host.") throw new Error();
 * ```
 */
export class NoRouteError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "NoRouteError";
  /** This class's message. */
  static override readonly MESSAGE: string = "No route to host";
}

/**
 * Nothing listens there: the peer refused the connection (Twisted's
 * `ConnectionRefusedError`).
 *
 * @example
 * ```ts
 * import { ConnectionRefusedError } from "@twisted-ts/core/net";
 * if (new ConnectionRefusedError().message !== "Connection was refused by other side.") {
 *   throw new Error();
 * }
 * ```
 */
export class ConnectionRefusedError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "ConnectionRefusedError";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "Connection was refused by other side";
}

/**
 * The operating system gave up connecting (`ETIMEDOUT`; Twisted's
 * `TCPTimedOutError`). Our own `timeout` running out is
 * {@linkcode ConnectTimeoutError}.
 *
 * @example
 * ```ts
 * import { TCPTimedOutError } from "@twisted-ts/core/net";
 * if (new TCPTimedOutError().message !== "TCP connection timed out.") throw new Error();
 * ```
 */
export class TCPTimedOutError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "TCPTimedOutError";
  /** This class's message. */
  static override readonly MESSAGE: string = "TCP connection timed out";
}

/**
 * The UNIX socket file is unusable (Twisted's `BadFileError`).
 *
 * @example
 * ```ts
 * import { BadFileError } from "@twisted-ts/core/net";
 * if (new BadFileError().message !== "File used for UNIX socket is no good.") throw new Error();
 * ```
 */
export class BadFileError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "BadFileError";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "File used for UNIX socket is no good";
}

/**
 * A service name given as a port is unknown (Twisted's
 * `ServiceNameUnknownError`).
 *
 * @example
 * ```ts
 * import { ServiceNameUnknownError } from "@twisted-ts/core/net";
 * const e = new ServiceNameUnknownError(undefined, "gopherx");
 * if (e.message !== "Service name given as port is unknown: gopherx.") throw new Error();
 * ```
 */
export class ServiceNameUnknownError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "ServiceNameUnknownError";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "Service name given as port is unknown";
}

/**
 * The TLS handshake failed (Twisted's `SSLError`).
 *
 * @example
 * ```ts
 * import { SSLError } from "@twisted-ts/core/net";
 * if (new SSLError().message !== "An SSL error occurred.") throw new Error();
 * ```
 */
export class SSLError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "SSLError";
  /** This class's message. */
  static override readonly MESSAGE: string = "An SSL error occurred";
}

/**
 * The connecting side gave up (Twisted's `UserError`): the base class of
 * {@linkcode ConnectTimeoutError}; `connector.stopConnecting()` fails the
 * attempt with it.
 *
 * @example
 * ```ts
 * import { UserError } from "@twisted-ts/core/net";
 * if (new UserError().message !== "User aborted connection.") throw new Error();
 * ```
 */
export class UserError extends ConnectError {
  /** The error's name. */
  override readonly name: string = "UserError";
  /** This class's message. */
  static override readonly MESSAGE: string = "User aborted connection";
}

/**
 * The connect `timeout` ran out: Twisted's
 * `twisted.internet.error.TimeoutError`, renamed so it cannot be confused
 * with defer's `TimeoutError` (see the module doc).
 *
 * @example
 * ```ts
 * import { ConnectTimeoutError, UserError } from "@twisted-ts/core/net";
 * const e = new ConnectTimeoutError();
 * if (!(e instanceof UserError)) throw new Error();
 * if (e.message !== "User timeout caused connection failure.") throw new Error();
 * ```
 */
export class ConnectTimeoutError extends UserError {
  /** The error's name. */
  override readonly name: string = "ConnectTimeoutError";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "User timeout caused connection failure";
}

/**
 * A connection was closed, cleanly or not (Twisted's `ConnectionClosed`):
 * the base class of {@linkcode ConnectionDone} and
 * {@linkcode ConnectionLost}.
 *
 * @example
 * ```ts
 * import { ConnectionClosed, ConnectionDone, ConnectionLost } from "@twisted-ts/core/net";
 * if (!(new ConnectionDone() instanceof ConnectionClosed)) throw new Error();
 * if (!(new ConnectionLost() instanceof ConnectionClosed)) throw new Error();
 * ```
 */
export class ConnectionClosed extends Error {
  /** The error's name. */
  override readonly name: string = "ConnectionClosed";
  /** The fixed first words of this class's messages (none here). */
  static readonly MESSAGE: string = "";

  /** An error with `details` appended to the class's sentence. */
  constructor(...details: string[]) {
    super("");
    const base = (new.target as typeof ConnectionClosed).MESSAGE;
    this.message = base === ""
      ? details.join(" ")
      : details.length > 0
      ? `${base}: ${details.join(" ")}.`
      : `${base}.`;
  }
}

/**
 * The connection was closed cleanly (Twisted's `ConnectionDone`): the
 * reason in {@linkcode connectionDone}.
 *
 * @example
 * ```ts
 * import { ConnectionDone } from "@twisted-ts/core/net";
 * if (new ConnectionDone().message !== "Connection was closed cleanly.") throw new Error();
 * ```
 */
export class ConnectionDone extends ConnectionClosed {
  /** The error's name. */
  override readonly name: string = "ConnectionDone";
  /** This class's message. */
  static override readonly MESSAGE: string = "Connection was closed cleanly";
}

/**
 * The connection was lost in a non-clean fashion: reset, broken, timed
 * out (Twisted's `ConnectionLost`).
 *
 * @example
 * ```ts
 * import { ConnectionLost } from "@twisted-ts/core/net";
 * const e = new ConnectionLost("ECONNRESET");
 * if (e.message !== "Connection to the other side was lost in a non-clean fashion: ECONNRESET.") {
 *   throw new Error(e.message);
 * }
 * ```
 */
export class ConnectionLost extends ConnectionClosed {
  /** The error's name. */
  override readonly name: string = "ConnectionLost";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "Connection to the other side was lost in a non-clean fashion";
}

/**
 * This side closed the connection with `abortConnection()` (Twisted's
 * `ConnectionAborted`, a kind of {@linkcode ConnectionLost}).
 *
 * @example
 * ```ts
 * import { ConnectionAborted, ConnectionLost } from "@twisted-ts/core/net";
 * const e = new ConnectionAborted();
 * if (!(e instanceof ConnectionLost)) throw new Error();
 * if (e.message !== "Connection was aborted locally using ITCPTransport.abortConnection.") {
 *   throw new Error(e.message);
 * }
 * ```
 */
export class ConnectionAborted extends ConnectionLost {
  /** The error's name. */
  override readonly name: string = "ConnectionAborted";
  /** This class's message. */
  static override readonly MESSAGE: string =
    "Connection was aborted locally using ITCPTransport.abortConnection";
}

/**
 * Binding to an interface failed (Twisted's `BindError`): the base class
 * of {@linkcode CannotListenError}.
 *
 * @example
 * ```ts
 * import { BindError } from "@twisted-ts/core/net";
 * if (new BindError().message !== "An error occurred binding to an interface.") throw new Error();
 * ```
 */
export class BindError extends Error {
  /** The error's name. */
  override readonly name: string = "BindError";

  /** An error with `details` appended. */
  constructor(...details: string[]) {
    super(
      sentence(
        "An error occurred binding to an interface",
        details.join(" "),
      ),
    );
  }
}

/**
 * A port could not listen — in use, not permitted (Twisted's
 * `CannotListenError(interface, port, socketError)`).
 *
 * @example
 * ```ts
 * import { CannotListenError } from "@twisted-ts/core/net";
 * const e = new CannotListenError("127.0.0.1", 8080, new Error("Address in use"));
 * if (e.message !== "Couldn't listen on 127.0.0.1:8080: Address in use.") throw new Error(e.message);
 * if (e.port !== 8080) throw new Error();
 * ```
 */
export class CannotListenError extends BindError {
  /** The error's name. */
  override readonly name: string = "CannotListenError";
  /** The interface it tried to listen on (`""`: all). */
  readonly interface: string;
  /** The port (or socket path) it tried to listen on. */
  readonly port: number | string;
  /** The host's error. */
  readonly socketError: unknown;

  /** The error for `interface_`:`port`, caused by `socketError`. */
  constructor(interface_: string, port: number | string, socketError: unknown) {
    super();
    this.interface = interface_;
    this.port = port;
    this.socketError = socketError;
    const why = socketError instanceof Error
      ? socketError.message
      : String(socketError);
    this.message = `Couldn't listen on ${interface_ || "any"}:${port}: ${why}.`;
  }
}

/**
 * `stopListening` on a port that is not listening (Twisted's
 * `NotListeningError`).
 *
 * @example
 * ```ts
 * import { NotListeningError } from "@twisted-ts/core/net";
 * if (!new NotListeningError().message.startsWith("The Port was not listening")) throw new Error();
 * ```
 */
export class NotListeningError extends Error {
  /** The error's name. */
  override readonly name: string = "NotListeningError";

  /** An error with `details` appended. */
  constructor(...details: string[]) {
    super(
      sentence(
        "The Port was not listening when it was asked to stop listening",
        details.join(" "),
      ),
    );
  }
}

/**
 * `stopConnecting` on a connector that is not connecting (Twisted's
 * `NotConnectingError`).
 *
 * @example
 * ```ts
 * import { NotConnectingError } from "@twisted-ts/core/net";
 * if (!new NotConnectingError().message.startsWith("The Connector was not connecting")) throw new Error();
 * ```
 */
export class NotConnectingError extends Error {
  /** The error's name. */
  override readonly name: string = "NotConnectingError";

  /** An error with `details` appended. */
  constructor(...details: string[]) {
    super(
      sentence(
        "The Connector was not connecting when it was asked to stop connecting",
        details.join(" "),
      ),
    );
  }
}

/**
 * An endpoint's `connect` was cancelled before it connected (Twisted's
 * `ConnectingCancelledError`).
 *
 * @example
 * ```ts
 * import { ConnectingCancelledError, HostnameAddress } from "@twisted-ts/core/net";
 * const e = new ConnectingCancelledError(new HostnameAddress("example.com", 80));
 * if (String(e.address) !== "HostnameAddress(hostname='example.com', port=80)") throw new Error();
 * ```
 */
export class ConnectingCancelledError extends Error {
  /** The error's name. */
  override readonly name: string = "ConnectingCancelledError";
  /** Where the cancelled attempt was connecting to. */
  readonly address: IAddress;

  /** The error for an attempt to reach `address`. */
  constructor(address: IAddress) {
    super(String(address));
    this.address = address;
  }
}

/**
 * An endpoint's factory returned no protocol from `buildProtocol`
 * (Twisted's `NoProtocol`).
 *
 * @example
 * ```ts
 * import { NoProtocol } from "@twisted-ts/core/net";
 * if (new NoProtocol().name !== "NoProtocol") throw new Error();
 * ```
 */
export class NoProtocol extends Error {
  /** The error's name. */
  override readonly name: string = "NoProtocol";
}

/**
 * An address of the wrong kind: not IPv4 or IPv6, or the other one
 * (Twisted's `InvalidAddressError`, a `ValueError` there).
 *
 * @example
 * ```ts
 * import { InvalidAddressError } from "@twisted-ts/core/net";
 * const e = new InvalidAddressError("::1", "an IPv4 address literal is required");
 * if (e.address !== "::1") throw new Error();
 * ```
 */
export class InvalidAddressError extends Error {
  /** The error's name. */
  override readonly name: string = "InvalidAddressError";
  /** The address given. */
  readonly address: string;

  /** The error for `address`, explained by `message`. */
  constructor(address: string, message: string) {
    super(`${message}: ${address}`);
    this.address = address;
  }
}

/**
 * A DNS lookup failed (Twisted's `DNSLookupError`).
 *
 * @example
 * ```ts
 * import { DNSLookupError } from "@twisted-ts/core/net";
 * if (new DNSLookupError("nowhere.invalid").message !== "DNS lookup failed: nowhere.invalid.") {
 *   throw new Error();
 * }
 * ```
 */
export class DNSLookupError extends Error {
  /** The error's name. */
  override readonly name: string = "DNSLookupError";

  /** An error with `details` appended. */
  constructor(...details: string[]) {
    super(sentence("DNS lookup failed", details.join(" ")));
  }
}

/**
 * The reason given to `connectionLost` when a connection was closed
 * cleanly: a `Failure` of {@linkcode ConnectionDone} (Twisted's
 * `twisted.internet.protocol.connectionDone`). Shared: do not change it.
 *
 * @example
 * ```ts
 * import { ConnectionDone, connectionDone } from "@twisted-ts/core/net";
 * if (connectionDone.check(ConnectionDone) !== ConnectionDone) throw new Error();
 * ```
 */
export const connectionDone: Failure = new Failure(new ConnectionDone());

/**
 * The reason given to `connectionLost` when a connection was lost
 * uncleanly: a `Failure` of {@linkcode ConnectionLost} (Twisted's
 * `twisted.internet.main.CONNECTION_LOST`, wrapped). Shared: do not
 * change it.
 *
 * @example
 * ```ts
 * import { ConnectionLost, connectionLost } from "@twisted-ts/core/net";
 * if (connectionLost.check(ConnectionLost) !== ConnectionLost) throw new Error();
 * ```
 */
export const connectionLost: Failure = new Failure(new ConnectionLost());
