/**
 * `StringTransport` and `StringTransportWithDisconnection`: transports
 * that keep what is written in memory, for testing protocols without a
 * socket (Twisted's `twisted.internet.testing`).
 *
 * @module
 */
import {
  describeValue,
  requireBoolean,
  requireOptions,
} from "../../_util/describe.ts";
import { Failure } from "../../defer/failure.ts";
import type {
  IAddress,
  IProtocol,
  IPullProducer,
  IPushProducer,
  ITransport,
} from "../../reactor/io_interfaces.ts";
import { IPv4Address } from "../address.ts";
import { ConnectionDone } from "../errors.ts";
import { binaryString, concatBytes, toBytes } from "../_bytes.ts";

/**
 * Where a `StringTransport` stands as a push producer: Twisted's
 * `producerState`.
 *
 * @example
 * ```ts
 * import { StringTransport, type ProducerState } from "@twisted-ts/core/net";
 * const t = new StringTransport();
 * t.pauseProducing();
 * const state: ProducerState = t.producerState;
 * if (state !== "paused") throw new Error();
 * ```
 */
export type ProducerState = "producing" | "paused" | "stopped";

/**
 * A transport that records everything written (`value()`), and the rest
 * of its state in plain fields, so a test can drive a protocol by hand:
 * `protocol.makeConnection(t)`, `protocol.dataReceived(…)`, then check
 * `t.value()`. Twisted's `StringTransport`.
 *
 * `value()` returns the bytes as a binary string — one character per byte,
 * like Python's `b"..."` — so ASCII output compares directly with a string
 * literal and binary output stays exact (`"\x00\x05hello"`);
 * `valueBytes()` gives the bytes themselves. Strings written are UTF-8
 * encoded, so `write("é")` shows as `"\xc3\xa9"` in `value()`.
 *
 * `loseConnection()` only sets `disconnecting`; `abortConnection()` also
 * sets `disconnected`. Difference from Twisted: a `write` after either (or
 * once `connected` is false) is an `Error` (Twisted's `StringTransport` appends it), so a protocol that
 * writes after closing fails its test instead of passing it. Pass
 * `{ lenient: true }` to allow `resumeProducing` after `loseConnection`,
 * as Twisted's `lenient`.
 *
 * @example
 * ```ts
 * import { Protocol, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Upper extends Protocol {
 *   override dataReceived(data: Uint8Array) {
 *     this.transport.write(new TextDecoder().decode(data).toUpperCase());
 *   }
 * }
 * const proto = new Upper();
 * const t = new StringTransport();
 * proto.makeConnection(t);
 * proto.dataReceived(new TextEncoder().encode("hi\r\n"));
 * assert.equal(t.value(), "HI\r\n");
 * ```
 */
export class StringTransport implements ITransport {
  /** Whether `loseConnection` (or `abortConnection`) was called. */
  disconnecting = false;
  /** Whether `abortConnection` was called. */
  disconnected = false;
  /** Whether the transport counts as connected (always, unless a subclass says otherwise). */
  connected = true;
  /** The registered producer, if any. */
  producer: IPushProducer | IPullProducer | undefined = undefined;
  /** Whether the registered producer is streaming (`undefined`: none). */
  streaming: boolean | undefined = undefined;
  /** The address `getHost()` returns (default `IPv4Address("TCP", "10.0.0.1", 12345)`). */
  hostAddr: IAddress | undefined = undefined;
  /** The address `getPeer()` returns (default `IPv4Address("TCP", "192.168.1.1", 54321)`). */
  peerAddr: IAddress | undefined = undefined;
  /** This transport as a push producer: `pauseProducing` etc. set it. */
  producerState: ProducerState = "producing";
  #chunks: Uint8Array[] = [];
  #lenient: boolean;

  /**
   * A transport with the given addresses (Twisted's defaults otherwise).
   * `lenient` allows `pauseProducing`/`resumeProducing` after
   * `loseConnection`.
   */
  constructor(
    hostAddress?: IAddress,
    peerAddress?: IAddress,
    options: { lenient?: boolean } = {},
  ) {
    requireOptions("StringTransport: options", options, ["lenient"]);
    const { lenient = false } = options;
    requireBoolean("StringTransport: lenient", lenient);
    if (hostAddress !== undefined) this.hostAddr = hostAddress;
    if (peerAddress !== undefined) this.peerAddr = peerAddress;
    this.#lenient = lenient;
  }

