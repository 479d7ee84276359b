/**
 * `ClientFactory`: a factory for outgoing connections, told how the
 * connection attempt went (Twisted's
 * `twisted.internet.protocol.ClientFactory`).
 *
 * @module
 */
import type { Failure } from "../defer/failure.ts";
import type { IClientFactory, IConnector } from "../reactor/io_interfaces.ts";
import { Factory } from "./factory.ts";

/**
 * The factory `connectTCP` and friends take: `startedConnecting` when an
 * attempt begins, `clientConnectionFailed` if it fails,
 * `clientConnectionLost` when an established connection ends. All do
 * nothing by default; call `connector.connect()` from the last two to try
 * again (or use `ReconnectingClientFactory`).
 *
 * @example
 * ```ts
 * import { ClientFactory, MemoryReactor, Protocol } from "@twisted-ts/core/net";
 * import type { Failure } from "@twisted-ts/core";
 * import type { IConnector } from "@twisted-ts/core/net";
 * const seen: string[] = [];
 * class Client extends ClientFactory {
 *   override protocol = Protocol;
 *   override clientConnectionFailed(_c: IConnector, reason: Failure) {
 *     seen.push(reason.getErrorMessage());
 *   }
 * }
 * const reactor = new MemoryReactor();
 * reactor.connectTCP("127.0.0.1", 1, new Client());
 * const [, , factory] = reactor.tcpClients[0]!;
 * if (!(factory instanceof Client)) throw new Error("unexpected");
 * ```
 */
export class ClientFactory extends Factory implements IClientFactory {
  /**
   * A connection attempt started; `connector.stopConnecting()` aborts it.
   *
   * @example
   * ```ts
   * import { ClientFactory, MemoryReactor } from "@twisted-ts/core/net";
   * import type { IConnector } from "@twisted-ts/core/net";
   * let started: IConnector | undefined;
   * class F extends ClientFactory {
   *   override startedConnecting(c: IConnector) { started = c; }
   * }
   * const connector = new MemoryReactor().connectTCP("example.com", 80, new F());
   * connector.connect();
   * if (started !== connector) throw new Error("unexpected");
   * ```
   */
  startedConnecting(_connector: IConnector): void {}

  /**
   * The attempt failed (refused, timed out, …).
   *
   * @example
   * ```ts
   * import { ClientFactory, ConnectionRefusedError } from "@twisted-ts/core/net";
   * import { Failure } from "@twisted-ts/core";
   * import type { IConnector } from "@twisted-ts/core/net";
   * let why = "";
   * class F extends ClientFactory {
   *   override clientConnectionFailed(_c: IConnector, reason: Failure) {
   *     why = reason.getErrorMessage();
   *   }
   * }
   * new F().clientConnectionFailed({} as IConnector, new Failure(new ConnectionRefusedError()));
   * if (why !== "Connection was refused by other side.") throw new Error(why);
   * ```
   */
  clientConnectionFailed(_connector: IConnector, _reason: Failure): void {}

  /**
   * An established connection was lost.
   *
   * @example
   * ```ts
   * import { ClientFactory, connectionDone } from "@twisted-ts/core/net";
   * import type { Failure } from "@twisted-ts/core";
   * import type { IConnector } from "@twisted-ts/core/net";
   * let lost = false;
   * class F extends ClientFactory {
   *   override clientConnectionLost(_c: IConnector, _reason: Failure) {
   *     lost = true;
   *   }
   * }
   * new F().clientConnectionLost({} as IConnector, connectionDone);
   * if (!lost) throw new Error();
   * ```
   */
  clientConnectionLost(_connector: IConnector, _reason: Failure): void {}
}
