/**
 * Everything `net/` asks of the host's sockets: listening, connecting,
 * reading, writing, half-closing, TLS, and the few file operations UNIX
 * sockets and PEM files need. No other file of `net/` touches `Deno`,
 * `Bun` or `process`; the rest of the layer sees only the small
 * {@linkcode HostSocket} / {@linkcode HostListener} shapes below, and the
 * transport logic above them is `StreamTransport`, shared with the
 * in-memory pump.
 *
 * Which API, and why. `bench/net_bench.ts` measures the runtime's own
 * server against `node:net` on the same runtime (a separate Bun process
 * as the load; interleaved rounds, medians of 5, on the shared 2-core
 * machine):
 *
 * | per operation                        | Deno native | Deno node:net | Bun native | Bun node:net |
 * |--------------------------------------|-------------|---------------|------------|--------------|
 * | echo round trip, 64 × 64 B clients   | 15.3 µs     | 16.5 µs       | 12.7 µs    | 14.5 µs      |
 * | server CPU per echo round trip       | 8.2 µs      | 9.6 µs        | 6.4 µs     | 8.3 µs       |
 * | 1 GiB through one connection, /MiB   | 566 µs      | 608 µs        | 543 µs     | 603 µs       |
 * | accepting 10,000 connections, each   | 470 µs      | 212 µs        | 44 µs      | 51 µs        |
 * | RSS per idle connection (10,000)     | 10.1 KB     | 4.7 KB        | 1.7 KB     | 3.4 KB       |
 *
 * Serving is what a server spends its time on, and there the native APIs
 * win on both runtimes (echo 8-14%, bulk 7-11%, CPU 17-30%); so they
 * serve, and accept. `node:net` on Deno holds an idle connection in less
 * memory (it polls for readability instead of keeping a read pending with
 * a buffer) and accepted faster in these runs, which is not enough to give
 * up the serving path. `node:net` is used in one place, on Bun, where it
 * does something `Bun.connect` cannot: a connect attempt that can be
 * aborted (see `bunNodeConnect`; the native socket then takes over).
 *
 * - Bun: `Bun.listen`; outgoing connections through Bun's `node:net`/
 *   `node:tls`, then the native socket under it. One handler set serves
 *   every socket of a server (it is Twisted's Factory/Protocol shape
 *   already); `write` is unbuffered and returns what the kernel took,
 *   `drain` says when it can take more — exactly `StreamSocket`'s
 *   contract, so nothing buffers twice; `pause()`/`resume()` stop and
 *   restart reading from the kernel (input arriving while paused pauses
 *   again: the `node:net` stream a client's socket came from resumes it
 *   once after connecting); `allowHalfOpen` gives half-close;
 *   `upgradeTLS` gives `startTLS` on both sides.
 * - Deno: `Deno.listen`/`Deno.connect`/`Deno.listenTls`/`Deno.startTls`.
 *   Each connection runs one read loop into one reused buffer (4 KiB,
 *   growing to 256 KiB while reads fill it; the bytes read are copied
 *   out, so a protocol may keep them); a paused transport simply issues
 *   no read, so the kernel's window closes on the peer. One write is in
 *   flight at a time: the transport's queue holds the rest and joins it
 *   into the next write — small writes into the connection's stage (up to
 *   `DENO_STAGE_MAX`, made on first use), a buffer reused once the write in
 *   flight is done, since a new small array costs Deno more than the
 *   write. Bun's sockets share one stage: Bun's `write` keeps nothing.
 *
 * What the native APIs cannot do, said where it is refused:
 * `connectTCP`'s `bindAddress` (neither `Deno.connect` nor `Bun.connect`
 * binds the local end), server-side `startTLS` on Deno (`Deno.startTls`
 * is client-only) and `startTLS` on Deno while a read is pending
 * (`Deno.startTls` needs the connection idle: call it from `connectionMade`
 * or `dataReceived`, as STARTTLS protocols do). `abortConnection` on Deno
 * closes rather than resets (no `SO_LINGER`).
 *
 * Permissions on Deno: `--allow-net` for TCP and TLS; UNIX sockets also
 * need `--allow-read` and `--allow-write` (the socket file is created,
 * checked, chmod-ed and removed).
 *
 * @module
 */
import type { StreamSocket } from "./_stream_transport.ts";
import { isIPv4Address, isIPv6Address } from "./_ip.ts";

// ---- the shapes the rest of net/ uses ----------------------------------------

/** Where a socket is: a TCP host and port, or a UNIX socket path. */
export type HostAddress =
  | {
    readonly transport: "tcp";
    readonly hostname: string;
    readonly port: number;
  }
  | { readonly transport: "unix"; readonly path: string | null };

/** What a {@linkcode HostSocket} reports (a `StreamTransport` has these). */
export interface SocketSink {
  /** Bytes arrived (the array is the sink's to keep). */
  receive(data: Uint8Array): void;
  /** The socket can take more bytes after taking less than offered. */
  writable(): void;
  /** The peer half-closed: no more input. */
  readEnded(): void;
  /** The socket closed; `error` says why when it was not clean. */
  closed(error?: unknown): void;
}

/** TLS for one side of a connection. */
export type TLSSide =
  | {
    readonly isServer: true;
    readonly certificate: string;
    readonly privateKey: string;
  }
  | {
    readonly isServer: false;
    readonly hostname: string;
    readonly caCerts?: readonly string[];
  };

/** One connected socket, as the host gives it. */
export interface HostSocket extends StreamSocket {
  /** This side's address (made when asked for). */
  readonly local: HostAddress;
  /** The peer's address (made when asked for). */
  readonly remote: HostAddress;
  /** Starts delivering events to `sink` (call once, right away). */
  attach(sink: SocketSink): void;
  /**
   * Starts TLS after the next `clearBytes` bytes offered to `write` (what
   * the transport had queued when `startTLS` was called): `write` takes
   * those in the clear, then the socket switches and says `writable()`
   * once it takes bytes again, now encrypted. Throws, changing nothing, if
   * TLS cannot start on this socket now; a switch that fails closes the
   * socket (`closed(error)`).
   */
  startTLS(side: TLSSide, clearBytes: number): void;
}

/** A listening socket. */
export interface HostListener {
  /** The address it listens on (the port a port 0 got). */
  readonly address: HostAddress;
  /**
   * Stops listening (connections already accepted stay open); resolves
   * once the host has released the socket (a connect then is refused).
   */
  close(): Promise<void>;
}

/** What to listen on. */
export type ListenRequest =
  & (
    | { transport: "tcp"; hostname: string; port: number }
    | { transport: "unix"; path: string }
  )
  & {
    backlog: number;
    tls?: { certificate: string; privateKey: string };
  };

