/**
 * Addresses of connection endpoints, with Twisted's fields and reprs
 * (`twisted.internet.address`): `IPv4Address`, `IPv6Address`,
 * `UNIXAddress`, `HostnameAddress`. They are values: compare them with
 * `equals`.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { IAddress } from "../reactor/io_interfaces.ts";

/**
 * The socket type of an IP address: a stream (`"TCP"`) or datagrams
 * (`"UDP"`).
 *
 * @example
 * ```ts
 * import { IPv4Address, type AddressType } from "@twisted-ts/core/net";
 * const type: AddressType = "TCP";
 * if (new IPv4Address(type, "127.0.0.1", 1).type !== "TCP") throw new Error();
 * ```
 */
export type AddressType = "TCP" | "UDP";

function requireType(what: string, type: unknown): AddressType {
  if (type !== "TCP" && type !== "UDP") {
    throw new TypeError(
      `${what}: type must be "TCP" or "UDP", got ${describeValue(type)}`,
    );
  }
  return type;
}

function requireHost(what: string, host: unknown): string {
  if (typeof host !== "string") {
    throw new TypeError(
      `${what}: host must be a string, got ${describeValue(host)}`,
    );
  }
  return host;
}

function requirePort(what: string, port: unknown): number {
  if (typeof port !== "number") {
    throw new TypeError(
      `${what}: port must be a number, got ${describeValue(port)}`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `${what}: port must be an integer in [0, 65535], got ${
        describeValue(port)
      }`,
    );
  }
  return port;
}

