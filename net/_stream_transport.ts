/**
 * `StreamTransport`: a TCP-like transport's logic with no socket in it —
 * Twisted's `FileDescriptor`/`tcp.Connection` write buffer, producer
 * handling, close, abort and half-close — driven through the tiny
 * {@linkcode StreamSocket} interface. The in-memory pump (`testing/`) and
 * the real socket transports (issue 14 part B: Bun and Deno sockets behind
 * `net/_host.ts`) share it, so a protocol tested in memory meets the same
 * transport in production.
 *
 * Writing. `write`/`writeSequence` queue bytes (no copy: as with Node's
 * `socket.write`, do not modify bytes after writing them) and schedule a
 * flush with `callSoon`, so the writes of one turn go out together, as
 * Twisted's reactor writes once per iteration. A flush hands the socket up
 * to `SEND_LIMIT` bytes at a time (joining writes smaller than
 * `JOIN_LIMIT`; bigger ones go alone, uncopied) until it takes
 * less than offered; the host then calls `writable()` when it can take
 * more. Joined writes are copied into the socket's `stage` when it offers
 * one (a long-lived buffer; the Deno and Bun sockets do), else into a new
 * array. With more than `highWaterMark` bytes queued (Twisted's
 * `bufferSize`, 64 KiB), each write pauses a streaming producer; once the
 * queue is empty the producer is resumed (a pull producer is asked for
 * more each time it empties) — so nothing buffers without bound.
 *
 * Closing. `loseConnection()` stops reading and closes once the queue is
 * empty (and, as in Twisted, not while a paused or pull producer is
 * registered: it is resumed instead; `unregisterProducer` lets the close
 * happen). `abortConnection()` drops the queue and closes at once;
 * `connectionLost(ConnectionAborted)` follows in the next turn.
 * `loseWriteConnection()` half-closes after the queue empties and calls the
 * protocol's `writeConnectionLost`. End of input calls the protocol's
 * `readConnectionLost` if it has one (`IHalfCloseableProtocol`), else
 * closes the connection (after flushing) with `ConnectionDone`. Once both
 * halves are closed, in either order, the connection closes with
 * `ConnectionDone` on every runtime (Twisted keeps such a socket open
 * until the protocol calls `loseConnection`).
 *
 * Faults. A protocol method that throws is reported with `log.err`, what
 * is queued is dropped and the socket closed (orderly, as Twisted does:
 * the peer sees `ConnectionDone`) with that Failure as `connectionLost`'s
 * reason; the transport goes on serving nothing else, and nothing is lost.
 * A write after `loseConnection()` throws an `Error` (unless a producer
 * is registered: Twisted lets a producer finish after `loseConnection`);
 * after `abortConnection()` or once the connection has closed, writes are
 * dropped, as in Twisted (the protocol is told by `connectionLost`).
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { Failure } from "../defer/failure.ts";
import { log } from "../defer/log.ts";
import { whenRejected } from "../defer/returned.ts";
import type {
  IAddress,
  IProtocol,
  IPullProducer,
  IPushProducer,
} from "../reactor/io_interfaces.ts";
import type { ITCPTransport } from "./interfaces.ts";
import { ConnectionAborted, ConnectionDone, ConnectionLost } from "./errors.ts";
import { toBytes } from "./_bytes.ts";
import { concatChunks } from "./_buffer.ts";

/**
 * What a `StreamTransport` needs from the socket under it. The host side
 * (a real socket adapter, or the in-memory pump) implements it, and calls
 * the transport's `receive`, `writable`, `readEnded` and `closed` as
 * things happen.
 */
