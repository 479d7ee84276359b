/**
 * Connecting a client protocol and a server protocol in memory, with the
 * real transport logic and no socket: `connectedServerAndClient` and
 * `IOPump` (Twisted's `twisted.test.iosim`), and `loopbackAsync`
 * (Twisted's `twisted.protocols.loopback`).
 *
 * Each side gets a `StreamTransport` — the transport logic the socket
 * transports use (write queue, producers, close, abort, half-close) — over
 * an in-memory socket. Nothing moves by itself: `pump.pump()` does one
 * step (run the transports' scheduled flushes, then deliver what each
 * side sent to the other) and `pump.flush()` steps until nothing moves, so
 * a test decides exactly when bytes arrive. With a `Clock`, each step also
 * runs the calls due (`clock.advance(0)`), and the test moves time itself.
 * `windowBytes` bounds what each side may have in flight, so back-pressure
 * on producers can be tested deterministically too.
 *
 * @module
 */
import { describeValue, requireOptions } from "../../_util/describe.ts";
import { Deferred } from "../../defer/deferred.ts";
import type { Failure } from "../../defer/failure.ts";
import type { Clock } from "../../reactor/clock.ts";
import type {
  IAddress,
  IProtocol,
  IProtocolFactory,
} from "../../reactor/io_interfaces.ts";
import { IPv4Address } from "../address.ts";
import { ConnectionLost } from "../errors.ts";
import { requireProtocol } from "../_checks.ts";
import { type StreamSocket, StreamTransport } from "../_stream_transport.ts";
import type { ITCPTransport } from "../interfaces.ts";

/** One end of an in-memory connection. */
class MemorySocket implements StreamSocket {
  peer!: MemorySocket;
  transport!: StreamTransport;
  /** taken from our transport, not yet delivered to the peer */
  inFlight: Uint8Array[] = [];
  inFlightBytes = 0;
  readPaused = false;
  /** what follows the data in flight: nothing, end of input, or a reset */
  ending: "none" | "eof" | "reset" = "none";
  closed = false;
  /** the transport was told it cannot write more */
  wantsWritable = false;
  noDelay = false;
  keepAlive = false;

  constructor(readonly pump: IOPump) {}

  write(data: Uint8Array): number {
    if (this.closed || this.ending !== "none") return data.length;
    const room = this.pump.windowBytes - this.inFlightBytes;
    const take = Math.max(0, Math.min(room, data.length));
    if (take > 0) {
      this.inFlight.push(data.slice(0, take));
      this.inFlightBytes += take;
    }
    if (take < data.length) this.wantsWritable = true;
    return take;
  }

  pauseReading(): void {
    this.readPaused = true;
  }

  resumeReading(): void {
    this.readPaused = false;
  }

  shutdownWrite(): void {
    if (this.ending === "none") this.ending = "eof";
  }

  close(): void {
    if (this.ending === "none") this.ending = "eof";
    this.closed = true;
  }

  abort(): void {
    this.inFlight = [];
    this.inFlightBytes = 0;
    this.ending = "reset";
    this.closed = true;
  }

  setNoDelay(enabled: boolean): void {
    this.noDelay = enabled;
  }

  setKeepAlive(enabled: boolean): void {
    this.keepAlive = enabled;
  }

  /** Delivers what is in flight to the peer; true if anything happened. */
  deliver(): boolean {
    let moved = false;
    const peer = this.peer;
    while (this.inFlight.length > 0 && !peer.readPaused) {
      const data = this.inFlight.shift()!;
      this.inFlightBytes -= data.length;
      moved = true;
      peer.transport.receive(data);
    }
    if (this.wantsWritable && this.inFlightBytes < this.pump.windowBytes) {
      this.wantsWritable = false;
      moved = true;
      this.transport.writable();
    }
    if (this.inFlight.length === 0 && this.ending !== "none") {
      const ending = this.ending;
      this.ending = "none";
      this.inFlight = [];
      moved = true;
      if (ending === "eof") peer.transport.readEnded();
      else {
        peer.transport.closed(new ConnectionLost("Connection lost"));
      }
    }
    return moved;
  }
}

