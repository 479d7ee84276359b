/**
 * `SocketPort`: a listening socket (Twisted's `tcp.Port` and `unix.Port`),
 * what `listenTCP`, `listenUNIX` and `listenSSL` return.
 *
 * `startListening()` opens the host listener (a bad address or a port in
 * use is a `CannotListenError`, thrown), then `factory.doStart()`. Each
 * accepted socket gets `factory.buildProtocol(peerAddress)`: `null` or
 * `undefined` refuses it (the socket is closed); a throw, or something
 * that is not a protocol, is logged and the socket closed — the port goes
 * on accepting. Otherwise a `SocketTransport` connects the protocol.
 * `stopListening()` closes the listener (connections already accepted stay
 * open, as in Twisted) and returns a Deferred that fires, in a later turn,
 * after `factory.doStop()`; a UNIX socket file is removed.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { log } from "../defer/log.ts";
import type {
  IAddress,
  IListeningPort,
  IProtocolFactory,
} from "../reactor/io_interfaces.ts";
import { CannotListenError } from "./errors.ts";
import { requireProtocol } from "./_checks.ts";
import {
  errorCode,
  host,
  type HostListener,
  type HostSocket,
  type ListenRequest,
} from "./_host.ts";
import { FilesystemLock } from "./_lock_file.ts";
import {
  SocketTransport,
  toAddress,
  transportOptions,
  type TransportOwner,
} from "./_socket_transport.ts";
import type { StreamTransportOptions } from "./_stream_transport.ts";

/** What a port reports to the reactor's I/O object that owns it. */
export interface PortOwner {
  /** The port is listening (track it for shutdown). */
  portOpened(port: SocketPort): void;
  /** The port stopped listening. */
  portClosed(port: SocketPort): void;
  /** A connection was accepted (track it until it is lost). */
  connectionOpened(transport: SocketTransport): void;
  /** A connection is gone. */
  connectionClosed(transport: SocketTransport): void;
}

/** How a port listens. */
export interface PortOptions {
  /** The host request (address, backlog, TLS). */
  request: ListenRequest;
  /** For a UNIX port: the socket file's mode. */
  mode?: number;
  /** `"TCP"` or `"UNIX"`, for log lines (Twisted's `_type`). */
  type: "TCP" | "UNIX";
  /** For a UNIX port: keep a PID lock file beside the socket file. */
  wantPID?: boolean;
}

