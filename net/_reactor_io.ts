/**
 * The socket half of every `Reactor`: what `reactor.listenTCP(...)` and
 * the other I/O methods call (see `reactor/reactor_io.ts` for the hook and
 * its contract). Importing this module registers it, so importing
 * `@twisted-ts/core/net` or `@twisted-ts/core` is enough for
 * `reactor.listenTCP` to work on the default reactor and on every
 * `new Reactor()`.
 *
 * STUB POINT (issue 14, part B): real sockets go here, on the host door
 * `net/_host.ts` (`Bun.listen`/`Bun.connect`, `Deno.listen`/`Deno.connect`/
 * `Deno.listenTls`/`Deno.connectTls`). Until then every method throws an
 * `Error` that names what is missing — never a silent no-op. The
 * implementation keeps one `SocketReactorIO` per reactor: it owns the
 * ports and connections it opens and closes them all from a `shutdown`
 * trigger on `this.reactor` (Twisted's `disconnectAll`).
 *
 * @module
 */
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
  IListeningPort,
  IProtocolFactory,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";
import { type ReactorIO, setReactorIOFactory } from "../reactor/reactor_io.ts";

/** The error every method throws until real sockets exist. */
function missing(method: string): Error {
  return new Error(
    `reactor.${method}: real sockets are not implemented yet (the socket door net/_host.ts and the transports are issue 14, part B); test protocols with StringTransport, MemoryReactor or loopbackAsync meanwhile`,
  );
}

/** One reactor's socket I/O. */
export class SocketReactorIO implements ReactorIO {
  /** The reactor served (ports and connections close at its shutdown). */
  readonly reactor: IOReactor;

  constructor(reactor: IOReactor) {
    this.reactor = reactor;
  }

  listenTCP(
    _port: number,
    _factory: IProtocolFactory,
    _backlog?: number,
    _interface?: string,
  ): IListeningPort {
    throw missing("listenTCP");
  }

  connectTCP(
    _host: string,
    _port: number,
    _factory: IClientFactory,
    _timeout?: number,
    _bindAddress?: BindAddress,
  ): IConnector {
    throw missing("connectTCP");
  }

  listenUNIX(
    _address: string,
    _factory: IProtocolFactory,
    _backlog?: number,
    _mode?: number,
    _wantPID?: boolean,
  ): IListeningPort {
    throw missing("listenUNIX");
  }

  connectUNIX(
    _address: string,
    _factory: IClientFactory,
    _timeout?: number,
    _checkPID?: boolean,
  ): IConnector {
    throw missing("connectUNIX");
  }

  listenSSL(
    _port: number,
    _factory: IProtocolFactory,
    _contextFactory: ServerTLSOptions,
    _backlog?: number,
    _interface?: string,
  ): IListeningPort {
    throw missing("listenSSL");
  }

  connectSSL(
    _host: string,
    _port: number,
    _factory: IClientFactory,
    _contextFactory: ClientTLSOptions,
    _timeout?: number,
    _bindAddress?: BindAddress,
  ): IConnector {
    throw missing("connectSSL");
  }
}

setReactorIOFactory(({ reactor }) => new SocketReactorIO(reactor));
