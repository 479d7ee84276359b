/**
 * `Factory` and `ServerFactory`: build one protocol per connection,
 * Twisted's `twisted.internet.protocol.Factory`.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { log } from "../defer/log.ts";
import type {
  IAddress,
  IProtocol,
  IProtocolFactory,
} from "../reactor/io_interfaces.ts";

/**
 * A protocol class a factory can build: constructed with no arguments.
 *
 * @example
 * ```ts
 * import { Protocol, type ProtocolClass } from "@twisted-ts/core/net";
 * class Echo extends Protocol {}
 * const cls: ProtocolClass = Echo;
 * if (!(new cls() instanceof Protocol)) throw new Error();
 * ```
 */
export type ProtocolClass = new () => IProtocol;

/**
 * Builds a protocol per connection: `buildProtocol(addr)` makes a
 * `this.protocol` and sets its `factory`. Subclass it and set `protocol`
 * (`override protocol = Echo;`), or use `Factory.forProtocol(Echo)`; keep
 * state shared by all connections (a chat's users) on the factory.
 *
 * A port or connector calls `doStart()` when it starts using the factory
 * and `doStop()` when it stops; `startFactory()` runs on the first
 * `doStart` and `stopFactory()` on the last `doStop` (`numPorts` counts).
 * With `noisy` (the default), both are logged with `log.msg` (which the
 * default observer does not print).
 *
 * @example
 * ```ts
 * import { Factory, IPv4Address, Protocol } from "@twisted-ts/core/net";
 * class Echo extends Protocol {}
 * class EchoFactory extends Factory {
 *   override protocol = Echo;
 * }
 * const factory = new EchoFactory();
 * const p = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 5000));
 * if (!(p instanceof Echo) || p.factory !== factory) throw new Error();
 * ```
 */
export class Factory implements IProtocolFactory {
  /** The protocol class `buildProtocol` instantiates. */
  protocol: ProtocolClass | undefined = undefined;
  /** How many ports/connectors use this factory now. */
  numPorts = 0;
  /** Whether starting and stopping are logged (`log.msg`). */
  noisy = true;

  /**
   * A factory of this class (built with `args`) whose `protocol` is
   * `protocol`.
   *
   * @example
   * ```ts
   * import { Factory, Protocol } from "@twisted-ts/core/net";
   * class Hello extends Protocol {}
   * const f = Factory.forProtocol(Hello);
   * if (f.protocol !== Hello) throw new Error("unexpected");
   * ```
   */
  static forProtocol<
    F extends Factory,
    A extends unknown[],
    P extends IProtocol = IProtocol,
  >(
    this: new (...args: A) => F,
    protocol: new () => P,
    ...args: A
  ): F & IProtocolFactory<P> {
    if (typeof protocol !== "function") {
      throw new TypeError(
        `Factory.forProtocol: protocol must be a class, got ${
          describeValue(protocol)
        }`,
      );
    }
    const factory = new this(...args);
    factory.protocol = protocol;
    // its buildProtocol makes a `protocol`: typed so, for endpoints' connect
    return factory as F & IProtocolFactory<P>;
  }

  /**
   * The prefix for log messages about this factory: its class name.
   *
   * @example
   * ```ts
   * import { Factory } from "@twisted-ts/core/net";
   * if (new Factory().logPrefix() !== "Factory") throw new Error();
   * ```
   */
  logPrefix(): string {
    return this.constructor.name;
  }

  /**
   * A port or connector starts using this factory: the first call runs
   * `startFactory()`. Called by the reactor, not by users.
   *
   * @example
   * ```ts
   * import { Factory } from "@twisted-ts/core/net";
   * const seen: string[] = [];
   * class F extends Factory {
   *   override startFactory() { seen.push("start"); }
   * }
   * const f = new F();
   * f.doStart();
   * f.doStart();
   * if (seen.length !== 1 || f.numPorts !== 2) throw new Error();
   * ```
   */
  doStart(): void {
    if (this.numPorts === 0) {
      if (this.noisy) log.msg(`Starting factory ${this.#describe()}`);
      this.startFactory();
    }
    this.numPorts = this.numPorts + 1;
  }

  /**
   * A port or connector stops using this factory: the last call runs
   * `stopFactory()`. A call with nothing started does nothing (as in
   * Twisted).
   *
   * @example
   * ```ts
   * import { Factory } from "@twisted-ts/core/net";
   * const seen: string[] = [];
   * class F extends Factory {
   *   override stopFactory() { seen.push("stop"); }
   * }
   * const f = new F();
   * f.doStart();
   * f.doStart();
   * f.doStop();
   * f.doStop();
   * f.doStop(); // extra: ignored
   * if (seen.length !== 1 || f.numPorts !== 0) throw new Error();
   * ```
   */
  doStop(): void {
    if (this.numPorts === 0) return;
    this.numPorts = this.numPorts - 1;
    if (this.numPorts === 0) {
      if (this.noisy) log.msg(`Stopping factory ${this.#describe()}`);
      this.stopFactory();
    }
  }

  /**
   * Runs before the first port or connector uses the factory (open
   * databases, files…). Does nothing by default.
   *
   * @example
   * ```ts
   * import { Factory } from "@twisted-ts/core/net";
   * let ready = false;
   * class F extends Factory {
   *   override startFactory() { ready = true; }
   * }
   * new F().doStart();
   * if (!ready) throw new Error();
   * ```
   */
  startFactory(): void {}

  /**
   * Runs after the last port or connector stopped using the factory.
   * Does nothing by default.
   *
   * @example
   * ```ts
   * import { Factory } from "@twisted-ts/core/net";
   * let closed = false;
   * class F extends Factory {
   *   override stopFactory() { closed = true; }
   * }
   * const f = new F();
   * f.doStart();
   * f.doStop();
   * if (!closed) throw new Error();
   * ```
   */
  stopFactory(): void {}

  /**
   * A new protocol for the connection from/to `addr`: an instance of
   * `this.protocol` whose `factory` is this factory. Override it to build
   * differently, or return `null` to refuse the connection. Throws a
   * `TypeError` if `protocol` is not set.
   *
   * @example
   * ```ts
   * import { Factory, IPv4Address, Protocol } from "@twisted-ts/core/net";
   * class OnlyLocal extends Factory {
   *   override protocol = Protocol;
   *   override buildProtocol(addr: IPv4Address) {
   *     return addr.host === "127.0.0.1" ? super.buildProtocol(addr) : null;
   *   }
   * }
   * const f = new OnlyLocal();
   * if (f.buildProtocol(new IPv4Address("TCP", "10.0.0.1", 1)) !== null) throw new Error();
   * ```
   */
  buildProtocol(_addr: IAddress): IProtocol | null {
    const cls = this.protocol;
    if (typeof cls !== "function") {
      throw new TypeError(
        `${this.constructor.name}.buildProtocol: protocol must be a protocol class (set factory.protocol or use Factory.forProtocol), got ${
          describeValue(cls)
        }`,
      );
    }
    const p = new cls();
    (p as { factory?: unknown }).factory = this;
    return p;
  }

  #describe(): string {
    return `<${this.constructor.name}>`;
  }
}

/**
 * A factory for servers (Twisted's `ServerFactory`): a `Factory`, named for
 * the side it serves.
 *
 * @example
 * ```ts
 * import { Factory, Protocol, ServerFactory } from "@twisted-ts/core/net";
 * const f = ServerFactory.forProtocol(Protocol);
 * if (!(f instanceof Factory)) throw new Error();
 * ```
 */
export class ServerFactory extends Factory {}