/** A listening port; see the module doc. */
export class SocketPort<A extends IAddress = IAddress>
  implements IListeningPort<A>, TransportOwner {
  /** The factory building a protocol per connection. */
  readonly factory: IProtocolFactory;
  /** Whether it is listening. */
  connected = false;
  /** Whether `stopListening` is under way. */
  disconnecting = false;
  readonly #owner: PortOwner;
  readonly #options: PortOptions;
  #listener: HostListener | undefined = undefined;
  #host: IAddress | undefined = undefined;
  #stopped: Deferred<void> | undefined = undefined;
  #lock: FilesystemLock | undefined = undefined;

  constructor(
    owner: PortOwner,
    factory: IProtocolFactory,
    options: PortOptions,
  ) {
    this.#owner = owner;
    this.factory = factory;
    this.#options = options;
  }

  /** @internal accepted connections are the TLS server side */
  readonly _isServer = true;
  /** @internal the options its transports share */
  readonly _transportOptions: StreamTransportOptions = transportOptions(this);
  /** @internal */
  readonly _tlsHostname = undefined;

  /** @internal whether accepted connections speak TLS */
  get _tls(): boolean {
    return this.#options.request.tls !== undefined;
  }

  /** @internal an accepted connection is over */
  _transportLost(transport: SocketTransport): void {
    this.#owner.connectionClosed(transport);
  }

  /** Opens the listener (throws `CannotListenError`), then `doStart()`. */
  startListening(): void {
    if (this.connected) return;
    if (this.disconnecting) {
      throw new Error(
        `${this.#describe()}: startListening: stopListening is still under way; wait for its Deferred`,
      );
    }
    this.#stopped = undefined; // a port may listen again after stopping
    const request = this.#options.request;
    const where = request.transport === "unix"
      ? ["", request.path] as const
      : [request.hostname, request.port] as const;
    let listener: HostListener;
    try {
      if (request.transport === "unix") this.#takeLock(request.path);
      if (
        request.transport === "unix" && host.pathKind(request.path) !== "none"
      ) {
        // a bind on an existing path fails (Twisted: EADDRINUSE); Bun would
        // silently replace the file, so check first on every runtime
        throw Object.assign(new Error("Address already in use"), {
          code: "EADDRINUSE",
        });
      }
      listener = host.listen(
        request,
        (socket) => this.#accept(socket),
        (error, peerGone, retryMs) => {
          if (peerGone) {
            // that connection is lost, nothing else: worth a line, not an
            // error (Twisted logs it the same way)
            log.msg(
              `Could not accept a connection on ${this.#describe()}: the peer had gone (${
                errorCode(error) ?? String(error)
              })`,
            );
          } else {
            log.err(
              error,
              `Error accepting a connection on ${this.#describe()}${
                retryMs === undefined
                  ? ""
                  : ` (accepting again in ${retryMs} ms)`
              }:`,
            );
          }
        },
      );
      if (request.transport === "unix" && this.#options.mode !== undefined) {
        host.chmod(request.path, this.#options.mode);
      }
    } catch (e) {
      this.#lock?.unlock();
      this.#lock = undefined;
      if (e instanceof CannotListenError) throw e;
      throw new CannotListenError(where[0], where[1], e);
    }
    this.#listener = listener;
    this.#host = toAddress(
      listener.address.transport === "tcp" && listener.address.hostname === ""
        ? { ...listener.address, hostname: "0.0.0.0" }
        : listener.address,
    );
    log.msg(`${factoryName(this.factory)} starting on ${this.#portLabel()}`);
    try {
      this.factory.doStart();
    } catch (e) {
      // the factory refused to start: nothing may stay open
      void listener.close();
      this.#listener = undefined;
      this.#lock?.unlock();
      this.#lock = undefined;
      if (request.transport === "unix") host.removeFile(request.path);
      throw e;
    }
    this.connected = true;
    this.#owner.portOpened(this);
  }

  /**
   * Stops accepting; fires once the listener is closed and the factory
   * stopped (at once, fired, if it was not listening).
   */
  stopListening(): Deferred<void> {
    if (this.#stopped !== undefined) return chain(this.#stopped);
    if (!this.connected) {
      const d = new Deferred<void>();
      d.callback(undefined);
      return d;
    }
    const stopped = new Deferred<void>();
    this.#stopped = stopped;
    this.disconnecting = true;
    this.#close().then(() => {
      this.#closed();
      if (!stopped.called) stopped.callback(undefined);
    });
    return chain(stopped);
  }

  /** Closes at once, without waiting (the reactor's shutdown). */
  _closeNow(): void {
    if (!this.connected) return;
    void this.#close();
    this.#closed();
    const stopped = this.#stopped;
    if (stopped !== undefined && !stopped.called) stopped.callback(undefined);
  }

  /**
   * With `wantPID`: takes `<path>.lock` (Twisted's `FilesystemLock`); a
   * stale lock's socket file is removed, a live one refuses the port.
   */
  #takeLock(path: string): void {
    if (!this.#options.wantPID) return;
    const lock = new FilesystemLock(`${path}.lock`);
    if (!lock.lock()) {
      throw new CannotListenError("", path, "Cannot acquire lock");
    }
    this.#lock = lock;
    if (!lock.clean && host.pathKind(path) === "socket") {
      host.removeFile(path); // left behind by the dead owner
    }
  }

  /** Closes the listener; resolves once the host released the socket. */
  #close(): Promise<void> {
    try {
      return this.#listener?.close().catch((e) => {
        log.err(e, `Error closing ${this.#describe()}:`);
      }) ?? Promise.resolve();
    } catch (e) {
      log.err(e, `Error closing ${this.#describe()}:`);
      return Promise.resolve();
    }
  }

  /** Twisted's `Port.connectionLost`: forget the socket, stop the factory. */
  #closed(): void {
    if (!this.connected) return;
    this.connected = false;
    const request = this.#options.request;
    if (request.transport === "unix") {
      try {
        host.removeFile(request.path);
      } catch (e) {
        log.err(e, `Error removing the socket file of ${this.#describe()}:`);
      }
      try {
        this.#lock?.unlock();
      } catch (e) {
        log.err(e, `Error removing the lock file of ${this.#describe()}:`);
      }
      this.#lock = undefined;
    }
    log.msg(`(${this.#options.type} Port ${this.#portLabel()} Closed)`);
    this.#owner.portClosed(this);
    try {
      this.factory.doStop();
    } catch (e) {
      log.err(e, `Error stopping the factory of ${this.#describe()}:`);
    } finally {
      this.disconnecting = false;
    }
  }

  /** The address it listens on (`port` tells which one port 0 got). */
  getHost(): A {
    if (this.#host === undefined) {
      throw new Error(
        `${this.#describe()}: getHost: the port is not listening yet`,
      );
    }
    // the kind the listen asked for: an IP address for TCP, a path for UNIX
    return this.#host as A;
  }

  /** Twisted's repr. */
  toString(): string {
    return this.#describe();
  }

  #portLabel(): string {
    const request = this.#options.request;
    if (request.transport === "unix") return request.path;
    const address = this.#host;
    return String(
      address !== undefined && "port" in address ? address.port : request.port,
    );
  }

  #describe(): string {
    return this.connected || this.#host !== undefined
      ? `<${this.#options.type} port of ${
        factoryName(this.factory)
      } on ${this.#portLabel()}>`
      : `<${this.#options.type} port of ${
        factoryName(this.factory)
      } (not listening)>`;
  }

  /** A connection arrived: build its protocol and connect it. */
  #accept(socket: HostSocket): void {
    if (!this.connected || this.disconnecting) {
      socket.abort();
      return;
    }
    const peer = toAddress(socket.remote);
    let built: unknown;
    try {
      built = this.factory.buildProtocol(peer);
      if (built === null || built === undefined) {
        socket.abort();
        return;
      }
      requireProtocol(
        `${factoryName(this.factory)}.buildProtocol(${peer}) result`,
        built,
      );
    } catch (e) {
      socket.abort();
      log.err(
        e,
        `Error building a protocol for ${peer} on ${this.#describe()}:`,
      );
      return;
    }
    const transport = new SocketTransport(
      socket,
      requireProtocol("protocol", built),
      this,
    );
    this.#owner.connectionOpened(transport);
    // connect the protocol before the first read, so that connectionMade
    // may still start TLS or pause reading
    transport.start();
    socket.attach(transport);
  }
}

/** A new Deferred fired with `d`'s outcome (each caller gets its own). */
function chain(d: Deferred<void>): Deferred<void> {
  const out = new Deferred<void>();
  d.addBoth((result) => {
    out.callback(undefined);
    return result;
  });
  return out;
}

/** The factory's class name, for log lines. */
export function factoryName(factory: unknown): string {
  const ctor = (factory as { constructor?: { name?: unknown } } | null)
    ?.constructor;
  return typeof ctor?.name === "string" && ctor.name !== ""
    ? ctor.name
    : describeValue(factory);
}