/** What to connect to. */
export type ConnectRequest =
  & (
    | { transport: "tcp"; hostname: string; port: number }
    | { transport: "unix"; path: string }
  )
  & { tls?: { hostname: string; caCerts?: readonly string[] } };

/** How a connect attempt ends. */
export interface ConnectCallbacks {
  /** Connected: attach a sink to `socket` right away (or close it). */
  connected(socket: HostSocket): void;
  /** The attempt failed with the host's `error`. */
  failed(error: unknown): void;
}

// ---- host detection -------------------------------------------------------

/* Minimal structural types of the host APIs used (no ambient types needed). */

interface DenoAddr {
  transport: string;
  hostname?: string;
  port?: number;
  path?: string | null;
}
interface DenoConn {
  readonly localAddr: DenoAddr;
  readonly remoteAddr: DenoAddr;
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  closeWrite(): Promise<void>;
  setNoDelay?(enabled?: boolean): void;
  setKeepAlive?(enabled?: boolean): void;
  handshake?(): Promise<unknown>;
}
interface DenoListener {
  readonly addr: DenoAddr;
  accept(): Promise<DenoConn>;
  close(): void;
}
interface DenoHost {
  listen(options: Record<string, unknown>): DenoListener;
  listenTls(options: Record<string, unknown>): DenoListener;
  connect(options: Record<string, unknown>): Promise<DenoConn>;
  startTls(
    conn: DenoConn,
    options: Record<string, unknown>,
  ): Promise<DenoConn>;
  lstatSync(path: string): { isSymlink: boolean; isFile: boolean };
  removeSync(path: string): void;
  chmodSync(path: string, mode: number): void;
  symlinkSync(target: string, path: string): void;
  readLinkSync(path: string): string;
  readDirSync(path: string): Iterable<{ name: string; isFile: boolean }>;
  readTextFileSync(path: string): string;
  pid: number;
  build: { os: string };
}

interface BunRawSocket {
  data: BunSocket | undefined;
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly authorized?: boolean;
  getAuthorizationError?(): unknown;
  write(data: Uint8Array): number;
  end(): void;
  shutdown(halfClose?: boolean): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay(enabled?: boolean): boolean;
  setKeepAlive(enabled?: boolean, initialDelay?: number): boolean;
  upgradeTLS(options: Record<string, unknown>): [BunRawSocket, BunRawSocket];
}
interface BunListener {
  readonly hostname?: string;
  readonly port?: number;
  stop(closeActiveConnections?: boolean): void;
}
interface BunHost {
  listen(options: Record<string, unknown>): BunListener;
  connect(options: Record<string, unknown>): Promise<BunRawSocket>;
}
interface NodeFs {
  lstatSync(path: string): { isSocket(): boolean };
  unlinkSync(path: string): void;
  chmodSync(path: string, mode: number): void;
  symlinkSync(target: string, path: string): void;
  readlinkSync(path: string): string;
  readdirSync(path: string): string[];
  readFileSync(path: string, encoding: "utf8"): string;
}

const G = globalThis as unknown as {
  Deno?: Partial<DenoHost>;
  Bun?: Partial<BunHost>;
  process?: {
    getBuiltinModule?: (name: string) => unknown;
    kill?: (pid: number, signal: number) => void;
    pid?: number;
  };
};

function denoHost(): DenoHost | undefined {
  const d = G.Deno;
  return typeof d?.listen === "function" && typeof d.connect === "function"
    ? d as DenoHost
    : undefined;
}

function bunHost(): BunHost | undefined {
  const b = G.Bun;
  return typeof b?.listen === "function" && typeof b.connect === "function"
    ? b as BunHost
    : undefined;
}

function noSockets(what: string): Error {
  return new Error(
    `${what}: this runtime has no socket API twisted-ts knows (it uses Deno.listen/Deno.connect or Bun.listen/Bun.connect)`,
  );
}

/** The name of the runtime whose sockets are used. */
export function runtimeName(): "deno" | "bun" | "none" {
  return bunHost() ? "bun" : denoHost() ? "deno" : "none";
}

/** How `LineReceiver` hands out lines and searches on this engine. */
export interface LineCosts {
  /** Lines up to this many bytes are copied into a fresh array (-1: never). */
  readonly copyMax: number;
  /** Longer lines are views made by `subarray` (else by the constructor). */
  readonly viewBySubarray: boolean;
  /** Words searched four bytes at a time before `indexOf` takes over. */
  readonly maxScanWords: number;
  /**
   * Chunks shorter than this are searched byte by byte, and where copies
   * pay (`copyMax` ≥ 0) their lines are all copied: neither reads the
   * chunk's `buffer`.
   */
  readonly smallChunk: number;
}

/**
 * The engine's costs, measured (per line, 1M lines in 64 KiB chunks, CPU
 * time; the floor rows of `bench/net_parse_bench.ts` and `_words_of.ts`):
 * JavaScriptCore (Bun) makes a small fresh array in ~10 ns but a view of
 * an existing buffer in 35-40 ns by `subarray`, 45-50 ns by the
 * constructor, and its `indexOf` is vectorised (1 KiB in ~50 ns); V8
 * (Deno, and any other host) makes a view in ~15 ns by the constructor,
 * ~23 ns by `subarray`, a fresh array in 200-300 ns (its small arrays are
 * not on the heap), and its `indexOf` costs ~25 ns a call plus ~0.3 ns a
 * byte, more than the word search at any length. Copies of up to 32
 * bytes pay on Bun (a 62-byte copy no longer does). And the first view of
 * a small array Bun made (the chunks its sockets deliver), or the first
 * read of its `buffer`, costs 0.3-1 µs (JavaScriptCore moves the bytes
 * out of its heap): a LineReceiver echoing 64-byte messages spent 7.5%
 * of its CPU there; so on Bun a chunk under 1 KiB is read byte by byte
 * and its lines copied.
 */
export const lineCosts: LineCosts = bunHost()
  ? { copyMax: 32, viewBySubarray: true, maxScanWords: 32, smallChunk: 1024 }
  : {
    copyMax: -1,
    viewBySubarray: false,
    maxScanWords: 1 << 30,
    smallChunk: 64,
  };

// ---- errors ----------------------------------------------------------------

/** A TLS handshake failed (an untrusted or mismatched certificate…). */
export class TLSHandshakeError extends Error {
  /** The error's name. */
  override readonly name: string = "TLSHandshakeError";
  /** The host's reason (an error, or a verification code). */
  readonly reason: unknown;

  /** The error for `reason`. */
  constructor(reason: unknown) {
    const text = reason instanceof Error
      ? reason.message
      : (reason as { code?: string } | null)?.code ?? String(reason);
    super(`TLS handshake failed: ${text}${hintFor(text)}`);
    this.reason = reason;
  }
}

