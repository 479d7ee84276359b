/**
 * `connectProtocol` (Twisted's `endpoints.connectProtocol`): connect one
 * protocol instance through a client endpoint, without writing a factory.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { Deferred } from "../defer/deferred.ts";
import type { IProtocol } from "../reactor/io_interfaces.ts";
import type { IStreamClientEndpoint } from "./interfaces.ts";
import { requireProtocol } from "./_checks.ts";
import { Factory } from "./factory.ts";

/**
 * Connects `protocol` through `endpoint`: the Deferred fires with
 * `protocol` once it is connected, or fails as the endpoint's `connect`
 * does (and is cancellable the same way).
 *
 * @example
 * ```ts
 * import { Reactor } from "@twisted-ts/core";
 * import { connectProtocol, Factory, Protocol, TCP4ClientEndpoint } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const port = reactor.listenTCP(0, Factory.forProtocol(Protocol), 50, "127.0.0.1");
 * const { port: number } = port.getHost();
 * const mine = new Protocol();
 * const connected = await connectProtocol(
 *   new TCP4ClientEndpoint(reactor, "127.0.0.1", number),
 *   mine,
 * );
 * assert.equal(connected, mine);
 * mine.transport.loseConnection();
 * await port.stopListening();
 * ```
 */
export function connectProtocol<P extends IProtocol>(
  endpoint: IStreamClientEndpoint,
  protocol: P,
): Deferred<P> {
  if (
    endpoint === null || typeof endpoint !== "object" ||
    typeof (endpoint as { connect?: unknown }).connect !== "function"
  ) {
    throw new TypeError(
      `connectProtocol: endpoint must be a client endpoint (with connect), got ${
        describeValue(endpoint)
      }`,
    );
  }
  requireProtocol("connectProtocol: protocol", protocol);
  const factory = new (class OneShotFactory extends Factory {
    override buildProtocol(): IProtocol {
      return protocol;
    }
  })();
  factory.noisy = false;
  return endpoint.connect(factory) as Deferred<P>;
}