/** Python's repr of a str. */
function pyRepr(s: string): string {
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * An IPv4 endpoint: Twisted's `IPv4Address(type, host, port)`.
 *
 * @example
 * ```ts
 * import { IPv4Address } from "@twisted-ts/core/net";
 * const a = new IPv4Address("TCP", "127.0.0.1", 8080);
 * if (!a.equals(new IPv4Address("TCP", "127.0.0.1", 8080))) throw new Error();
 * if (`${a}` !== "IPv4Address(type='TCP', host='127.0.0.1', port=8080)") throw new Error();
 * ```
 */
export class IPv4Address implements IAddress {
  /** `"TCP"` or `"UDP"`. */
  readonly type: AddressType;
  /** The dotted-quad address (or, for a connector's destination, the host name). */
  readonly host: string;
  /** The port number, 0–65535. */
  readonly port: number;

  /** An address; a bad `type` is a `TypeError`, a bad `port` a `RangeError`. */
  constructor(type: AddressType, host: string, port: number) {
    this.type = requireType("IPv4Address", type);
    this.host = requireHost("IPv4Address", host);
    this.port = requirePort("IPv4Address", port);
  }

  /** Whether `other` is an `IPv4Address` with the same fields. */
  equals(other: unknown): boolean {
    return other instanceof IPv4Address && other.type === this.type &&
      other.host === this.host && other.port === this.port;
  }

  /** Twisted's repr: `IPv4Address(type='TCP', host='127.0.0.1', port=80)`. */
  toString(): string {
    return `IPv4Address(type=${pyRepr(this.type)}, host=${
      pyRepr(this.host)
    }, port=${this.port})`;
  }
}

/**
 * An IPv6 endpoint: Twisted's `IPv6Address(type, host, port, flowInfo = 0,
 * scopeID = 0)`.
 *
 * @example
 * ```ts
 * import { IPv6Address } from "@twisted-ts/core/net";
 * const a = new IPv6Address("TCP", "::1", 443);
 * if (a.flowInfo !== 0 || a.scopeID !== 0) throw new Error();
 * if (`${a}` !== "IPv6Address(type='TCP', host='::1', port=443, flowInfo=0, scopeID=0)") throw new Error();
 * ```
 */
export class IPv6Address implements IAddress {
  /** `"TCP"` or `"UDP"`. */
  readonly type: AddressType;
  /** The IPv6 address text (no brackets). */
  readonly host: string;
  /** The port number, 0–65535. */
  readonly port: number;
  /** The flow label (`sin6_flowinfo`). */
  readonly flowInfo: number;
  /** The scope (interface) ID, a number or an interface name (`sin6_scope_id`). */
  readonly scopeID: number | string;

  /** An address; bad fields are a `TypeError`/`RangeError` naming them. */
  constructor(
    type: AddressType,
    host: string,
    port: number,
    flowInfo = 0,
    scopeID: number | string = 0,
  ) {
    this.type = requireType("IPv6Address", type);
    this.host = requireHost("IPv6Address", host);
    this.port = requirePort("IPv6Address", port);
    if (!Number.isInteger(flowInfo) || flowInfo < 0) {
      throw new RangeError(
        `IPv6Address: flowInfo must be an integer >= 0, got ${
          describeValue(flowInfo)
        }`,
      );
    }
    if (typeof scopeID !== "number" && typeof scopeID !== "string") {
      throw new TypeError(
        `IPv6Address: scopeID must be a number or a string, got ${
          describeValue(scopeID)
        }`,
      );
    }
    this.flowInfo = flowInfo;
    this.scopeID = scopeID;
  }

  /** Whether `other` is an `IPv6Address` with the same fields. */
  equals(other: unknown): boolean {
    return other instanceof IPv6Address && other.type === this.type &&
      other.host === this.host && other.port === this.port &&
      other.flowInfo === this.flowInfo && other.scopeID === this.scopeID;
  }

  /** Twisted's repr. */
  toString(): string {
    const scope = typeof this.scopeID === "string"
      ? pyRepr(this.scopeID)
      : this.scopeID;
    return `IPv6Address(type=${pyRepr(this.type)}, host=${
      pyRepr(this.host)
    }, port=${this.port}, flowInfo=${this.flowInfo}, scopeID=${scope})`;
  }
}

/**
 * A UNIX-domain socket endpoint: Twisted's `UNIXAddress(name)`, where
 * `name` is the socket file's path, or `null` for an unnamed socket.
 *
 * @example
 * ```ts
 * import { UNIXAddress } from "@twisted-ts/core/net";
 * const a = new UNIXAddress("/tmp/app.sock");
 * if (`${a}` !== "UNIXAddress('/tmp/app.sock')") throw new Error();
 * if (`${new UNIXAddress(null)}` !== "UNIXAddress(None)") throw new Error();
 * ```
 */
export class UNIXAddress implements IAddress {
  /** The socket file's path, or `null` when the socket has none. */
  readonly name: string | null;

  /** An address; a `name` that is neither a string nor `null` is a `TypeError`. */
  constructor(name: string | null) {
    if (name !== null && typeof name !== "string") {
      throw new TypeError(
        `UNIXAddress: name must be a string or null, got ${
          describeValue(name)
        }`,
      );
    }
    this.name = name;
  }

  /** Whether `other` is a `UNIXAddress` for the same path. */
  equals(other: unknown): boolean {
    return other instanceof UNIXAddress && other.name === this.name;
  }

  /** Twisted's repr: `UNIXAddress('/path')`. */
  toString(): string {
    return `UNIXAddress(${this.name === null ? "None" : pyRepr(this.name)})`;
  }
}

/**
 * A host name and port, before name resolution: Twisted's
 * `HostnameAddress(hostname, port)` (the hostname is text here, bytes
 * there).
 *
 * @example
 * ```ts
 * import { HostnameAddress } from "@twisted-ts/core/net";
 * const a = new HostnameAddress("example.com", 80);
 * if (`${a}` !== "HostnameAddress(hostname='example.com', port=80)") throw new Error();
 * ```
 */
export class HostnameAddress implements IAddress {
  /** The host name. */
  readonly hostname: string;
  /** The port number, 0–65535. */
  readonly port: number;

  /** An address; bad fields are a `TypeError`/`RangeError` naming them. */
  constructor(hostname: string, port: number) {
    if (typeof hostname !== "string") {
      throw new TypeError(
        `HostnameAddress: hostname must be a string, got ${
          describeValue(hostname)
        }`,
      );
    }
    this.hostname = hostname;
    this.port = requirePort("HostnameAddress", port);
  }

  /** Whether `other` is a `HostnameAddress` with the same fields. */
  equals(other: unknown): boolean {
    return other instanceof HostnameAddress &&
      other.hostname === this.hostname && other.port === this.port;
  }

  /** Twisted's repr, with the hostname as text. */
  toString(): string {
    return `HostnameAddress(hostname=${
      pyRepr(this.hostname)
    }, port=${this.port})`;
  }
}