export interface StreamSocket {
  /**
   * Offers `data`; returns how many of its first bytes the socket took
   * (0 to all). A socket that keeps `data` beyond the call must copy it.
   * After taking less than all, it calls `transport.writable()` once it
   * can take more.
   */
  write(data: Uint8Array): number;
  /**
   * Optional: a buffer of at least `size` bytes that the very next `write`
   * may be given a view of, or `undefined` (none now, or `size` too big).
   * The transport joins small writes into it instead of into a new array:
   * on Deno a new array costs far more than the copy (see `_host.ts`).
   */
  stage?(size: number): Uint8Array | undefined;
  /** Stops delivering input (`receive`) until `resumeReading`. */
  pauseReading(): void;
  /** Delivers input again. */
  resumeReading(): void;
  /** Half-closes: the peer reads end-of-file (everything written is sent first). */
  shutdownWrite(): void;
  /** Closes (everything written is sent first). */
  close(): void;
  /** Closes at once, discarding unsent data. */
  abort(): void;
  /** Turns Nagle's algorithm off (`true`) or on. */
  setNoDelay(enabled: boolean): void;
  /** Turns keep-alive probes on or off. */
  setKeepAlive(enabled: boolean): void;
}

/** Options for {@linkcode StreamTransport}. */
export interface StreamTransportOptions {
  /** This side's address. */
  host: IAddress;
  /** The peer's address. */
  peer: IAddress;
  /** Runs `fn` soon, after the current turn (flushes, deferred closes). */
  callSoon: (fn: () => void) => void;
  /** Queued bytes above which a streaming producer is paused (default 65536). */
  highWaterMark?: number;
  /**
   * Called once, after the protocol's `connectionLost`, with the transport
   * (so that one options object may serve many transports).
   */
  onConnectionLost?: (reason: Failure, transport: StreamTransport) => void;
  /**
   * The error a clean close gives `connectionLost`: by default Twisted's
   * `CONNECTION_DONE` (`ConnectionDone("Connection done")`), as its
   * in-memory transports give; the socket transports give a bare
   * `ConnectionDone()`, as its reactor does.
   */
  doneReason?: () => Error;
}

/**
 * The reason Twisted's in-memory transports give `connectionLost` on a
 * clean close (its `twisted.internet.main.CONNECTION_DONE`).
 */
const connectionDoneReason = () => new ConnectionDone("Connection done");

/**
 * The reason an unclean close gives `connectionLost`, when the socket's
 * own error is not one of Twisted's (its `CONNECTION_LOST`).
 */
const connectionLostReason = () => new ConnectionLost("Connection lost");

/** Twisted's `SEND_LIMIT`: the most bytes joined for one socket write. */
export const SEND_LIMIT = 128 * 1024;

/**
 * The empty queue every transport starts with and returns to: an idle
 * connection allocates no arrays (a push replaces it with a real one).
 */
const NONE: Uint8Array[] = Object.freeze([]) as unknown as Uint8Array[];

/** Writes this big or bigger are sent as they are, never joined (copied). */
export const JOIN_LIMIT = 16 * 1024;

/** A protocol that may also handle half-close. */
// the bits of StreamTransport's #flags
const FLUSH_SCHEDULED = 1;
const BLOCKED = 2;
const READ_PAUSED = 4;
const READ_ENDED = 8;
const WRITE_DISCONNECTING = 16;
const WRITE_DISCONNECTED = 32;
const ABORTING = 64;
const NO_DELAY = 128;
const KEEP_ALIVE = 256;
/** inside the host's receive(): flushes wait for dataReceived to return */
const RECEIVING = 512;
const FLUSH_AFTER_RECEIVE = 1024;
// and the public yes/no fields, kept there too (accessors)
const CONNECTED = 2048;
const DISCONNECTED = 4096;
const DISCONNECTING = 8192;
const STREAMING_PRODUCER = 16384;
const PRODUCER_PAUSED = 32768;

type MaybeHalfCloseable = IProtocol & {
  readConnectionLost?: () => void;
  writeConnectionLost?: () => void;
};