/**
 * Moves bytes between the two ends of an in-memory connection, only when
 * told: Twisted's `IOPump`.
 *
 * @example
 * ```ts
 * import { connectedServerAndClient, LineReceiver, decode } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Echo extends LineReceiver {
 *   override lineReceived(line: Uint8Array) { this.sendLine(line); }
 * }
 * class Client extends LineReceiver {
 *   got: string[] = [];
 *   override lineReceived(line: Uint8Array) { this.got.push(decode(line)); }
 * }
 * const [client, , pump] = connectedServerAndClient(Echo, Client);
 * client.sendLine("ping");
 * assert.deepEqual(client.got, []); // nothing moves until pumped
 * pump.flush();
 * assert.deepEqual(client.got, ["ping"]);
 * ```
 */
export class IOPump {
  /** The client protocol. */
  readonly client: IProtocol;
  /** The server protocol. */
  readonly server: IProtocol;
  /** The client's transport (its addresses: the ones given, if any). */
  readonly clientTransport: ITCPTransport<IAddress>;
  /** The server's transport. */
  readonly serverTransport: ITCPTransport<IAddress>;
  /** The clock advanced by 0 at each step, if any. */
  readonly clock: Clock | undefined;
  /** Bytes each side may have in flight (default: unlimited). */
  windowBytes: number;
  #tasks: (() => void)[] = [];
  #clientSocket: MemorySocket;
  #serverSocket: MemorySocket;
  #auto: (() => void) | undefined;

  /** Use {@linkcode connectedServerAndClient}; this wires the two ends. */
  constructor(
    client: IProtocol,
    server: IProtocol,
    options: {
      clock?: Clock;
      windowBytes?: number;
      clientAddress?: IAddress;
      serverAddress?: IAddress;
      auto?: () => void;
      onConnectionLost?: (side: "client" | "server", reason: Failure) => void;
    } = {},
  ) {
    requireProtocol("IOPump: client", client);
    requireProtocol("IOPump: server", server);
    requireOptions("IOPump: options", options, [
      "clock",
      "windowBytes",
      "clientAddress",
      "serverAddress",
      "auto",
      "onConnectionLost",
    ]);
    this.client = client;
    this.server = server;
    this.clock = options.clock;
    this.windowBytes = requireWindow("IOPump", options.windowBytes);
    this.#auto = options.auto;
    const clientAddress = options.clientAddress ??
      new IPv4Address("TCP", "127.0.0.1", 40000);
    const serverAddress = options.serverAddress ??
      new IPv4Address("TCP", "127.0.0.1", 8000);
    const callSoon = (fn: () => void) => {
      this.#tasks.push(fn);
      this.#auto?.();
    };
    this.#clientSocket = new MemorySocket(this);
    this.#serverSocket = new MemorySocket(this);
    this.#clientSocket.peer = this.#serverSocket;
    this.#serverSocket.peer = this.#clientSocket;
    const lost = options.onConnectionLost;
    const clientTransport = new StreamTransport(this.#clientSocket, client, {
      host: clientAddress,
      peer: serverAddress,
      callSoon,
      onConnectionLost: (reason) => lost?.("client", reason),
    });
    const serverTransport = new StreamTransport(this.#serverSocket, server, {
      host: serverAddress,
      peer: clientAddress,
      callSoon,
      onConnectionLost: (reason) => lost?.("server", reason),
    });
    this.#clientSocket.transport = clientTransport;
    this.#serverSocket.transport = serverTransport;
    this.clientTransport = clientTransport;
    this.serverTransport = serverTransport;
  }

  /** Connects the server's protocol, then the client's (`makeConnection`). */
  start(): void {
    this.#serverSocket.transport.start();
    this.#clientSocket.transport.start();
  }

  /**
   * One step: the calls due on the clock (`advance(0)`), the transports'
   * scheduled work, then each side's bytes in flight delivered to the
   * other. Returns whether anything happened.
   *
   * @example
   * ```ts
   * import { connectedServerAndClient, Protocol } from "@twisted-ts/core/net";
   * const [, , pump] = connectedServerAndClient(Protocol, Protocol);
   * if (pump.pump()) throw new Error("nothing was sent");
   * ```
   */
  pump(): boolean {
    this.clock?.advance(0);
    let moved = false;
    const tasks = this.#tasks;
    this.#tasks = [];
    for (const task of tasks) {
      task();
      moved = true;
    }
    if (this.#clientSocket.deliver()) moved = true;
    if (this.#serverSocket.deliver()) moved = true;
    return moved || this.#tasks.length > 0;
  }

  /**
   * Steps until nothing moves (at most `maxSteps`, default 10,000: a pair
   * of protocols that talk forever is an `Error`, not a hang). Returns
   * whether anything moved, as Twisted's does.
   *
   * @example
   * ```ts
   * import { connectedServerAndClient, Protocol } from "@twisted-ts/core/net";
   * import type { Failure } from "@twisted-ts/core";
   * const lost: string[] = [];
   * class Watch extends Protocol {
   *   override connectionLost(reason: Failure) { lost.push(reason.getErrorMessage()); }
   * }
   * const [client, , pump] = connectedServerAndClient(Watch, Watch);
   * client.transport.loseConnection();
   * pump.flush();
   * if (lost.length !== 2) throw new Error(`${lost}`);
   * ```
   */
  flush(maxSteps = 10000): boolean {
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new (typeof maxSteps === "number" ? RangeError : TypeError)(
        `IOPump.flush: maxSteps must be an integer >= 1, got ${
          describeValue(maxSteps)
        }`,
      );
    }
    for (let i = 0; i < maxSteps; i++) {
      if (!this.pump()) return i > 0;
    }
    throw new Error(
      `IOPump.flush: still moving after ${maxSteps} steps; the protocols may be talking forever (or a small windowBytes needs more steps: pass flush() a larger maxSteps)`,
    );
  }
}