/** What to do about a handshake failure whose cause is not plain. */
function hintFor(text: string): string {
  return /CaUsedAsEndEntity/.test(text)
    ? " (Deno refuses a CA certificate, basicConstraints CA:TRUE, as the server's own: give the server a certificate made with CA:FALSE, or one signed by that CA)"
    : "";
}

/**
 * The POSIX name of a host error (`"ECONNREFUSED"`, `"EADDRINUSE"`,
 * `"ENOTFOUND"`, …), or `undefined` when it has none. Deno's errors carry
 * `code` for OS errors, and its name lookup failures say so in the message.
 */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code !== "") return code;
  const name = (error as { name?: unknown }).name;
  const message = String((error as { message?: unknown }).message ?? "");
  if (
    /failed to lookup address|ENOTFOUND|Name or service not known/i.test(
      message,
    )
  ) {
    return "ENOTFOUND";
  }
  switch (name) {
    case "ConnectionRefused":
      return "ECONNREFUSED";
    case "ConnectionReset":
      return "ECONNRESET";
    case "ConnectionAborted":
      return "ECONNABORTED";
    case "NotConnected":
      return "ENOTCONN";
    case "AddrInUse":
      return "EADDRINUSE";
    case "AddrNotAvailable":
      return "EADDRNOTAVAIL";
    case "TimedOut":
      return "ETIMEDOUT";
    case "BrokenPipe":
      return "EPIPE";
    case "NotFound":
      return "ENOENT";
    case "AlreadyExists":
      return "EEXIST";
    case "PermissionDenied":
    case "NotCapable":
      return "EACCES";
  }
  return undefined;
}

// ---- Deno ------------------------------------------------------------------

/**
 * The read buffer of a Deno connection starts at this size and quadruples
 * each time a read fills it, up to {@linkcode DENO_READ_MAX}; a small read
 * (less than the start size) brings it back. An idle connection holds
 * only the small one (its pending read needs a buffer), a busy one reads
 * up to 256 KiB per call.
 */
export const DENO_READ_START = 4096;
/** The largest read buffer of a Deno connection. */
export const DENO_READ_MAX = 262144;
/**
 * The largest write stage of a Deno connection (`StreamSocket.stage`):
 * small writes joined by the transport are copied into it; bigger joins
 * get a new array, whose cost is then small beside the bytes. Each busy
 * connection keeps its stage, so it stays small: 10,000 connections hold
 * at most 10 MiB of stages (an idle one holds none).
 */
export const DENO_STAGE_MAX = 1024;
/** The largest write stage of Bun's (one for all its sockets). */
export const BUN_STAGE_MAX = 16384;

/** A stage's length for `size` bytes: a power of two, at least 256. */
function stageLength(size: number): number {
  let length = 256;
  while (length < size) length *= 2;
  return length;
}

function denoAddress(a: DenoAddr): HostAddress {
  if (a.transport === "unix" || a.transport === "unixpacket") {
    return { transport: "unix", path: a.path || null };
  }
  return { transport: "tcp", hostname: a.hostname ?? "", port: a.port ?? 0 };
}

/**
 * A Deno connection behind the `HostSocket` shape (see the module doc).
 * Exported for the tests, which give it a fake connection.
 */
export class DenoSocket implements HostSocket {
  #deno: DenoHost;
  #conn: DenoConn;
  #sink: SocketSink | undefined = undefined;
  /** closed (by us or by an error): no more events */
  #closed = false;
  #reading = false;
  #readPaused = false;
  #tlsHold = false;
  #wake: (() => void) | undefined = undefined;
  #writing = false;
  /** the buffer small joined writes are copied into (made when needed) */
  #stage: Uint8Array | undefined = undefined;
  #wantWritable = false;
  /** what to do once the write in flight is done */
  #after: "none" | "shutdown" | "close" = "none";
  /** while TLS is starting: its side, and the clear bytes still to take */
  #tls: { side: TLSSide; clear: number } | undefined = undefined;

  constructor(deno: DenoHost, conn: DenoConn) {
    this.#deno = deno;
    this.#conn = conn;
  }

  get local(): HostAddress {
    return denoAddress(this.#conn.localAddr);
  }

  get remote(): HostAddress {
    return denoAddress(this.#conn.remoteAddr);
  }

  attach(sink: SocketSink): void {
    this.#sink = sink;
    void this.#readLoop();
  }

  async #readLoop(): Promise<void> {
    let buf = new Uint8Array(DENO_READ_START);
    while (!this.#closed) {
      if (this.#readPaused || this.#tlsHold) {
        await new Promise<void>((resolve) => this.#wake = resolve);
        this.#wake = undefined;
        continue;
      }
      let n: number | null;
      this.#reading = true;
      try {
        n = await this.#conn.read(buf);
      } catch (e) {
        this.#reading = false;
        this.#fail(e);
        return;
      }
      this.#reading = false;
      if (this.#closed) return;
      if (n === null) {
        this.#sink!.readEnded();
        return;
      }
      const data = buf.slice(0, n);
      if (n === buf.length && n < DENO_READ_MAX) {
        buf = new Uint8Array(n * 4);
      } else if (n < DENO_READ_START && buf.length > DENO_READ_START) {
        buf = new Uint8Array(DENO_READ_START);
      }
      this.#sink!.receive(data);
    }
  }

  #wakeReader(): void {
    const wake = this.#wake;
    if (wake !== undefined) {
      this.#wake = undefined;
      wake();
    }
  }

  write(data: Uint8Array): number {
    if (this.#closed || this.#after !== "none") return data.length;
    if (this.#writing) {
      this.#wantWritable = true;
      return 0;
    }
    let n = data.length;
    const tls = this.#tls;
    if (tls !== undefined) {
      // the clear bytes before the switch, then nothing until it is done
      n = Math.min(n, tls.clear);
      tls.clear -= n;
      if (n < data.length) this.#wantWritable = true;
      if (n === 0) return 0;
      data = data.subarray(0, n);
    }
    this.#writing = true;
    void this.#writeAll(data);
    return n;
  }

  /**
   * The stage for a joined write of `size` bytes, while no write is in
   * flight (the one in flight may be reading it). On Deno a new 64-byte
   * array costs about 300 ns, copying 64 bytes a few: joining
   * `LineReceiver.sendLine`'s line and delimiter here rather than into a
   * new array took about 150 ns off each echo in-process, and 3-4% off
   * the LineReceiver echo server's CPU time per round trip (24 alternating
   * rounds of the `bench/net_bench.ts` echo).
   */
  stage(size: number): Uint8Array | undefined {
    if (this.#writing || this.#closed || size > DENO_STAGE_MAX) {
      return undefined;
    }
    let stage = this.#stage;
    if (stage === undefined || stage.length < size) {
      stage = this.#stage = new Uint8Array(stageLength(size));
    }
    return stage;
  }

  async #writeAll(data: Uint8Array): Promise<void> {
    try {
      let at = 0;
      while (at < data.length) {
        at += await this.#conn.write(at === 0 ? data : data.subarray(at));
      }
    } catch (e) {
      this.#writing = false;
      this.#fail(e);
      return;
    }
    this.#writing = false;
    this.#afterWrite();
  }

  /** The write in flight is done: do what waited for it. */
  #afterWrite(): void {
    if (this.#closed) return;
    if (this.#after === "close") {
      this.#closeNow();
      return;
    }
    if (this.#after === "shutdown") {
      this.#after = "none";
      this.#conn.closeWrite().catch(() => {
        // the peer is gone: the read side reports it
      });
      return;
    }
    if (this.#tls?.clear === 0) {
      void this.#switchToTLS();
      return;
    }
    if (this.#wantWritable) {
      this.#wantWritable = false;
      this.#sink?.writable();
    }
  }