/** The transport logic; see the module doc. */
export class StreamTransport implements ITCPTransport<IAddress> {
  /** Whether the connection is open (until `connectionLost`). */
  get connected(): boolean {
    return (this.#flags & CONNECTED) !== 0;
  }
  set connected(on: boolean) {
    this.#flags = on ? this.#flags | CONNECTED : this.#flags & ~CONNECTED;
  }
  /** Whether it has closed (after `connectionLost`). */
  get disconnected(): boolean {
    return (this.#flags & DISCONNECTED) !== 0;
  }
  set disconnected(on: boolean) {
    this.#flags = on ? this.#flags | DISCONNECTED : this.#flags & ~DISCONNECTED;
  }
  /** Whether `loseConnection` (or `abortConnection`) was called. */
  get disconnecting(): boolean {
    return (this.#flags & DISCONNECTING) !== 0;
  }
  set disconnecting(on: boolean) {
    this.#flags = on
      ? this.#flags | DISCONNECTING
      : this.#flags & ~DISCONNECTING;
  }
  /** The registered producer, if any. */
  producer: IPushProducer | IPullProducer | undefined = undefined;
  /** Whether the producer is a streaming (push) one. */
  get streamingProducer(): boolean {
    return (this.#flags & STREAMING_PRODUCER) !== 0;
  }
  set streamingProducer(on: boolean) {
    this.#flags = on
      ? this.#flags | STREAMING_PRODUCER
      : this.#flags & ~STREAMING_PRODUCER;
  }
  /** Whether this transport paused the producer (buffer full). */
  get producerPaused(): boolean {
    return (this.#flags & PRODUCER_PAUSED) !== 0;
  }
  set producerPaused(on: boolean) {
    this.#flags = on
      ? this.#flags | PRODUCER_PAUSED
      : this.#flags & ~PRODUCER_PAUSED;
  }
  /** The protocol served. */
  readonly protocol: MaybeHalfCloseable;
  /** Queued bytes above which a streaming producer is paused. */
  highWaterMark: number;

  #socket: StreamSocket;
  #options: StreamTransportOptions;
  #queue: Uint8Array[] = NONE;
  #queued = 0;
  /** input that arrived while reading was paused */
  #held: Uint8Array[] = NONE;
  /**
   * The transport's yes/no states, one bit each (see the accessors):
   * one field instead of fourteen is ~100 bytes less per connection.
   */
  #flags = 0;

  get #flushScheduled(): boolean {
    return (this.#flags & FLUSH_SCHEDULED) !== 0;
  }
  set #flushScheduled(on: boolean) {
    this.#flags = on
      ? this.#flags | FLUSH_SCHEDULED
      : this.#flags & ~FLUSH_SCHEDULED;
  }
  /** the socket took less than offered: wait for writable() */
  get #blocked(): boolean {
    return (this.#flags & BLOCKED) !== 0;
  }
  set #blocked(on: boolean) {
    this.#flags = on ? this.#flags | BLOCKED : this.#flags & ~BLOCKED;
  }
  get #readPaused(): boolean {
    return (this.#flags & READ_PAUSED) !== 0;
  }
  set #readPaused(on: boolean) {
    this.#flags = on ? this.#flags | READ_PAUSED : this.#flags & ~READ_PAUSED;
  }
  get #readEnded(): boolean {
    return (this.#flags & READ_ENDED) !== 0;
  }
  set #readEnded(on: boolean) {
    this.#flags = on ? this.#flags | READ_ENDED : this.#flags & ~READ_ENDED;
  }
  get #writeDisconnecting(): boolean {
    return (this.#flags & WRITE_DISCONNECTING) !== 0;
  }
  set #writeDisconnecting(on: boolean) {
    this.#flags = on
      ? this.#flags | WRITE_DISCONNECTING
      : this.#flags & ~WRITE_DISCONNECTING;
  }
  get #writeDisconnected(): boolean {
    return (this.#flags & WRITE_DISCONNECTED) !== 0;
  }
  set #writeDisconnected(on: boolean) {
    this.#flags = on
      ? this.#flags | WRITE_DISCONNECTED
      : this.#flags & ~WRITE_DISCONNECTED;
  }
  get #aborting(): boolean {
    return (this.#flags & ABORTING) !== 0;
  }
  set #aborting(on: boolean) {
    this.#flags = on ? this.#flags | ABORTING : this.#flags & ~ABORTING;
  }
  get #noDelay(): boolean {
    return (this.#flags & NO_DELAY) !== 0;
  }
  set #noDelay(on: boolean) {
    this.#flags = on ? this.#flags | NO_DELAY : this.#flags & ~NO_DELAY;
  }
  get #keepAlive(): boolean {
    return (this.#flags & KEEP_ALIVE) !== 0;
  }
  set #keepAlive(on: boolean) {
    this.#flags = on ? this.#flags | KEEP_ALIVE : this.#flags & ~KEEP_ALIVE;
  }

  constructor(
    socket: StreamSocket,
    protocol: IProtocol,
    options: StreamTransportOptions,
  ) {
    this.#socket = socket;
    this.protocol = protocol;
    this.#options = options;
    this.highWaterMark = options.highWaterMark ?? 65536;
  }

  /** Bytes written and not yet taken by the socket. */
  get bufferedAmount(): number {
    return this.#queued;
  }

  /** @internal The socket under it, for the socket transports built on it. */
  get _socket(): StreamSocket {
    return this.#socket;
  }

  /** Connects the protocol (`makeConnection`); a throw closes the connection. */
  start(): void {
    this.connected = true;
    try {
      const returned = this.protocol.makeConnection(this) as unknown;
      if (returned !== undefined) this.#follow(returned, "connectionMade");
    } catch (e) {
      this.#protocolFailed(e, "connectionMade");
    }
  }

  // ---- host side -------------------------------------------------------

  /** Input from the socket. */
  receive(data: Uint8Array): void {
    this.#receive(data, true);
  }

  /**
   * Delivers `data`. From the host (`fromHost`), what the protocol writes
   * meanwhile is flushed as soon as `dataReceived` returns, rather than
   * in a microtask: Twisted writes after the read too, all the writes of
   * the call still go out joined, an `abortConnection` in the call still
   * drops them, and on Bun the write then happens inside the socket's
   * event, where it is corked (a microtask per read cost ~0.6 µs of CPU
   * per echo round trip). Held data delivered by `resumeProducing` (a
   * call from the protocol) keeps the microtask.
   */
  #receive(data: Uint8Array, fromHost: boolean): void {
    if (!this.connected || this.#aborting) return;
    if (this.#readPaused || this.disconnecting) {
      if (!this.disconnecting) {
        if (this.#held === NONE) this.#held = [];
        this.#held.push(data);
      }
      return;
    }
    const outer = fromHost && (this.#flags & RECEIVING) === 0;
    if (outer) this.#flags |= RECEIVING;
    try {
      const returned = this.protocol.dataReceived(data) as unknown;
      if (returned !== undefined) this.#follow(returned, "dataReceived");
    } catch (e) {
      this.#protocolFailed(e, "dataReceived");
    }
    if (outer) {
      const flush = (this.#flags & FLUSH_AFTER_RECEIVE) !== 0;
      this.#flags &= ~(RECEIVING | FLUSH_AFTER_RECEIVE);
      if (flush) this.#flush();
    }
  }

  /**
   * The socket can take more bytes. Heeded only after it took less than
   * offered: Bun also says so unasked, and a pull producer that wrote
   * nothing must not be asked again for it (Twisted asks it no more).
   */
  writable(): void {
    if (!this.#blocked) return;
    this.#blocked = false;
    this.#flush();
  }

  /**
   * Whether a peer's end of input is a half-close the protocol may hear
   * of (`readConnectionLost`): yes, but over TLS (see `SocketTransport`).
   */
  protected _halfCloses(): boolean {
    return true;
  }

  /** The peer half-closed (end of input). */
  readEnded(): void {
    if (!this.connected || this.#readEnded) return;
    this.#readEnded = true;
    const p = this.protocol;
    if (typeof p.readConnectionLost === "function" && this._halfCloses()) {
      try {
        const returned = p.readConnectionLost() as unknown;
        if (returned !== undefined) {
          this.#follow(returned, "readConnectionLost");
        }
      } catch (e) {
        this.#protocolFailed(e, "readConnectionLost");
        return;
      }
      // both halves closed: done (Bun would report the close by itself,
      // Deno would not)
      if (this.#writeDisconnected && this.connected) {
        this.#finish(
          new Failure((this.#options.doneReason ?? connectionDoneReason)()),
          false,
        );
      }
      return;
    }
    this.#closeAfterFlush();
  }

  /**
   * The socket closed: cleanly (`error` undefined: `ConnectionDone`) or
   * not (`ConnectionLost`, or `error` itself if it is one of those two).
   */
  closed(error?: unknown): void {
    if (!this.connected) return;
    const reason = error === undefined
      ? new Failure((this.#options.doneReason ?? connectionDoneReason)())
      : new Failure(
        error instanceof ConnectionLost || error instanceof ConnectionDone
          ? error
          : connectionLostReason(),
      );
    this.#finish(reason, false);
  }

  // ---- ITransport --------------------------------------------------------

  /** Queues `data` for sending (see the module doc). */
  write(data: Uint8Array | string): void {
    const bytes = toBytes("transport.write: data", data);
    if (!this.#mayWrite("write")) return;
    if (bytes.length === 0) return;
    if (this.#queue === NONE) this.#queue = [];
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    this.#maybePauseProducer();
    this.#scheduleFlush();
  }

  /**
   * Queues the items of `data` (no copy, as `write`); the flush joins them
   * into one socket write, as it joins every small write.
   */
  writeSequence(data: Iterable<Uint8Array | string>): void {
    if (
      data === null || typeof data !== "object" ||
      typeof (data as Iterable<unknown>)[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(
        `transport.writeSequence: data must be an iterable of Uint8Array or string, got ${
          describeValue(data)
        }`,
      );
    }
    const parts: Uint8Array[] = [];
    let i = 0;
    for (const item of data) {
      parts.push(toBytes(`transport.writeSequence: data[${i++}]`, item));
    }
    if (!this.#mayWrite("writeSequence")) return;
    let added = 0;
    for (const part of parts) {
      if (part.length === 0) continue;
      if (this.#queue === NONE) this.#queue = [];
      this.#queue.push(part);
      added += part.length;
    }
    if (added === 0) return;
    this.#queued += added;
    this.#maybePauseProducer();
    this.#scheduleFlush();
  }

  /** Closes once everything queued is sent. */
  loseConnection(): void {
    if (!this.connected || this.disconnecting) return;
    if (this.#writeDisconnected) {
      // Twisted's FileDescriptor.loseConnection: CONNECTION_DONE itself,
      // on every transport (doWrite, which maps reasons, is not involved)
      this.#finish(new Failure(connectionDoneReason()), false);
      return;
    }
    this.disconnecting = true;
    this.#held = NONE;
    this.#socket.pauseReading();
    this.#scheduleFlush();
  }

  /** Closes at once, dropping what is queued (`ConnectionAborted`). */
  abortConnection(): void {
    if (!this.connected || this.#aborting) return;
    this.#aborting = true;
    this.disconnecting = true;
    this.#queue = NONE;
    this.#queued = 0;
    this.#held = NONE;
    this.#socket.abort();
    this.#options.callSoon(() =>
      this.#finish(new Failure(new ConnectionAborted()), true)
    );
  }

  /** Half-closes once everything queued is sent. */
  loseWriteConnection(): void {
    if (!this.connected || this.#writeDisconnecting) return;
    this.#writeDisconnecting = true;
    this.#scheduleFlush();
  }

  /** The peer's address. */
  getPeer(): IAddress {
    return this.#options.peer;
  }

  /** This side's address. */
  getHost(): IAddress {
    return this.#options.host;
  }

  /** Whether Nagle's algorithm is off. */
  getTcpNoDelay(): boolean {
    return this.#noDelay;
  }

  /** Turns Nagle's algorithm off (`true`) or on. */
  setTcpNoDelay(enabled: boolean): void {
    this.#noDelay = Boolean(enabled);
    this.#socket.setNoDelay(this.#noDelay);
  }

  /** Whether keep-alive probes are on. */
  getTcpKeepAlive(): boolean {
    return this.#keepAlive;
  }

  /** Turns keep-alive probes on or off. */
  setTcpKeepAlive(enabled: boolean): void {
    this.#keepAlive = Boolean(enabled);
    this.#socket.setKeepAlive(this.#keepAlive);
  }

  // ---- IConsumer ---------------------------------------------------------

  /** Attaches a producer (Twisted's `_ConsumerMixin.registerProducer`). */
  registerProducer(
    producer: IPushProducer | IPullProducer,
    streaming: boolean,
  ): void {
    if (producer === null || typeof producer !== "object") {
      throw new TypeError(
        `transport.registerProducer: producer must be an object, got ${
          describeValue(producer)
        }`,
      );
    }
    if (this.producer !== undefined) {
      throw new Error(
        "transport.registerProducer: cannot register a producer while another one is registered; unregister it first",
      );
    }
    if (this.disconnected) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streamingProducer = Boolean(streaming);
    this.producerPaused = false;
    if (!streaming) producer.resumeProducing();
  }

  /** Detaches the producer; a pending `loseConnection` may now close. */
  unregisterProducer(): void {
    this.producer = undefined;
    this.producerPaused = false;
    if (this.connected && this.disconnecting) this.#scheduleFlush();
  }

  // ---- IPushProducer (the protocol asks to stop reading) -------------------

  /** Stops reading from the socket. */
  pauseProducing(): void {
    if (!this.connected) return;
    this.#readPaused = true;
    this.#socket.pauseReading();
  }

  /** Reads again (and delivers what arrived meanwhile). */
  resumeProducing(): void {
    if (!this.connected || this.disconnecting) return;
    this.#readPaused = false;
    while (this.#held.length > 0) {
      this.#receive(this.#held.shift()!, false);
      if (this.#readPaused || !this.connected) return;
    }
    this.#socket.resumeReading();
  }

  /** Twisted's `stopProducing`: `loseConnection()`. */
  stopProducing(): void {
    this.loseConnection();
  }

  // ---- inside ------------------------------------------------------------

  #mayWrite(what: string): boolean {
    if (!this.connected || this.#writeDisconnected || this.#aborting) {
      return false; // closed: dropped, as in Twisted
    }
    if (this.disconnecting && this.producer === undefined) {
      throw new Error(
        `transport.${what}: the transport is closing (loseConnection was called); nothing more may be written`,
      );
    }
    return true;
  }

  #maybePauseProducer(): void {
    const producer = this.producer;
    if (
      producer !== undefined && this.streamingProducer &&
      this.#queued > this.highWaterMark
    ) {
      this.producerPaused = true;
      (producer as IPushProducer).pauseProducing();
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#blocked) return;
    if ((this.#flags & RECEIVING) !== 0) {
      // flushed when dataReceived returns (see #receive)
      this.#flags |= FLUSH_AFTER_RECEIVE;
      return;
    }
    this.#flushScheduled = true;
    this.#options.callSoon(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  /** Twisted's `doWrite`: write what is queued, then act on an empty queue. */
  #flush(): void {
    if (!this.connected || this.#aborting || this.#blocked) return;
    const socket = this.#socket;
    while (this.#queue.length > 0) {
      let chunk = this.#queue[0]!;
      let stage: Uint8Array | undefined;
      if (this.#queue.length > 1 && chunk.length < JOIN_LIMIT) {
        // join small writes into one socket write, up to SEND_LIMIT; a big
        // write is sent alone, never copied (a producer's 64 KiB chunks
        // would otherwise cost a copy and a new array per socket write)
        let n = chunk.length, k = 1;
        while (k < this.#queue.length) {
          const next = this.#queue[k]!.length;
          if (next >= JOIN_LIMIT || n + next > SEND_LIMIT) break;
          n += next;
          k++;
        }
        if (k > 1) {
          stage = socket.stage?.(n);
          chunk = join(this.#queue, k, n, stage);
        }
      }
      let taken: number;
      try {
        taken = socket.write(chunk);
      } catch (e) {
        this.#finish(new Failure(e), true);
        return;
      }
      this.#queued -= taken;
      if (taken < chunk.length) {
        // a staged chunk is the socket's buffer: keep a copy of the rest
        this.#queue[0] = stage !== undefined
          ? chunk.slice(taken)
          : chunk.subarray(taken);
        this.#blocked = true;
        return;
      }
      this.#queue.shift();
    }
    // the queue is empty
    const producer = this.producer;
    if (
      producer !== undefined && (!this.streamingProducer || this.producerPaused)
    ) {
      this.producerPaused = false;
      try {
        producer.resumeProducing();
      } catch (e) {
        this.#protocolFailed(e, "the producer's resumeProducing");
      }
    } else if (this.disconnecting) {
      this.#finish(
        new Failure((this.#options.doneReason ?? connectionDoneReason)()),
        false,
      );
    } else if (this.#writeDisconnecting && !this.#writeDisconnected) {
      this.#writeDisconnected = true;
      socket.shutdownWrite();
      const p = this.protocol;
      if (typeof p.writeConnectionLost === "function") {
        try {
          const returned = p.writeConnectionLost() as unknown;
          if (returned !== undefined) {
            this.#follow(returned, "writeConnectionLost");
          }
        } catch (e) {
          this.#protocolFailed(e, "writeConnectionLost");
        }
      }
      if (this.#readEnded) {
        this.#finish(
          new Failure((this.#options.doneReason ?? connectionDoneReason)()),
          false,
        );
      }
    }
  }

  /** End of input without half-close support: flush, then close. */
  #closeAfterFlush(): void {
    if (this.disconnecting) return;
    this.disconnecting = true;
    this.#scheduleFlush();
  }

  /**
   * A protocol (or producer) method threw: log it, drop what is queued and
   * close the socket (an orderly close, not a reset: as in Twisted, the
   * peer sees `ConnectionDone`), with the failure as `connectionLost`'s
   * reason.
   */
  /**
   * What a protocol method returned: a promise that rejects fails the
   * connection as a throw would (`#protocolFailed`), if it is still open.
   */
  #follow(returned: unknown, where: string): void {
    whenRejected(returned, (failure) => this.#protocolFailed(failure, where));
  }

  #protocolFailed(error: unknown, where: string): void {
    const failure = new Failure(error);
    log.err(
      failure,
      `Unhandled error in ${where} of ${describeValue(this.protocol)}:`,
    );
    if (!this.connected) return;
    this.#queue = NONE;
    this.#queued = 0;
    this.disconnecting = true;
    this.#finish(failure, false);
  }

  /** The connection is over: tell the producer, the protocol, the host. */
  #finish(reason: Failure, aborted: boolean): void {
    if (!this.connected) return;
    this.connected = false;
    this.disconnected = true;
    this.#queue = NONE;
    this.#queued = 0;
    this.#held = NONE;
    if (!aborted) this.#socket.close();
    const producer = this.producer;
    this.producer = undefined;
    if (producer !== undefined) {
      try {
        producer.stopProducing();
      } catch (e) {
        log.err(e, "Unhandled error in a producer's stopProducing:");
      }
    }
    const lost = (e: unknown) =>
      log.err(
        e,
        `Unhandled error in connectionLost of ${describeValue(this.protocol)}:`,
      );
    try {
      const returned = this.protocol.connectionLost(reason) as unknown;
      if (returned !== undefined) whenRejected(returned, lost);
    } catch (e) {
      lost(e);
    }
    this.#options.onConnectionLost?.(reason, this);
  }
}

/**
 * Replaces the first `k` chunks of `queue` (`n` bytes) with one: a view of
 * `stage` (the socket's buffer) if given, else a new array.
 */
function join(
  queue: Uint8Array[],
  k: number,
  n: number,
  stage: Uint8Array | undefined,
): Uint8Array {
  let chunk: Uint8Array;
  if (stage === undefined) {
    chunk = concatChunks(queue.slice(0, k));
  } else {
    let at = 0;
    for (let i = 0; i < k; i++) {
      stage.set(queue[i]!, at);
      at += queue[i]!.length;
    }
    chunk = stage.subarray(0, n);
  }
  queue.splice(0, k, chunk);
  return chunk;
}
