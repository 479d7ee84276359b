/**
 * UNIX socket endpoints (Twisted's `UNIXServerEndpoint` and
 * `UNIXClientEndpoint`), on any reactor with `listenUNIX`/`connectUNIX`.
 * As the TCP endpoints (see `tcp_endpoints.ts`): arguments checked when
 * made, `listen`/`connect` return Deferreds, `connect` is cancellable.
 *
 * @module
 */
import type { Deferred } from "../defer/deferred.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import type {
  IListeningPort,
  IProtocol,
  IProtocolFactory,
  IReactorUNIX,
} from "../reactor/io_interfaces.ts";
import type {
  IStreamClientEndpoint,
  IStreamServerEndpoint,
} from "./interfaces.ts";
import {
  requireBacklog,
  requireFactory,
  requireString,
  requireTimeout,
} from "./_io_args.ts";
import { connectWith, requireReactor } from "./_endpoint_support.ts";

/**
 * Listens on the UNIX socket file `address` (Twisted's
 * `UNIXServerEndpoint`); `wantPID` keeps a PID lock file beside it.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, UNIXServerEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new MemoryReactor();
 * await new UNIXServerEndpoint(reactor, "/tmp/app.sock").listen(Factory.forProtocol(Protocol));
 * assert.deepEqual(reactor.unixServers[0]?.slice(2), [50, 0o666, false]);
 * ```
 */
export class UNIXServerEndpoint implements IStreamServerEndpoint {
  readonly #reactor: IReactorUNIX;
  readonly #address: string;
  readonly #backlog: number;
  readonly #mode: number;
  readonly #wantPID: boolean;

  /** Where to listen: the socket file `address`, made with `mode`. */
  constructor(
    reactor: IReactorUNIX,
    address: string,
    backlog = 50,
    mode = 0o666,
    wantPID = false,
  ) {
    const what = "UNIXServerEndpoint";
    this.#reactor = requireReactor(what, reactor, "listenUNIX");
    this.#address = requireString(what, "address", address, true);
    this.#backlog = requireBacklog(what, backlog);
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
      throw new (typeof mode === "number" ? RangeError : TypeError)(
        `${what}: mode must be an integer file mode in [0, 0o7777], got ${mode}`,
      );
    }
    this.#mode = mode;
    this.#wantPID = Boolean(wantPID);
  }

  /**
   * Listens with `protocolFactory`; fires with the port, or fails with
   * `CannotListenError`.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core";
   * import { Factory, Protocol, UNIXAddress, UNIXServerEndpoint } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * const reactor = new Reactor({ installSignalHandlers: false });
   * const port = await new UNIXServerEndpoint(reactor, `${dir}/app.sock`)
   *   .listen(Factory.forProtocol(Protocol));
   * assert.ok(port.getHost() instanceof UNIXAddress);
   * await port.stopListening();
   * await Deno.remove(dir);
   * ```
   */
  listen(protocolFactory: IProtocolFactory): Deferred<IListeningPort> {
    requireFactory("UNIXServerEndpoint.listen", protocolFactory);
    return maybeDeferred(() =>
      this.#reactor.listenUNIX(
        this.#address,
        protocolFactory,
        this.#backlog,
        this.#mode,
        this.#wantPID,
      )
    );
  }
}

/**
 * Connects to the UNIX socket file `path` (Twisted's
 * `UNIXClientEndpoint`); `checkPID` first checks that a live process holds
 * its lock file.
 *
 * @example
 * ```ts
 * import { Factory, MemoryReactor, Protocol, UNIXClientEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new MemoryReactor();
 * void new UNIXClientEndpoint(reactor, "/tmp/app.sock", 5).connect(Factory.forProtocol(Protocol));
 * assert.equal(reactor.unixClients[0]?.[2], 5);
 * ```
 */
export class UNIXClientEndpoint implements IStreamClientEndpoint {
  readonly #reactor: IReactorUNIX;
  readonly #path: string;
  readonly #timeout: number;
  readonly #checkPID: boolean;

  /** Where to connect: the socket file `path`. */
  constructor(
    reactor: IReactorUNIX,
    path: string,
    timeout = 30,
    checkPID = false,
  ) {
    const what = "UNIXClientEndpoint";
    this.#reactor = requireReactor(what, reactor, "connectUNIX");
    this.#path = requireString(what, "path", path, true);
    this.#timeout = requireTimeout(what, timeout);
    this.#checkPID = Boolean(checkPID);
  }

  /**
   * Connects with `protocolFactory`; fires with the connected protocol,
   * and is cancellable while connecting.
   *
   * @example
   * ```ts
   * import { Reactor } from "@twisted-ts/core";
   * import { Factory, Protocol, UNIXClientEndpoint } from "@twisted-ts/core/net";
   * import assert from "node:assert/strict";
   * const dir = await Deno.makeTempDir();
   * const reactor = new Reactor({ installSignalHandlers: false });
   * const port = reactor.listenUNIX(`${dir}/app.sock`, Factory.forProtocol(Protocol));
   * const client = await new UNIXClientEndpoint(reactor, `${dir}/app.sock`)
   *   .connect(Factory.forProtocol(Protocol));
   * assert.equal(String(client.transport.getPeer()), `UNIXAddress('${dir}/app.sock')`);
   * client.transport.loseConnection();
   * await port.stopListening();
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  connect<P extends IProtocol>(
    protocolFactory: IProtocolFactory<P>,
  ): Deferred<P> {
    return connectWith(
      "UNIXClientEndpoint.connect",
      protocolFactory,
      (wrapper) =>
        this.#reactor.connectUNIX(
          this.#path,
          wrapper,
          this.#timeout,
          this.#checkPID,
        ),
    );
  }
}
