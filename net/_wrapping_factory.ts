/**
 * How a client endpoint turns a connector's callbacks into one Deferred
 * (Twisted's `endpoints._WrappingFactory` and `_WrappingProtocol`): the
 * factory given to `connectTCP`/`connectUNIX`/`connectSSL` wraps the
 * user's factory, and the protocol it builds wraps the user's protocol.
 * The Deferred fires with the user's protocol once it is connected, fails
 * with the attempt's failure (or with `NoProtocol`/the factory's error
 * when no protocol could be built), and is cancellable: cancelling while
 * connecting fails it with `ConnectingCancelledError` and stops the
 * connector. Difference from Twisted: when the protocol's
 * `connectionMade` throws, the Deferred fails with that error (Twisted's
 * never fires, so a caller awaiting `connect()` would wait for ever).
 *
 * The wrapper forwards `readConnectionLost`/`writeConnectionLost` only
 * when the wrapped protocol has them, so a transport sees the same
 * half-close support as without the wrapper.
 *
 * @module
 */
import { Deferred } from "../defer/deferred.ts";
import { Failure } from "../defer/failure.ts";
import type {
  IAddress,
  IConnector,
  IProtocol,
  IProtocolFactory,
  ITransport,
} from "../reactor/io_interfaces.ts";
import { ClientFactory } from "./client_factory.ts";
import { ConnectingCancelledError, NoProtocol } from "./errors.ts";
import { requireProtocol } from "./_checks.ts";
import { Protocol } from "./protocol.ts";

type HalfCloseable = {
  readConnectionLost?: () => void;
  writeConnectionLost?: () => void;
};

/** Connects the wrapped protocol, then fires the Deferred with it. */
class WrappingProtocol extends Protocol {
  readonly #connected: Deferred<IProtocol>;
  readonly wrapped: IProtocol;
  readConnectionLost?: () => void;
  writeConnectionLost?: () => void;

  constructor(connected: Deferred<IProtocol>, wrapped: IProtocol) {
    super();
    this.#connected = connected;
    this.wrapped = wrapped;
    const half = wrapped as IProtocol & HalfCloseable;
    if (typeof half.readConnectionLost === "function") {
      this.readConnectionLost = () => half.readConnectionLost!();
    }
    if (typeof half.writeConnectionLost === "function") {
      this.writeConnectionLost = () => half.writeConnectionLost!();
    }
  }

  override makeConnection(transport: ITransport): void {
    this.connected = true;
    this.transport = transport;
    try {
      this.wrapped.makeConnection(transport);
    } catch (e) {
      // the transport logs it and drops the connection; the caller waiting
      // on connect() hears it too (Twisted's Deferred never fires here)
      if (!this.#connected.called) this.#connected.errback(new Failure(e));
      throw e;
    }
    this.#connected.callback(this.wrapped);
  }

  override dataReceived(data: Uint8Array): void {
    this.wrapped.dataReceived(data);
  }

  override connectionLost(reason: Failure): void {
    this.wrapped.connectionLost(reason);
  }

  override logPrefix(): string {
    const w = this.wrapped as { logPrefix?: () => string };
    return typeof w.logPrefix === "function"
      ? w.logPrefix()
      : this.wrapped.constructor.name;
  }
}

/** Wraps a factory so that one Deferred tells how the connect went. */
export class WrappingFactory extends ClientFactory {
  /** Fires with the connected protocol, or fails. */
  readonly onConnection: Deferred<IProtocol>;
  readonly #wrapped: IProtocolFactory;
  #connector: IConnector | undefined = undefined;

  constructor(wrapped: IProtocolFactory) {
    super();
    this.noisy = false;
    this.#wrapped = wrapped;
    this.onConnection = new Deferred<IProtocol>((d) => {
      const connector = this.#connector;
      d.errback(
        new Failure(
          new ConnectingCancelledError(
            connector?.getDestination() ?? { toString: () => "unknown" },
          ),
        ),
      );
      connector?.stopConnecting();
    });
  }

  override startedConnecting(connector: IConnector): void {
    this.#connector = connector;
  }

  override doStart(): void {
    this.#wrapped.doStart();
  }

  override doStop(): void {
    this.#wrapped.doStop();
  }

  override buildProtocol(addr: IAddress): IProtocol | null {
    let wrapped: IProtocol;
    try {
      const built = this.#wrapped.buildProtocol(addr);
      if (built === null || built === undefined) throw new NoProtocol();
      wrapped = requireProtocol("the factory's buildProtocol result", built);
    } catch (e) {
      this.onConnection.errback(new Failure(e));
      return null;
    }
    return new WrappingProtocol(this.onConnection, wrapped);
  }

  override clientConnectionFailed(
    _connector: IConnector,
    reason: Failure,
  ): void {
    if (!this.onConnection.called) this.onConnection.errback(reason);
  }
}