  pauseReading(): void {
    this.#readPaused = true;
  }

  resumeReading(): void {
    this.#readPaused = false;
    this.#wakeReader();
  }

  shutdownWrite(): void {
    if (this.#closed) return;
    if (this.#writing) this.#after = "shutdown";
    else {
      this.#conn.closeWrite().catch(() => {
        // the peer is gone: the read side reports it
      });
    }
  }

  close(): void {
    if (this.#closed) return;
    if (this.#writing) this.#after = "close";
    else this.#closeNow();
  }

  abort(): void {
    this.#closeNow();
  }

  #closeNow(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed by the host
    }
    this.#wakeReader();
  }

  /** A read or write failed: close and report (once). */
  #fail(error: unknown): void {
    if (this.#closed) return;
    this.#closeNow();
    this.#sink?.closed(error);
  }

  setNoDelay(enabled: boolean): void {
    if (!this.#closed) this.#conn.setNoDelay?.(enabled);
  }

  setKeepAlive(enabled: boolean): void {
    if (!this.#closed) this.#conn.setKeepAlive?.(enabled);
  }

  startTLS(side: TLSSide, clearBytes: number): void {
    if (side.isServer) {
      throw new Error(
        "transport.startTLS: Deno cannot start TLS as the server side of an open connection (Deno.startTls is client-only); listen with listenSSL instead",
      );
    }
    if (this.remote.transport !== "tcp") {
      throw new Error(
        "transport.startTLS: Deno starts TLS on TCP connections only",
      );
    }
    if (this.#reading) {
      throw new Error(
        "transport.startTLS: on Deno, TLS can start only while no read is pending — call it from connectionMade or dataReceived (as STARTTLS protocols do), or after pauseProducing()",
      );
    }
    this.#tlsHold = true; // no read until the switch
    this.#tls = { side, clear: clearBytes };
    if (clearBytes === 0 && !this.#writing) void this.#switchToTLS();
  }

  async #switchToTLS(): Promise<void> {
    const side = this.#tls!.side as Extract<TLSSide, { isServer: false }>;
    try {
      const options: Record<string, unknown> = { hostname: side.hostname };
      if (side.caCerts !== undefined) options.caCerts = [...side.caCerts];
      this.#conn = await this.#deno.startTls(this.#conn, options);
    } catch (e) {
      this.#tls = undefined;
      this.#fail(e);
      return;
    }
    this.#tls = undefined;
    this.#tlsHold = false;
    this.#wakeReader();
    if (this.#wantWritable) {
      this.#wantWritable = false;
      this.#sink?.writable();
    }
  }
}

/**
 * Accept failures that only mean the peer went away (reset or closed)
 * between the kernel's handshake and the accept: that connection is gone,
 * the listener is fine, so accepting goes on at once. (Deno reports a
 * peer that reset while queued as `NotConnected`.)
 */
const PEER_GONE = new Set(["ENOTCONN", "ECONNABORTED", "ECONNRESET"]);

/**
 * How long a TLS client may take over its handshake before it is dropped:
 * until then it has no protocol (see the README), so nothing of the
 * program's, such as a `TimeoutMixin`, could bound it.
 */
export const TLS_HANDSHAKE_TIMEOUT_MS = 30_000;

/** After an accept failure (not a peer gone): the first wait, and the longest. */
const ACCEPT_RETRY_MS = 10, ACCEPT_RETRY_MAX_MS = 1000;

/**
 * Calls `fn` once after `ms` milliseconds, without keeping the process
 * alive for it; returns a function that cancels it.
 */
function backgroundTimeout(fn: () => void, ms: number): () => void {
  const id = setTimeout(fn, ms) as unknown;
  try {
    const deno = G.Deno as { unrefTimer?: (id: number) => void } | undefined;
    if (typeof deno?.unrefTimer === "function") deno.unrefTimer(id as number);
    else (id as { unref?: () => void }).unref?.();
  } catch {
    // cannot be unreferenced here: it holds the process for `ms`
  }
  return () => clearTimeout(id as number);
}

/**
 * A server's TLS connections still in their handshake: not the port's yet,
 * so the listener bounds them itself. Each is closed (with `close`) once
 * `timeoutMs` pass, or by `dropAll` when the listener closes; `take` ends
 * the wait when the handshake is over, and says whether it was still on
 * (false: already dropped).
 */
function handshakeWaits<S>(timeoutMs: number, close: (socket: S) => void) {
  const waiting = new Map<S, () => void>();
  const take = (socket: S): boolean => {
    const stopTimer = waiting.get(socket);
    if (stopTimer === undefined) return false;
    waiting.delete(socket);
    stopTimer();
    return true;
  };
  /** Closes `socket` (quietly if it is closed already), waiting or not. */
  const drop = (socket: S) => {
    take(socket);
    try {
      close(socket);
    } catch {
      // already closed
    }
  };
  return {
    add(socket: S): void {
      waiting.set(socket, backgroundTimeout(() => drop(socket), timeoutMs));
    },
    take,
    drop,
    dropAll(): void {
      for (const socket of [...waiting.keys()]) drop(socket);
    },
  };
}

/**
 * An accept failure as an error whose stack is its first line: the accept
 * loop's frames tell nobody anything, and formatting them can bring a Deno
 * process down while it is out of file descriptors (Deno 2.9 then loads
 * this file's source map, cannot open it, and panics).
 */
function acceptFailure(error: unknown): Error {
  let name = "Error", message: string;
  let code: unknown;
  try {
    const e = error as { name?: unknown; message?: unknown; code?: unknown };
    if (typeof e.name === "string") name = e.name;
    message = typeof e.message === "string" ? e.message : String(error);
    code = e.code;
  } catch {
    message = "an unprintable error";
  }
  const plain = new Error(message);
  Object.defineProperty(plain, "name", { value: name, configurable: true });
  Object.defineProperty(plain, "stack", {
    value: `${name}: ${message}`,
    configurable: true,
    writable: true,
  });
  if (typeof code === "string") Object.assign(plain, { code });
  return plain;
}

/**
 * @internal Deno's accept loop: `onAccept` gets each connection;
 * `onAcceptError` each failure the listener survives, with `peerGone` true
 * when only that connection was lost (accepting goes straight on) and
 * false for the rest (too many open files: accepting resumes after
 * `retryMs`, 10 ms at first, doubling while the failures go on, up to 1 s).
 * A TLS connection is handed over once its handshake succeeded; one still
 * in it after {@linkcode TLS_HANDSHAKE_TIMEOUT_MS}, or when the listener
 * closes, is dropped. Exported for its tests.
 */
export function denoListen(
  deno: DenoHost,
  request: ListenRequest,
  onAccept: (socket: HostSocket) => void,
  onAcceptError: (error: unknown, peerGone: boolean, retryMs?: number) => void,
  handshakeTimeoutMs: number = TLS_HANDSHAKE_TIMEOUT_MS,
): HostListener {
  let listener: DenoListener;
  if (request.transport === "unix") {
    listener = deno.listen({ transport: "unix", path: request.path });
  } else {
    const options: Record<string, unknown> = {
      hostname: request.hostname,
      port: request.port,
      tcpBacklog: request.backlog,
    };
    if (request.tls !== undefined) {
      options.cert = request.tls.certificate;
      options.key = request.tls.privateKey;
      listener = deno.listenTls(options);
    } else listener = deno.listen(options);
  }
  let open = true;
  const handshaking = handshakeWaits<DenoConn>(
    handshakeTimeoutMs,
    (conn) => conn.close(),
  );
  // what the port does with a connection must not end the accept loop
  const accept = (conn: DenoConn) => {
    try {
      onAccept(new DenoSocket(deno, conn));
    } catch (e) {
      try {
        conn.close();
      } catch {
        // already closed
      }
      onAcceptError(e, false);
    }
  };
  const loop = (async () => {
    let retryMs = ACCEPT_RETRY_MS;
    while (open) {
      let conn: DenoConn;
      try {
        conn = await listener.accept();
      } catch (e) {
        if (!open) return;
        const name = (e as { name?: string } | null)?.name;
        if (name === "BadResource" || name === "Interrupted") return;
        if (PEER_GONE.has(errorCode(e) ?? "")) {
          onAcceptError(e, true);
          continue;
        }
        // EMFILE and friends: report, and keep accepting (as Twisted
        // does), less often while it goes on
        onAcceptError(acceptFailure(e), false, retryMs);
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, ACCEPT_RETRY_MAX_MS);
        continue;
      }
      retryMs = ACCEPT_RETRY_MS;
      if (!open) {
        conn.close();
        return;
      }
      if (request.tls === undefined) accept(conn);
      else {
        // the protocol is connected once the handshake succeeded (as on
        // Bun); a client that fails it, or takes too long, is dropped
        const tlsConn = conn;
        handshaking.add(tlsConn);
        tlsConn.handshake!().then(
          () => {
            if (!handshaking.take(tlsConn)) return; // dropped meanwhile
            if (open) accept(tlsConn);
            else handshaking.drop(tlsConn);
          },
          () => {
            // failed by itself (one we dropped fails too: closed already)
            if (handshaking.take(tlsConn)) handshaking.drop(tlsConn);
          },
        );
      }
    }
  })();
  return {
    address: denoAddress(listener.addr),
    close() {
      if (open) {
        open = false;
        try {
          listener.close();
        } catch {
          // already closed
        }
        // not the port's yet, so nothing else would close them
        handshaking.dropAll();
      }
      // the socket is released when the pending accept gives up
      return loop;
    },
  };
}

function denoConnect(
  deno: DenoHost,
  request: ConnectRequest,
  callbacks: ConnectCallbacks,
): () => void {
  const abort = new AbortController();
  let settled = false;
  const options: Record<string, unknown> = request.transport === "unix"
    ? { transport: "unix", path: request.path }
    : {
      hostname: request.hostname,
      port: request.port,
      signal: abort.signal,
    };
  (async () => {
    let conn: DenoConn;
    try {
      conn = await deno.connect(options);
      if (request.tls !== undefined && !settled) {
        const tlsOptions: Record<string, unknown> = {
          hostname: request.tls.hostname,
        };
        if (request.tls.caCerts !== undefined) {
          tlsOptions.caCerts = [...request.tls.caCerts];
        }
        conn = await deno.startTls(conn, tlsOptions);
        try {
          await conn.handshake!();
        } catch (e) {
          conn.close();
          throw new TLSHandshakeError(e);
        }
      }
    } catch (e) {
      if (settled) return;
      settled = true;
      callbacks.failed(e);
      return;
    }
    if (settled) {
      conn.close();
      return;
    }
    settled = true;
    callbacks.connected(new DenoSocket(deno, conn));
  })();
  return () => {
    if (settled) return;
    settled = true;
    abort.abort();
  };
}

// ---- Bun -------------------------------------------------------------------

function bunAddress(
  unix: string | null | undefined,
  address: string | undefined,
  port: number | undefined,
): HostAddress {
  if (unix !== undefined) return { transport: "unix", path: unix };
  return { transport: "tcp", hostname: address ?? "", port: port ?? 0 };
}

/**
 * The local address of each closed Bun socket, read as it closed. Not a
 * field: it is read only when asked for (while the socket is open, from
 * the socket) or as the socket closes, and a held connection need not pay
 * for it — neither a slot, nor the string Bun keeps once an address has
 * been read.
 */
const bunLocals = new WeakMap<BunSocket, HostAddress>();

/**
 * The write stage all Bun sockets share: Bun's `write` copies what it takes
 * before it returns (to the kernel, or into its cork buffer inside a socket
 * event) and keeps nothing, so the stage is free again after each write.
 */
let bunStage: Uint8Array | undefined;

/** A Bun socket behind the `HostSocket` shape (see the module doc). */
class BunSocket implements HostSocket {
  /** the socket events come from (the TLS one after upgradeTLS) */
  raw: BunRawSocket;
  sink: SocketSink | undefined = undefined;
  /** 0: open; 1: the peer's end of input was reported; 2: closed */
  state: 0 | 1 | 2 = 0;
  /** whether `pauseReading` holds: input arriving meanwhile re-pauses */
  readPaused = false;
  /** while TLS is starting: its side, and the clear bytes still to take */
  #tls: { side: TLSSide; clear: number } | undefined = undefined;
  /** UNIX: the path, and whether this is the accepting side (shared) */
  readonly #unix: { path: string; accepted: boolean } | undefined;
  /** TCP: the peer's address, read at the start (Bun forgets the port
   * once the socket closes) */
  readonly #remoteHost: string | undefined;
  readonly #remotePort: number | undefined;