  /**
   * Forgets what was written so far (a test helper, not a transport
   * method).
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.write("old");
   * t.clear();
   * t.write("new");
   * if (t.value() !== "new") throw new Error();
   * ```
   */
  clear(): void {
    this.#chunks = [];
  }

  /**
   * Everything written since the last `clear()`, as a binary string (one
   * character per byte).
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.write(new Uint8Array([0, 5]));
   * t.write("hello");
   * if (t.value() !== "\x00\x05hello") throw new Error();
   * ```
   */
  value(): string {
    return binaryString(this.valueBytes());
  }

  /**
   * Everything written since the last `clear()`, as bytes (a copy).
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.write("é");
   * if (new TextDecoder().decode(t.valueBytes()) !== "é") throw new Error();
   * ```
   */
  valueBytes(): Uint8Array {
    const joined = concatBytes(this.#chunks);
    this.#chunks = joined.length > 0 ? [joined] : [];
    return joined.slice();
  }

  /**
   * Records `data` (bytes, or a string UTF-8 encoded). A `TypeError` for
   * anything else; an `Error` after `loseConnection`/`abortConnection`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.write("a");
   * t.write(new Uint8Array([98]));
   * if (t.value() !== "ab") throw new Error();
   * ```
   */
  write(data: Uint8Array | string): void {
    const bytes = toBytes(`${this.constructor.name}.write: data`, data);
    this.#checkOpen("write");
    if (bytes.length > 0) this.#chunks.push(bytes.slice());
  }

  /**
   * Records each item of `data`, in order.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.writeSequence(["a", "b", new Uint8Array([99])]);
   * if (t.value() !== "abc") throw new Error();
   * ```
   */
  writeSequence(data: Iterable<Uint8Array | string>): void {
    const what = `${this.constructor.name}.writeSequence`;
    if (
      data === null || typeof data !== "object" ||
      typeof (data as Iterable<unknown>)[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(
        `${what}: data must be an iterable of Uint8Array or string, got ${
          describeValue(data)
        }`,
      );
    }
    const items: Uint8Array[] = [];
    let i = 0;
    for (const item of data) items.push(toBytes(`${what}: data[${i++}]`, item));
    this.#checkOpen("writeSequence");
    for (const b of items) if (b.length > 0) this.#chunks.push(b.slice());
  }

  /**
   * Sets `disconnecting` (nothing else: the test decides what happens
   * next).
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.loseConnection();
   * if (!t.disconnecting) throw new Error();
   * ```
   */
  loseConnection(): void {
    this.disconnecting = true;
  }

  /**
   * Sets `disconnected`, then does what `loseConnection` does.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.abortConnection();
   * if (!t.disconnected || !t.disconnecting) throw new Error();
   * ```
   */
  abortConnection(): void {
    this.disconnected = true;
    this.loseConnection();
  }

  /**
   * The peer's address: `peerAddr`, or `IPv4Address("TCP",
   * "192.168.1.1", 54321)`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * if (String(new StringTransport().getPeer()) !==
   *   "IPv4Address(type='TCP', host='192.168.1.1', port=54321)") throw new Error();
   * ```
   */
  getPeer(): IAddress {
    return this.peerAddr ?? new IPv4Address("TCP", "192.168.1.1", 54321);
  }

  /**
   * This side's address: `hostAddr`, or `IPv4Address("TCP", "10.0.0.1",
   * 12345)`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * if (String(new StringTransport().getHost()) !==
   *   "IPv4Address(type='TCP', host='10.0.0.1', port=12345)") throw new Error();
   * ```
   */
  getHost(): IAddress {
    return this.hostAddr ?? new IPv4Address("TCP", "10.0.0.1", 12345);
  }

  /**
   * Records `producer` and `streaming` (visible as fields). A second
   * producer is an `Error`, as in Twisted.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * const producer = { pauseProducing() {}, resumeProducing() {}, stopProducing() {} };
   * t.registerProducer(producer, true);
   * if (t.producer !== producer || t.streaming !== true) throw new Error();
   * ```
   */
  registerProducer(
    producer: IPushProducer | IPullProducer,
    streaming: boolean,
  ): void {
    if (producer === null || typeof producer !== "object") {
      throw new TypeError(
        `${this.constructor.name}.registerProducer: producer must be an object, got ${
          describeValue(producer)
        }`,
      );
    }
    if (this.producer !== undefined) {
      throw new Error(
        `${this.constructor.name}.registerProducer: cannot register two producers`,
      );
    }
    this.producer = producer;
    this.streaming = Boolean(streaming);
  }

  /**
   * Forgets the producer; an `Error` when none is registered, as in
   * Twisted.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.registerProducer({ resumeProducing() {}, stopProducing() {} }, false);
   * t.unregisterProducer();
   * if (t.producer !== undefined || t.streaming !== undefined) throw new Error();
   * ```
   */
  unregisterProducer(): void {
    if (this.producer === undefined) {
      throw new Error(
        `${this.constructor.name}.unregisterProducer: cannot unregister a producer unless one is registered`,
      );
    }
    this.producer = undefined;
    this.streaming = undefined;
  }

  /**
   * Sets `producerState` to `"paused"` (a protocol asking to stop
   * reading). An `Error` after `loseConnection` (unless lenient) or
   * `stopProducing`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.pauseProducing();
   * if (t.producerState !== "paused") throw new Error();
   * ```
   */
  pauseProducing(): void {
    this.#checkState("pauseProducing");
    this.producerState = "paused";
  }

  /**
   * Sets `producerState` to `"producing"`; the same checks as
   * `pauseProducing`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.pauseProducing();
   * t.resumeProducing();
   * if (t.producerState !== "producing") throw new Error();
   * ```
   */
  resumeProducing(): void {
    this.#checkState("resumeProducing");
    this.producerState = "producing";
  }

  /**
   * Sets `producerState` to `"stopped"`.
   *
   * @example
   * ```ts
   * import { StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * t.stopProducing();
   * if (t.producerState !== "stopped") throw new Error();
   * ```
   */
  stopProducing(): void {
    this.producerState = "stopped";
  }

  #checkState(what: string): void {
    if (this.disconnecting && !this.#lenient) {
      throw new Error(
        `${this.constructor.name}.${what}: cannot resume producing after loseConnection`,
      );
    }
    if (this.producerState === "stopped") {
      throw new Error(
        `${this.constructor.name}.${what}: cannot resume a stopped producer`,
      );
    }
  }

  #checkOpen(what: string): void {
    // a registered producer may finish after loseConnection, as in Twisted
    if (!this.connected || this.disconnecting && this.producer === undefined) {
      throw new Error(
        `${this.constructor.name}.${what}: the transport is closing (loseConnection or abortConnection was called); nothing more may be written`,
      );
    }
  }
}

