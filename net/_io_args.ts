/**
 * Argument checks for the reactor's I/O methods and the endpoints: each
 * throws a `TypeError` (wrong type) or `RangeError` (bad value) naming
 * the method, the argument and the value.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type {
  BindAddress,
  ClientTLSOptions,
  IClientFactory,
  IProtocolFactory,
  ServerTLSOptions,
} from "../reactor/io_interfaces.ts";

/** `RangeError` for a number (a bad value), `TypeError` for anything else. */
function typeOrRange(value: unknown): typeof TypeError | typeof RangeError {
  return typeof value === "number" ? RangeError : TypeError;
}

/** A TCP port: an integer in [0, 65535] (0: any free port). */
export function requirePort(what: string, port: unknown): number {
  if (
    typeof port !== "number" || !Number.isInteger(port) || port < 0 ||
    port > 65535
  ) {
    throw new (typeOrRange(port))(
      `${what}: port must be an integer in [0, 65535], got ${
        describeValue(port)
      }`,
    );
  }
  return port;
}

/** A listen queue length: an integer >= 0. */
export function requireBacklog(what: string, backlog: unknown): number {
  if (
    typeof backlog !== "number" || !Number.isInteger(backlog) || backlog < 0
  ) {
    throw new (typeOrRange(backlog))(
      `${what}: backlog must be an integer >= 0, got ${describeValue(backlog)}`,
    );
  }
  return backlog;
}

/** A string argument (an interface, a host, a path). */
export function requireString(
  what: string,
  name: string,
  value: unknown,
  nonEmpty = false,
): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `${what}: ${name} must be a string, got ${describeValue(value)}`,
    );
  }
  if (nonEmpty && value === "") {
    throw new RangeError(`${what}: ${name} must not be empty`);
  }
  if (value.includes("\0")) {
    throw new RangeError(
      `${what}: ${name} must not contain a NUL character, got ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/** A connect timeout in seconds: > 0 (`Infinity`: none). */
export function requireTimeout(what: string, timeout: unknown): number {
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new (typeOrRange(timeout))(
      `${what}: timeout must be a number of seconds > 0 (Infinity for none), got ${
        describeValue(timeout)
      }`,
    );
  }
  return timeout;
}

/** A protocol factory: `buildProtocol`, `doStart` and `doStop`. */
export function requireFactory(
  what: string,
  factory: unknown,
): IProtocolFactory {
  const f = factory as Partial<IProtocolFactory> | null;
  if (
    f === null || typeof f !== "object" ||
    typeof f.buildProtocol !== "function" ||
    typeof f.doStart !== "function" || typeof f.doStop !== "function"
  ) {
    throw new TypeError(
      `${what}: factory must be a protocol factory (buildProtocol, doStart, doStop), got ${
        describeValue(factory)
      }`,
    );
  }
  return f as IProtocolFactory;
}

/** A client factory: a protocol factory with the three client callbacks. */
export function requireClientFactory(
  what: string,
  factory: unknown,
): IClientFactory {
  requireFactory(what, factory);
  const f = factory as Partial<IClientFactory>;
  if (
    typeof f.startedConnecting !== "function" ||
    typeof f.clientConnectionFailed !== "function" ||
    typeof f.clientConnectionLost !== "function"
  ) {
    throw new TypeError(
      `${what}: factory must be a client factory (startedConnecting, clientConnectionFailed, clientConnectionLost; extend ClientFactory), got ${
        describeValue(factory)
      }`,
    );
  }
  return f as IClientFactory;
}

const ANY_HOSTS = new Set(["", "0.0.0.0", "::"]);

/**
 * `bindAddress`: `null`/`undefined`, or `[host, port]`. Neither runtime's
 * native connect binds the local end, so only "any address, any port"
 * (`["", 0]`, `["0.0.0.0", 0]`, `["::", 0]`) is accepted — it is what an
 * unbound socket does; anything else is an `Error` saying so.
 */
export function requireBindAddress(what: string, bindAddress: unknown): void {
  if (bindAddress === null || bindAddress === undefined) return;
  if (
    !Array.isArray(bindAddress) || bindAddress.length !== 2 ||
    typeof bindAddress[0] !== "string"
  ) {
    throw new TypeError(
      `${what}: bindAddress must be [host, port] or null, got ${
        describeValue(bindAddress)
      }`,
    );
  }
  const [host, port] = bindAddress as unknown as BindAddress;
  requirePort(`${what}: bindAddress`, port);
  if (!ANY_HOSTS.has(host) || port !== 0) {
    throw new Error(
      `${what}: bindAddress ${
        JSON.stringify([host, port])
      } cannot be honoured: neither Deno.connect nor Bun.connect binds the local end of a connection (only ["", 0] — any address, any port — is accepted)`,
    );
  }
}

/** PEM text (it must contain a `-----BEGIN` block). */
function requirePem(what: string, name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `${what}: ${name} must be PEM text, got ${describeValue(value)}`,
    );
  }
  if (!value.includes("-----BEGIN")) {
    throw new RangeError(
      `${what}: ${name} must be PEM text (with a -----BEGIN line), got ${
        describeValue(value.length > 40 ? `${value.slice(0, 40)}…` : value)
      }`,
    );
  }
  return value;
}

/** A TLS server's identity: `certificate` and `privateKey` as PEM text. */
export function requireServerTLS(
  what: string,
  options: unknown,
): ServerTLSOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${what}: contextFactory must be { certificate, privateKey } (PEM text), got ${
        describeValue(options)
      }`,
    );
  }
  const o = options as Partial<ServerTLSOptions>;
  return {
    certificate: requirePem(what, "certificate", o.certificate),
    privateKey: requirePem(what, "privateKey", o.privateKey),
  };
}

/** A TLS client's checks: optional `hostname` and `caCerts` (PEM). */
export function requireClientTLS(
  what: string,
  options: unknown,
): ClientTLSOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${what}: contextFactory must be { hostname?, caCerts? }, got ${
        describeValue(options)
      }`,
    );
  }
  const o = options as ClientTLSOptions;
  if (o.hostname !== undefined) {
    requireString(what, "hostname", o.hostname, true);
  }
  if (o.caCerts !== undefined) {
    if (!Array.isArray(o.caCerts)) {
      throw new TypeError(
        `${what}: caCerts must be an array of PEM texts, got ${
          describeValue(o.caCerts)
        }`,
      );
    }
    o.caCerts.forEach((c, i) => requirePem(what, `caCerts[${i}]`, c));
  }
  return o;
}