  constructor(raw: BunRawSocket, unix?: { path: string; accepted: boolean }) {
    this.raw = raw;
    raw.data = this;
    this.#unix = unix;
    if (unix === undefined) {
      this.#remoteHost = raw.remoteAddress;
      this.#remotePort = raw.remotePort;
    }
  }

  /** Whether it is closed (no more events, writes dropped). */
  get closed(): boolean {
    return this.state === 2;
  }

  get local(): HostAddress {
    const unix = this.#unix;
    if (unix !== undefined) {
      return { transport: "unix", path: unix.accepted ? unix.path : null };
    }
    const kept = bunLocals.get(this);
    if (kept !== undefined) return kept;
    const raw = this.raw;
    return bunAddress(undefined, raw.localAddress, raw.localPort);
  }

  /** Keeps the local address as the socket closes (Bun then forgets it). */
  keepLocal(): void {
    if (this.#unix !== undefined || bunLocals.has(this)) return;
    const raw = this.raw;
    bunLocals.set(this, bunAddress(undefined, raw.localAddress, raw.localPort));
  }

  get remote(): HostAddress {
    const unix = this.#unix;
    if (unix !== undefined) {
      return { transport: "unix", path: unix.accepted ? null : unix.path };
    }
    return bunAddress(undefined, this.#remoteHost, this.#remotePort);
  }

  attach(sink: SocketSink): void {
    this.sink = sink;
  }

  /** The shared stage for a joined write of `size` bytes (see `bunStage`). */
  stage(size: number): Uint8Array | undefined {
    if (size > BUN_STAGE_MAX) return undefined;
    if (bunStage === undefined || bunStage.length < size) {
      bunStage = new Uint8Array(stageLength(size));
    }
    return bunStage;
  }

  write(data: Uint8Array): number {
    if (this.closed) return data.length;
    const tls = this.#tls;
    if (tls !== undefined && data.length > tls.clear) {
      // the clear bytes before the switch, then switch
      const n = tls.clear === 0
        ? 0
        : this.raw.write(data.subarray(0, tls.clear));
      if (n < 0) return data.length;
      tls.clear -= n;
      if (tls.clear === 0) {
        this.#upgrade();
        queueMicrotask(() => {
          if (!this.closed) this.sink?.writable();
        });
      }
      return n;
    }
    let n = this.raw.write(data);
    // -1: closing; the close event follows and tells the transport
    if (n < 0) n = data.length;
    if (tls !== undefined) {
      tls.clear -= n;
      if (tls.clear === 0) this.#upgrade();
    }
    return n;
  }

  pauseReading(): void {
    this.readPaused = true;
    if (!this.closed) this.raw.pause();
  }

  resumeReading(): void {
    this.readPaused = false;
    if (!this.closed) this.raw.resume();
  }

  shutdownWrite(): void {
    if (!this.closed) this.raw.shutdown();
  }

  close(): void {
    if (this.closed) return;
    this.keepLocal();
    this.state = 2;
    this.raw.end();
  }

  abort(): void {
    if (this.closed) return;
    this.keepLocal();
    this.state = 2;
    this.raw.terminate();
  }

  setNoDelay(enabled: boolean): void {
    if (!this.closed) this.raw.setNoDelay(enabled);
  }

  setKeepAlive(enabled: boolean): void {
    if (!this.closed) this.raw.setKeepAlive(enabled, 0);
  }

  startTLS(side: TLSSide, clearBytes: number): void {
    this.#tls = { side, clear: clearBytes };
    if (clearBytes === 0) this.#upgrade();
  }

  /** `upgradeTLS`: from now on events come from the TLS socket. */
  #upgrade(): void {
    const side = this.#tls!.side;
    this.#tls = undefined;
    let tls: Record<string, unknown>;
    if (side.isServer) tls = { cert: side.certificate, key: side.privateKey };
    else {
      // (narrowed by hand: TypeScript without strict does not narrow here)
      const client = side as Extract<TLSSide, { isServer: false }>;
      tls = { serverName: client.hostname };
      if (client.caCerts !== undefined) tls.ca = [...client.caCerts];
    }
    let pair: [BunRawSocket, BunRawSocket];
    try {
      pair = this.raw.upgradeTLS({
        tls,
        isServer: side.isServer,
        data: this,
        socket: bunHandlers(undefined),
      });
    } catch (e) {
      this.abort();
      this.sink?.closed(e);
      return;
    }
    this.raw = pair[1];
    this.raw.data = this;
  }
}

/**
 * What Bun's `error` handler reported, for the `close` that follows (kept
 * aside: a field would cost every connection a slot).
 */
const bunErrors = new WeakMap<BunSocket, unknown>();

/** The one handler set of a Bun server or connect attempt. */
function bunHandlers(
  onOpen: ((raw: BunRawSocket) => void) | undefined,
): Record<string, unknown> {
  // events from a socket that is no longer the active one (the plain
  // socket under a TLS upgrade) are ignored
  const active = (raw: BunRawSocket): BunSocket | undefined => {
    const s = raw.data;
    return s !== undefined && s.raw === raw ? s : undefined;
  };
  return {
    binaryType: "uint8array",
    open: onOpen,
    data(raw: BunRawSocket, data: Uint8Array) {
      const s = active(raw);
      if (s === undefined || s.closed) return;
      // a client's socket taken from Bun's node:net stream is resumed by
      // that stream once after connecting, perhaps after our pause: pause
      // again, so at most this chunk is held (flow control holds)
      if (s.readPaused) raw.pause();
      s.sink?.receive(data);
    },
    drain(raw: BunRawSocket) {
      const s = active(raw);
      if (s !== undefined && !s.closed) s.sink?.writable();
    },
    end(raw: BunRawSocket) {
      const s = active(raw);
      if (s === undefined || s.state !== 0) return;
      s.state = 1;
      s.sink?.readEnded();
    },
    error(raw: BunRawSocket, error: unknown) {
      const s = active(raw);
      if (s !== undefined) bunErrors.set(s, error);
    },
    close(raw: BunRawSocket, error?: unknown) {
      const s = active(raw);
      if (s === undefined || s.closed) return;
      s.keepLocal();
      const why = error ?? bunErrors.get(s);
      if (why === undefined && s.state === 0) {
        // Bun reports a clean close without `end` once both directions are
        // shut (we half-closed first): the peer's end of input came first
        s.state = 1;
        s.sink?.readEnded();
        if (s.closed) return;
      }
      s.state = 2;
      s.sink?.closed(why);
    },
  };
}

/**
 * @internal Bun's listener. Over TLS, Bun opens a socket as soon as TCP
 * connects when there is a `handshake` handler (else only once the
 * handshake has ended, well or badly — so a client that never finished it
 * got a protocol, and one that never spoke was out of reach of shutdown):
 * the socket is handed over once its handshake succeeded, and one that
 * fails it, is still in it after `handshakeTimeoutMs`, or when the listener
 * closes, is dropped — as on Deno. Exported for its tests.
 */
export function bunListen(
  bun: BunHost,
  request: ListenRequest,
  onAccept: (socket: HostSocket) => void,
  handshakeTimeoutMs: number = TLS_HANDSHAKE_TIMEOUT_MS,
): HostListener {
  const local: HostAddress = request.transport === "unix"
    ? { transport: "unix", path: request.path }
    : { transport: "tcp", hostname: "", port: 0 };
  const unix = request.transport === "unix"
    ? { path: request.path, accepted: true }
    : undefined;
  const accept = (raw: BunRawSocket) => onAccept(new BunSocket(raw, unix));
  const handlers = bunHandlers(accept);
  const handshaking = handshakeWaits<BunRawSocket>(
    handshakeTimeoutMs,
    (raw) => raw.terminate(),
  );
  if (request.tls !== undefined) {
    const closed = handlers.close as (raw: BunRawSocket, e?: unknown) => void;
    Object.assign(handlers, {
      open(raw: BunRawSocket) {
        handshaking.add(raw);
      },
      handshake(raw: BunRawSocket, ok: boolean) {
        if (!handshaking.take(raw)) return;
        if (ok && open) accept(raw);
        else handshaking.drop(raw);
      },
      close(raw: BunRawSocket, error?: unknown) {
        if (!handshaking.take(raw)) closed(raw, error);
      },
    });
  }
  const options: Record<string, unknown> = {
    allowHalfOpen: true,
    socket: handlers,
  };
  if (request.transport === "unix") options.unix = request.path;
  else {
    options.hostname = request.hostname;
    options.port = request.port;
    options.backlog = request.backlog;
  }
  if (request.tls !== undefined) {
    options.tls = {
      cert: request.tls.certificate,
      key: request.tls.privateKey,
    };
  }
  const listener = bun.listen(options);
  let open = true;
  return {
    address: request.transport === "unix" ? local : {
      transport: "tcp",
      hostname: listener.hostname ?? request.hostname,
      port: listener.port ?? request.port,
    },
    close() {
      if (open) {
        open = false;
        listener.stop(false);
        // not the port's yet, so nothing else would close them
        handshaking.dropAll();
      }
      return Promise.resolve();
    },
  };
}

/** The parts of Bun's `node:net`/`node:tls` client socket used to connect. */
interface BunNodeSocket {
  readonly _handle?: BunRawSocket & {
    reload?(options: Record<string, unknown>): void;
  };
  readonly authorized?: boolean;
  once(event: string, listener: (arg?: unknown) => void): void;
  destroy(): void;
}
interface BunNodeConnect {
  connect(options: Record<string, unknown>): BunNodeSocket;
}

/**
 * Connects with Bun's `node:net` (or `node:tls`), then takes the native
 * socket under it (`_handle`) and gives it our handler set (`reload`):
 * unlike `Bun.connect`, whose promise cannot be aborted, a `node:net`
 * socket can be destroyed while connecting — so a cancelled or timed-out
 * attempt (a peer that drops SYNs) is really closed and cannot keep the
 * process alive after `reactor.stop()` until the kernel gives up, about
 * two minutes later. Once connected, the socket is the same native one
 * `Bun.connect` gives, with the same handlers. `undefined` when this Bun
 * lacks the pieces (then `Bun.connect` serves).
 */
function bunNodeConnect(
  request: ConnectRequest,
  callbacks: ConnectCallbacks,
): (() => void) | undefined {
  const get = G.process?.getBuiltinModule;
  if (typeof get !== "function") return undefined;
  const tls = request.tls;
  const lib = get(tls === undefined ? "node:net" : "node:tls") as
    | BunNodeConnect
    | undefined;
  if (typeof lib?.connect !== "function") return undefined;
  const options: Record<string, unknown> = request.transport === "unix"
    ? { path: request.path, allowHalfOpen: true }
    : { host: request.hostname, port: request.port, allowHalfOpen: true };
  if (tls !== undefined) {
    // SNI carries names only: Bun refuses an IP address there; without
    // one, node:tls checks the certificate against the host it connects to
    if (!isIPv4Address(tls.hostname) && !isIPv6Address(tls.hostname)) {
      options.servername = tls.hostname;
    }
    options.rejectUnauthorized = true;
    if (tls.caCerts !== undefined) options.ca = [...tls.caCerts];
  }
  let settled = false;
  const socket = lib.connect(options);
  // over TLS: whether the TCP connection is up, so what fails now fails
  // the handshake (a peer that resets it is an SSLError, as on Deno)
  let handshaking = false;
  if (tls !== undefined) {
    socket.once("connect", () => {
      handshaking = true;
    });
  }
  socket.once(tls === undefined ? "connect" : "secureConnect", () => {
    if (settled) return;
    settled = true;
    const raw = socket._handle;
    if (raw === undefined || typeof raw.reload !== "function") {
      socket.destroy();
      callbacks.failed(new Error("Bun's node:net socket has no native handle"));
      return;
    }
    raw.reload({ socket: bunHandlers(undefined) });
    callbacks.connected(
      new BunSocket(
        raw,
        request.transport === "unix"
          ? { path: request.path, accepted: false }
          : undefined,
      ),
    );
  });
  socket.once("error", (error) => {
    if (settled) return;
    settled = true;
    socket.destroy();
    const code = (error as { code?: unknown } | undefined)?.code;
    callbacks.failed(
      tls !== undefined &&
        (handshaking || typeof code === "string" && !/^E[A-Z]+$/.test(code))
        ? new TLSHandshakeError(error) // a certificate check failed, or
        // the peer dropped the connection during the handshake
        : error,
    );
  });
  return () => {
    if (settled) return;
    settled = true;
    socket.destroy();
  };
}

function bunConnect(
  bun: BunHost,
  request: ConnectRequest,
  callbacks: ConnectCallbacks,
): () => void {
  const viaNode = bunNodeConnect(request, callbacks);
  if (viaNode !== undefined) return viaNode;
  let settled = false;
  const handlers = bunHandlers((raw) => {
    if (settled) {
      raw.terminate();
      return;
    }
    settled = true;
    if (request.tls !== undefined && raw.authorized === false) {
      // Bun connects, then closes an unverified peer itself
      const why = raw.getAuthorizationError?.();
      raw.terminate();
      callbacks.failed(new TLSHandshakeError(why));
      return;
    }
    callbacks.connected(
      new BunSocket(
        raw,
        request.transport === "unix"
          ? { path: request.path, accepted: false }
          : undefined,
      ),
    );
  });
  handlers.connectError = (_raw: unknown, error: unknown) => {
    if (settled) return;
    settled = true;
    callbacks.failed(error);
  };
  const options: Record<string, unknown> = {
    allowHalfOpen: true,
    socket: handlers,
  };
  if (request.transport === "unix") options.unix = request.path;
  else {
    options.hostname = request.hostname;
    options.port = request.port;
  }
  if (request.tls !== undefined) {
    options.tls = {
      serverName: request.tls.hostname,
      ...(request.tls.caCerts !== undefined
        ? { ca: [...request.tls.caCerts] }
        : {}),
    };
  }
  let started: Promise<BunRawSocket>;
  try {
    started = bun.connect(options);
  } catch (e) {
    // bad options are thrown synchronously: report them as a failure
    queueMicrotask(() => {
      if (settled) return;
      settled = true;
      callbacks.failed(e);
    });
    return () => {
      settled = true;
    };
  }
  started.catch((e) => {
    // connectError has reported it (a TLS handshake failure may land here
    // alone)
    if (settled) return;
    settled = true;
    callbacks.failed(e);
  });
  return () => {
    settled = true;
  };
}

// ---- the door ----------------------------------------------------------------

function nodeFs(): NodeFs | undefined {
  const get = G.process?.getBuiltinModule;
  return typeof get === "function" ? get("node:fs") as NodeFs : undefined;
}

/** Deno's file API, unless Bun (which also has a `Deno`-free global) runs. */
function denoFiles(): DenoHost | undefined {
  return bunHost() === undefined ? denoHost() : undefined;
}

/**
 * The host functions `net/` uses. Replace one only in a test (a connect
 * that never completes, say), and put it back in `finally`.
 */
export const host = {
  /**
   * Listens as `request` says, calling `onAccept` with each accepted
   * socket (it must attach a sink at once, or close the socket);
   * `onAcceptError` hears about accept failures the server survives: too
   * many open files (accepting resumes after `retryMs`), or (`peerGone`
   * true) a peer that went away before it was accepted. Throws the host's
   * error (address in use, permission) synchronously.
   */
  listen(
    request: ListenRequest,
    onAccept: (socket: HostSocket) => void,
    onAcceptError: (
      error: unknown,
      peerGone: boolean,
      retryMs?: number,
    ) => void,
  ): HostListener {
    const bun = bunHost();
    if (bun !== undefined) return bunListen(bun, request, onAccept);
    const deno = denoHost();
    if (deno !== undefined) {
      return denoListen(deno, request, onAccept, onAcceptError);
    }
    throw noSockets("listen");
  },

  /**
   * Starts connecting as `request` says; exactly one of `callbacks`'
   * methods is called later, never during this call, unless the returned
   * function (which cancels the attempt) is called first.
   */
  connect(request: ConnectRequest, callbacks: ConnectCallbacks): () => void {
    // a host may report at once (Bun, for a missing UNIX socket file):
    // such a report waits for the end of this call
    let inCall = true;
    const later = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
      if (inCall) queueMicrotask(() => fn(...a));
      else fn(...a);
    };
    const deferred: ConnectCallbacks = {
      connected: later((socket: HostSocket) => callbacks.connected(socket)),
      failed: later((error: unknown) => callbacks.failed(error)),
    };
    try {
      const bun = bunHost();
      if (bun !== undefined) return bunConnect(bun, request, deferred);
      const deno = denoHost();
      if (deno !== undefined) return denoConnect(deno, request, deferred);
      throw noSockets("connect");
    } finally {
      inCall = false;
    }
  },