/**
 * A `StringTransport` whose `loseConnection` tells its `protocol` at once:
 * `connectionLost` with a `ConnectionDone("Bye.")` Failure, the first time
 * (Twisted's `StringTransportWithDisconnection`). Set `protocol` before.
 *
 * @example
 * ```ts
 * import { Protocol, StringTransportWithDisconnection } from "@twisted-ts/core/net";
 * import type { Failure } from "@twisted-ts/core";
 * let why = "";
 * class P extends Protocol {
 *   override connectionLost(reason: Failure) { why = reason.getErrorMessage(); }
 * }
 * const p = new P();
 * const t = new StringTransportWithDisconnection();
 * t.protocol = p;
 * p.makeConnection(t);
 * t.loseConnection();
 * if (why !== "Connection was closed cleanly: Bye.." || t.connected) throw new Error(why);
 * ```
 */
export class StringTransportWithDisconnection extends StringTransport {
  /** The protocol told about the disconnection. */
  protocol: IProtocol | undefined = undefined;

  /**
   * Marks the transport disconnected and calls the protocol's
   * `connectionLost` (once). A `TypeError` if `protocol` is not set.
   */
  override loseConnection(): void {
    if (!this.connected) return;
    const protocol = this.protocol;
    if (protocol === undefined) {
      throw new TypeError(
        "StringTransportWithDisconnection.loseConnection: protocol is not set; assign transport.protocol first",
      );
    }
    this.connected = false;
    protocol.connectionLost(new Failure(new ConnectionDone("Bye.")));
  }
}
