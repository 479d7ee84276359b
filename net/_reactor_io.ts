/**
 * The socket half of every `Reactor`: what `reactor.listenTCP(...)` and
 * the other I/O methods call (see `reactor/reactor_io.ts` for the hook and
 * its contract). Importing this module registers it, so importing
 * `@twisted-ts/core/net` or `@twisted-ts/core` is enough for
 * `reactor.listenTCP` to work on the default reactor and on every
 * `new Reactor()`.
 *
 * One `SocketReactorIO` per reactor checks the arguments (a bad port is a
 * `RangeError` at the call), opens ports (`_port.ts`) and connectors
 * (`_connector.ts`) on the host door (`_host.ts`), and keeps every port,
 * connection and connect attempt it opened until it is gone. The reactor's
 * `shutdown` event closes them all (Twisted's `disconnectAll`, a `during`
 * trigger): ports stop listening, connections are lost with
 * `ConnectionLost`, attempts fail with `ConnectError` — so `reactor.stop()`
 * leaves no socket open and the process can exit.
 *
 * Socket events are delivered by the host's event loop as they happen,
 * running or not; the reactor is needed for what is timed (connect
 * timeouts, `callLater` in protocols), as in Twisted.
 *
 * @module
 */
import { describeValue, requireBoolean } from "../_util/describe.ts";
import { log } from "../defer/log.ts";
import type {
  IReactorCore,
  IReactorFromThreads,
  IReactorTime,
} from "../reactor/interfaces.ts";