/**
 * What makes one side's protocol: a protocol class, a function, or a
 * factory.
 *
 * @example
 * ```ts
 * import { connectedServerAndClient, Factory, Protocol, type ProtocolSource } from "@twisted-ts/core/net";
 * const server: ProtocolSource<Protocol> = Factory.forProtocol(Protocol);
 * const client: ProtocolSource<Protocol> = () => new Protocol();
 * const [, , pump] = connectedServerAndClient(server, client);
 * pump.flush();
 * ```
 */
export type ProtocolSource<P extends IProtocol> =
  | (new () => P)
  | (() => P)
  | IProtocolFactory;

function build<P extends IProtocol>(
  what: string,
  source: ProtocolSource<P>,
  addr: IAddress,
): P {
  let p: unknown;
  if (
    source !== null && typeof source === "object" &&
    typeof (source as IProtocolFactory).buildProtocol === "function"
  ) {
    p = (source as IProtocolFactory).buildProtocol(addr);
  } else if (typeof source === "function") {
    const proto = (source as { prototype?: { makeConnection?: unknown } })
      .prototype;
    p = proto !== undefined && typeof proto.makeConnection === "function"
      ? new (source as new () => P)()
      : (source as () => P)();
  } else {
    throw new TypeError(
      `connectedServerAndClient: ${what} must be a protocol class, a function returning a protocol, or a factory, got ${
        describeValue(source)
      }`,
    );
  }
  return requireProtocol(
    `connectedServerAndClient: the ${what}'s protocol`,
    p,
  ) as P;
}