  /**
   * What is at `path`: `"socket"`, `"other"` (a file, a directory…) or
   * `"none"`. Used before listening on a UNIX socket path.
   */
  pathKind(path: string): "socket" | "other" | "none" {
    const deno = denoFiles();
    try {
      if (deno !== undefined) {
        const info = deno.lstatSync(path) as { isSocket?: boolean | null };
        return info.isSocket ? "socket" : "other";
      }
      const fs = nodeFs();
      if (fs === undefined) return "none";
      return fs.lstatSync(path).isSocket() ? "socket" : "other";
    } catch (e) {
      if (errorCode(e) === "ENOENT") return "none";
      throw e;
    }
  },

  /** Removes the file at `path` (a UNIX socket file); missing is fine. */
  removeFile(path: string): void {
    const deno = denoFiles();
    try {
      if (deno !== undefined) deno.removeSync(path);
      else nodeFs()?.unlinkSync(path);
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
    }
  },

  /** Sets the permission bits of the file at `path`. */
  chmod(path: string, mode: number): void {
    const deno = denoFiles();
    if (deno !== undefined) deno.chmodSync(path, mode);
    else nodeFs()?.chmodSync(path, mode);
  },

  /** Makes `path` a symbolic link to `target` (throws EEXIST if it exists). */
  symlink(target: string, path: string): void {
    const deno = denoFiles();
    if (deno !== undefined) deno.symlinkSync(target, path);
    else nodeFs()!.symlinkSync(target, path);
  },