/** What a reactor gives its I/O half. */
type IOReactor = IReactorCore & IReactorTime & IReactorFromThreads;
import type {
  BindAddress,
  ClientTLSOptions,
  IClientFactory,
  IConnector,
  IInetAddress,
  IListeningPort,
  IProtocolFactory,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";
import { type ReactorIO, setReactorIOFactory } from "../reactor/reactor_io.ts";
import { shutdownReason, SocketConnector } from "./_connector.ts";
import type { ConnectRequest } from "./_host.ts";
import {
  requireBacklog,
  requireBindAddress,
  requireClientFactory,
  requireClientTLS,
  requireFactory,
  requirePort,
  requireServerTLS,
  requireString,
  requireTimeout,
} from "./_io_args.ts";
import { BadFileError } from "./errors.ts";
import { isLocked } from "./_lock_file.ts";
import { SocketPort } from "./_port.ts";
import type { SocketTransport } from "./_socket_transport.ts";

/** How many sockets a reactor's I/O holds open (for leak checks). */
export interface OpenSockets {
  /** Listening ports. */
  ports: number;
  /** Established connections. */
  connections: number;
  /** Connect attempts under way. */
  connecting: number;
}

/** One reactor's socket I/O; see the module doc. */
export class SocketReactorIO implements ReactorIO {
  /** The reactor served (ports and connections close at its shutdown). */
  readonly reactor: IOReactor;
  readonly #ports = new Set<SocketPort>();
  /** open connections: a doubly linked list through the transports */
  #first: SocketTransport | undefined = undefined;
  #connectionCount = 0;
  readonly #connecting = new Set<SocketConnector>();
  readonly #owner;

  constructor(reactor: IOReactor) {
    this.reactor = reactor;
    const ports = this.#ports;
    const connecting = this.#connecting;
    this.#owner = {
      callLater: (delay: number, fn: () => void) =>
        reactor.callLater(delay, fn),
      portOpened: (p: SocketPort) => void ports.add(p),
      portClosed: (p: SocketPort) => void ports.delete(p),
      connectionOpened: (t: SocketTransport) => this.#link(t),
      connectionClosed: (t: SocketTransport) => this.#unlink(t),
      attemptStarted: (c: SocketConnector) => void connecting.add(c),
      attemptEnded: (c: SocketConnector) => void connecting.delete(c),
    };
    reactor.addSystemEventTrigger(
      "during",
      "shutdown",
      () => this.disconnectAll(),
    );
  }

  /** Connect attempts started and not ended yet (see `ReactorIO`). */
  connectsInFlight(): number {
    return this.#connecting.size;
  }

  /** What is open now. */
  openSockets(): OpenSockets {
    return {
      ports: this.#ports.size,
      connections: this.#connectionCount,
      connecting: this.#connecting.size,
    };
  }

  /**
   * Closes every port, connection and connect attempt (Twisted's
   * `disconnectAll`; the reactor's `shutdown` calls it).
   */
  disconnectAll(): void {
    for (const port of [...this.#ports]) {
      try {
        port._closeNow();
      } catch (e) {
        log.err(e, `Error closing ${port} at shutdown:`);
      }
    }
    const open: SocketTransport[] = [];
    for (let t = this.#first; t !== undefined; t = t._next) open.push(t);
    for (const transport of open) {
      try {
        transport.abortSocket(shutdownReason());
      } catch (e) {
        log.err(e, "Error closing a connection at shutdown:");
      }
    }
    for (const connector of [...this.#connecting]) {
      try {
        connector._shutdown();
      } catch (e) {
        log.err(e, `Error stopping ${connector} at shutdown:`);
      }
    }
  }

  #link(t: SocketTransport): void {
    t._prev = undefined;
    t._next = this.#first;
    if (this.#first !== undefined) this.#first._prev = t;
    this.#first = t;
    this.#connectionCount++;
  }

  #unlink(t: SocketTransport): void {
    if (t._prev === undefined && this.#first !== t) return; // not linked
    if (t._prev !== undefined) t._prev._next = t._next;
    else this.#first = t._next;
    if (t._next !== undefined) t._next._prev = t._prev;
    t._prev = t._next = undefined;
    this.#connectionCount--;
  }

  listenTCP(
    port: number,
    factory: IProtocolFactory,
    backlog: number = 50,
    interface_: string = "",
  ): IListeningPort<IInetAddress> {
    const what = "listenTCP";
    requirePort(what, port);
    requireFactory(what, factory);
    requireBacklog(what, backlog);
    requireString(what, "interface", interface_);
    const p = new SocketPort<IInetAddress>(this.#owner, factory, {
      type: "TCP",
      request: { transport: "tcp", hostname: interface_, port, backlog },
    });
    p.startListening();
    return p;
  }

  connectTCP(
    host: string,
    port: number,
    factory: IClientFactory,
    timeout: number = 30,
    bindAddress?: BindAddress | null,
  ): IConnector {
    const what = "connectTCP";
    requireString(what, "host", host, true);
    requirePort(what, port);
    requireClientFactory(what, factory);
    requireTimeout(what, timeout);
    requireBindAddress(what, bindAddress);
    return this.#connect(
      { transport: "tcp", hostname: host, port },
      factory,
      timeout,
    );
  }

  listenUNIX(
    address: string,
    factory: IProtocolFactory,
    backlog: number = 50,
    mode: number = 0o666,
    wantPID: boolean = false,
  ): IListeningPort {
    const what = "listenUNIX";
    requireString(what, "address", address, true);
    requireFactory(what, factory);
    requireBacklog(what, backlog);
    requireBoolean(`${what}: wantPID`, wantPID);
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
      throw new (typeof mode === "number" ? RangeError : TypeError)(
        `${what}: mode must be an integer file mode in [0, 0o7777], got ${
          describeValue(mode)
        }`,
      );
    }
    const p = new SocketPort(this.#owner, factory, {
      type: "UNIX",
      mode,
      wantPID,
      request: { transport: "unix", path: address, backlog },
    });
    p.startListening();
    return p;
  }

  connectUNIX(
    address: string,
    factory: IClientFactory,
    timeout: number = 30,
    checkPID: boolean = false,
  ): IConnector {
    const what = "connectUNIX";
    requireString(what, "address", address, true);
    requireClientFactory(what, factory);
    requireTimeout(what, timeout);
    requireBoolean(`${what}: checkPID`, checkPID);
    const c = new SocketConnector(
      this.#owner,
      { transport: "unix", path: address },
      factory,
      timeout,
      checkPID
        ? () =>
          isLocked(`${address}.lock`) ? undefined : new BadFileError(address)
        : undefined,
    );
    c.connect();
    return c;
  }

  listenSSL(
    port: number,
    factory: IProtocolFactory,
    contextFactory: ServerTLSOptions,
    backlog: number = 50,
    interface_: string = "",
  ): IListeningPort<IInetAddress> {
    const what = "listenSSL";
    requirePort(what, port);
    requireFactory(what, factory);
    const tls = requireServerTLS(what, contextFactory);
    requireBacklog(what, backlog);
    requireString(what, "interface", interface_);
    const p = new SocketPort(this.#owner, factory, {
      type: "TCP",
      request: {
        transport: "tcp",
        hostname: interface_,
        port,
        backlog,
        tls: { certificate: tls.certificate, privateKey: tls.privateKey },
      },
    }) as SocketPort<IInetAddress>;
    p.startListening();
    return p;
  }

  connectSSL(
    host: string,
    port: number,
    factory: IClientFactory,
    contextFactory: ClientTLSOptions,
    timeout: number = 30,
    bindAddress?: BindAddress | null,
  ): IConnector {
    const what = "connectSSL";
    requireString(what, "host", host, true);
    requirePort(what, port);
    requireClientFactory(what, factory);
    const tls = requireClientTLS(what, contextFactory);
    requireTimeout(what, timeout);
    requireBindAddress(what, bindAddress);
    return this.#connect(
      {
        transport: "tcp",
        hostname: host,
        port,
        tls: {
          hostname: tls.hostname ?? host,
          ...(tls.caCerts !== undefined ? { caCerts: tls.caCerts } : {}),
        },
      },
      factory,
      timeout,
    );
  }

  #connect(
    request: ConnectRequest,
    factory: IClientFactory,
    timeout: number,
  ): IConnector {
    const c = new SocketConnector(this.#owner, request, factory, timeout);
    c.connect();
    return c;
  }
}

setReactorIOFactory(({ reactor }) => new SocketReactorIO(reactor));