/**
 * Connects a new server protocol and a new client protocol in memory and
 * returns `[client, server, pump]`, as Twisted's
 * `iosim.connectedServerAndClient`. Each side is made from a protocol
 * class, a function returning a protocol, or a factory
 * (`buildProtocol`). The server's `makeConnection` runs first, then the
 * client's; with `greet` (default `true`) the pump is flushed once, so
 * greetings sent from `connectionMade` have arrived.
 *
 * @example
 * ```ts
 * import { Clock } from "@twisted-ts/core";
 * import { connectedServerAndClient, decode, LineReceiver } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Greeter extends LineReceiver {
 *   override connectionMade() { this.sendLine("220 welcome"); }
 *   override lineReceived(_line: Uint8Array) {}
 * }
 * class Client extends LineReceiver {
 *   lines: string[] = [];
 *   override lineReceived(line: Uint8Array) { this.lines.push(decode(line)); }
 * }
 * const clock = new Clock();
 * const [client] = connectedServerAndClient(Greeter, Client, { clock });
 * assert.deepEqual(client.lines, ["220 welcome"]);
 * ```
 */
export function connectedServerAndClient<
  S extends IProtocol,
  C extends IProtocol,
>(
  server: ProtocolSource<S>,
  client: ProtocolSource<C>,
  options: { clock?: Clock; greet?: boolean; windowBytes?: number } = {},
): [client: C, server: S, pump: IOPump] {
  requireOptions("connectedServerAndClient: options", options, [
    "clock",
    "greet",
    "windowBytes",
  ]);
  requireWindow("connectedServerAndClient", options.windowBytes);
  const serverAddress = new IPv4Address("TCP", "127.0.0.1", 8000);
  const clientAddress = new IPv4Address("TCP", "127.0.0.1", 40000);
  const s = build("server", server, clientAddress);
  const c = build("client", client, serverAddress);
  const pumpOptions: ConstructorParameters<typeof IOPump>[2] = {
    clientAddress,
    serverAddress,
  };
  if (options.clock !== undefined) pumpOptions.clock = options.clock;
  if (options.windowBytes !== undefined) {
    pumpOptions.windowBytes = options.windowBytes;
  }
  const pump = new IOPump(c, s, pumpOptions);
  pump.start();
  if (options.greet ?? true) pump.flush();
  return [c, s, pump];
}

/**
 * Connects `server` and `client` in memory and moves bytes between them
 * on its own (from the microtask queue, never on a timer) until both have
 * lost their connection; the Deferred then fires (Twisted's
 * `loopback.loopbackAsync`). One of them must close the connection.
 *
 * @example
 * ```ts
 * import { decode, LineReceiver, loopbackAsync } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * class Server extends LineReceiver {
 *   override lineReceived(line: Uint8Array) {
 *     this.sendLine(`hello ${decode(line)}`);
 *     this.transport.loseConnection();
 *   }
 * }
 * class Client extends LineReceiver {
 *   got = "";
 *   override connectionMade() { this.sendLine("bob"); }
 *   override lineReceived(line: Uint8Array) { this.got = decode(line); }
 * }
 * const client = new Client();
 * await loopbackAsync(new Server(), client);
 * assert.equal(client.got, "hello bob");
 * ```
 */
export function loopbackAsync(
  server: IProtocol,
  client: IProtocol,
): Deferred<void> {
  requireProtocol("loopbackAsync: server", server);
  requireProtocol("loopbackAsync: client", client);
  const done = new Deferred<void>();
  let lost = 0;
  let scheduled = false;
  const onLost = (_reason: Failure) => {
    if (++lost === 2) done.callback(undefined);
  };
  const pump: IOPump = new IOPump(client, server, {
    auto: () => schedule(),
    onConnectionLost: (_side, reason) => onLost(reason),
  });
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      pump.flush();
    });
  }
  pump.start();
  schedule();
  return done;
}

/**
 * `windowBytes` checked (an integer >= 1, or `Infinity`; default
 * `Infinity`): a window of 0 or `NaN` would move nothing, and the test
 * would read silence.
 */
function requireWindow(caller: string, value: unknown): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new (typeof value === "number" ? RangeError : TypeError)(
      `${caller}: windowBytes must be an integer >= 1 or Infinity, got ${
        describeValue(value)
      }`,
    );
  }
  return value;
}
