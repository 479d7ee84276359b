/**
 * `Protocol`: the base class of every connection handler, Twisted's
 * `twisted.internet.protocol.Protocol` (with `BaseProtocol` folded in).
 *
 * @module
 */
import type { Failure } from "../defer/failure.ts";
import type {
  IProtocol,
  IProtocolFactory,
  ITransport,
} from "../reactor/io_interfaces.ts";
import { describeValue } from "../_util/describe.ts";
import { log } from "../defer/log.ts";
import { whenRejected } from "../defer/returned.ts";
import { connectionDone } from "./errors.ts";

/**
 * One connection's behaviour: override `connectionMade`, `dataReceived`
 * and `connectionLost`, and talk back through `this.transport`. A
 * `Factory` builds one per connection and sets `factory`.
 *
 * `transport` is `undefined` until `makeConnection` (Twisted's `None`); it
 * is typed as an `ITransport` because protocol code runs only once
 * connected. To type it (or `factory`) more precisely in a subclass,
 * redeclare it: `declare transport: ITCPTransport;`,
 * `declare factory: ChatFactory;`. `connected` is a boolean (Twisted's
 * `0`/`1`); as in Twisted, `connectionLost` does not reset it.
 *
 * @example
 * ```ts
 * import { Protocol, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Echo extends Protocol {
 *   override dataReceived(data: Uint8Array) {
 *     this.transport.write(data);
 *   }
 * }
 * const echo = new Echo();
 * const transport = new StringTransport();
 * echo.makeConnection(transport);
 * echo.dataReceived(new TextEncoder().encode("hello"));
 * assert.equal(transport.value(), "hello");
 * ```
 */
export class Protocol implements IProtocol {
  /** Whether `makeConnection` has been called. */
  connected = false;
  /** The connection's transport (set by `makeConnection`). */
  transport!: ITransport;
  /** The factory that built this protocol, if one did. */
  factory: IProtocolFactory | undefined = undefined;

  /**
   * Sets `transport` and `connected`, then calls `connectionMade` (the
   * reactor or a test calls this once per connection).
   *
   * @example
   * ```ts
   * import { Protocol, StringTransport } from "@twisted-ts/core/net";
   * const p = new Protocol();
   * const t = new StringTransport();
   * p.makeConnection(t);
   * if (!p.connected || p.transport !== t) throw new Error("unexpected");
   * ```
   */
  makeConnection(transport: ITransport): unknown {
    this.connected = true;
    this.transport = transport;
    // what connectionMade returned: a transport follows a promise's outcome
    return this.connectionMade();
  }

  /**
   * Called once the connection is up; send greetings here. Does nothing
   * by default.
   *
   * @example
   * ```ts
   * import { Protocol, StringTransport } from "@twisted-ts/core/net";
   * class Greeter extends Protocol {
   *   override connectionMade() {
   *     this.transport.write("hello\r\n");
   *   }
   * }
   * const t = new StringTransport();
   * new Greeter().makeConnection(t);
   * if (t.value() !== "hello\r\n") throw new Error("unexpected");
   * ```
   */
  connectionMade(): void {}

  /**
   * Called with each chunk of bytes received — any amount, so buffer
   * partial messages (or use `LineReceiver` and friends). Does nothing by
   * default.
   *
   * @example
   * ```ts
   * import { Protocol } from "@twisted-ts/core/net";
   * const seen: number[] = [];
   * class Count extends Protocol {
   *   override dataReceived(data: Uint8Array) {
   *     seen.push(data.length);
   *   }
   * }
   * new Count().dataReceived(new Uint8Array(3));
   * if (seen[0] !== 3) throw new Error("unexpected");
   * ```
   */
  dataReceived(_data: Uint8Array): void {}

  /**
   * Called once when the connection is closed: `reason` is a Failure of
   * `ConnectionDone` (clean close) or `ConnectionLost` (anything else).
   * Does nothing by default.
   *
   * @example
   * ```ts
   * import { ConnectionDone, Protocol, connectionDone } from "@twisted-ts/core/net";
   * import type { Failure } from "@twisted-ts/core";
   * let clean = false;
   * class Watch extends Protocol {
   *   override connectionLost(reason: Failure) {
   *     clean = reason.check(ConnectionDone) !== undefined;
   *   }
   * }
   * new Watch().connectionLost(connectionDone);
   * if (!clean) throw new Error("unexpected");
   * ```
   */
  connectionLost(_reason: Failure = connectionDone): void {}

  /**
   * The prefix for log messages about this protocol: its class name.
   *
   * @example
   * ```ts
   * import { Protocol } from "@twisted-ts/core/net";
   * class Chat extends Protocol {}
   * if (new Chat().logPrefix() !== "Chat") throw new Error("unexpected");
   * ```
   */
  logPrefix(): string {
    return this.constructor.name;
  }
}

/**
 * @internal What one of `protocol`'s callbacks (`lineReceived`,
 * `stringReceived`, …) returned, not `undefined`: if it is a promise that
 * rejects, the failure is logged and the connection closed, as a throw
 * from the callback would do (an `async` callback's error is not lost, and
 * is no unhandled rejection). Deferreds are left to their owner.
 */
export function followCallback(
  protocol: Protocol,
  returned: unknown,
  method: string,
): void {
  whenRejected(returned, (failure) => {
    log.err(
      failure,
      `Unhandled error in ${method} of ${describeValue(protocol)}:`,
    );
    protocol.transport?.loseConnection();
  });
}
