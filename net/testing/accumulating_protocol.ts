/**
 * `AccumulatingProtocol`: a protocol that keeps everything it receives,
 * for tests (Twisted's `twisted.internet.testing.AccumulatingProtocol`).
 *
 * @module
 */
import type { Deferred } from "../../defer/deferred.ts";
import type { Failure } from "../../defer/failure.ts";
import { Protocol } from "../protocol.ts";
import { binaryString } from "../_bytes.ts";

/**
 * Keeps the data it receives (`data`, one character per byte, like
 * `StringTransport.value()`), sets `made` when connected and `closed` /
 * `closedReason` when the connection is lost. If its factory has a
 * `protocolConnectionMade` Deferred, `connectionMade` fires it with the
 * protocol (once); a `closedDeferred` set on it fires on
 * `connectionLost`.
 *
 * @example
 * ```ts
 * import { AccumulatingProtocol, connectedServerAndClient, Protocol } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Hello extends Protocol {
 *   override connectionMade() { this.transport.write("hello"); }
 * }
 * const [client, , pump] = connectedServerAndClient(Hello, AccumulatingProtocol);
 * assert.equal(client.data, "hello");
 * client.transport.loseConnection();
 * pump.flush();
 * assert.equal(client.closed, true);
 * ```
 */
export class AccumulatingProtocol extends Protocol {
  /** Everything received, one character per byte. */
  data = "";
  /** Whether `connectionMade` ran. */
  made = false;
  /** Whether `connectionLost` ran. */
  closed = false;
  /** The reason `connectionLost` was given. */
  closedReason: Failure | undefined = undefined;
  /** Fired (with `undefined`) by `connectionLost`, if set. */
  closedDeferred: Deferred<void> | undefined = undefined;

  /** Sets `made`; fires the factory's `protocolConnectionMade`, if any. */
  override connectionMade(): void {
    this.made = true;
    const factory = this.factory as
      | { protocolConnectionMade?: Deferred<AccumulatingProtocol> | null }
      | undefined;
    const d = factory?.protocolConnectionMade;
    if (d !== undefined && d !== null) {
      factory!.protocolConnectionMade = null;
      d.callback(this);
    }
  }

  /** Appends `data`. */
  override dataReceived(data: Uint8Array): void {
    this.data += binaryString(data);
  }

  /** Records the reason; fires `closedDeferred`, if set. */
  override connectionLost(reason: Failure): void {
    this.closed = true;
    this.closedReason = reason;
    const d = this.closedDeferred;
    if (d !== undefined) {
      this.closedDeferred = undefined;
      d.callback(undefined);
    }
  }
}