  /** Where the symbolic link `path` points. */
  readLink(path: string): string {
    const deno = denoFiles();
    return deno !== undefined
      ? deno.readLinkSync(path)
      : nodeFs()!.readlinkSync(path);
  },

  /** The names of the files (not directories) in the directory `path`. */
  listFiles(path: string): string[] {
    const deno = denoFiles();
    if (deno !== undefined) {
      return [...deno.readDirSync(path)].filter((e) => e.isFile).map((e) =>
        e.name
      );
    }
    return nodeFs()!.readdirSync(path);
  },

  /** This process's ID. */
  pid(): number {
    const deno = denoFiles();
    return deno !== undefined ? deno.pid : G.process?.pid ?? 0;
  },

  /**
   * Whether a process with ID `pid` exists (signal 0: nothing is sent).
   * Unknown (no way to ask): `true`, the safe answer for a lock.
   */
  processExists(pid: number): boolean {
    const kill = G.process?.kill;
    if (typeof kill !== "function") return true;
    try {
      kill.call(G.process, pid, 0);
      return true;
    } catch (e) {
      return errorCode(e) !== "ESRCH";
    }
  },

  /** The text of the file at `path` (PEM files named in endpoint strings). */
  readTextFile(path: string): string {
    const deno = denoFiles();
    if (deno !== undefined) return deno.readTextFileSync(path);
    const fs = nodeFs();
    if (fs === undefined) throw noSockets("readTextFile");
    return fs.readFileSync(path, "utf8");
  },
};
