/**
 * Helpers for the real-socket tests: a running reactor that a test stops
 * in `finally`, bounded waits that fail with a message instead of hanging,
 * and recording protocols and factories. Every socket test listens on
 * 127.0.0.1 (or ::1), port 0, and closes what it opens.
 *
 * @module
 */
import { Deferred, type Failure, Reactor } from "../../mod.ts";
import {
  ClientFactory,
  decode,
  Factory,
  type IConnector,
  type ITCPTransport,
  Protocol,
} from "../../net/mod.ts";
import type { SocketReactorIO } from "../../net/_reactor_io.ts";
import { runtimeName } from "../../net/_host.ts";

/** Generous bound for one real-socket step on a loaded 2-core machine. */
export const STEP_MS = 20_000;

/**
 * Why real-socket tests cannot run on this runtime (`false` where they
 * can): `net/` has no socket host for Node yet.
 */
export const NO_SOCKETS: string | false = runtimeName() === "none" &&
  "net/ has no socket host for this runtime yet (it uses Deno.listen/Deno.connect or Bun.listen/Bun.connect); Deno and Bun run the real-socket tests";

/**
 * Test options for a real-socket test (Bun's default limit is 5 s),
 * skipped where there are no sockets.
 */
export const SOCKET_TEST = { timeout: 60_000, skip: NO_SOCKETS };

/**
 * Test options for a test that replaces the host's socket functions
 * (`host.connect`): it runs on every runtime.
 */
export const HOST_STUB_TEST = { timeout: 60_000 };

/** A started reactor and how to stop it (awaiting its loop). */
export interface Running {
  reactor: Reactor;
  /** Stops the reactor (if still running) and waits for `run()` to end. */
  stop(): Promise<void>;
  /** What its I/O holds open. */
  open(): { ports: number; connections: number; connecting: number };
}

/** A new reactor, running on the host's loop. */
export function runningReactor(): Running {
  const reactor = new Reactor({ installSignalHandlers: false });
  const done = reactor.run();
  return {
    reactor,
    async stop() {
      if (reactor.running) reactor.stop();
      await done;
    },
    open() {
      const io = reactor._io as SocketReactorIO | undefined;
      return io === undefined
        ? { ports: 0, connections: 0, connecting: 0 }
        : io.openSockets();
    },
  };
}

/** `p`, or a rejection naming `what` after `ms` milliseconds. */
export async function within<T>(
  what: string,
  p: PromiseLike<T>,
  ms = STEP_MS,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      Promise.resolve(p),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${ms} ms: ${what}`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `check()` is true, polling every 5 ms (bounded). */
export async function until(
  what: string,
  check: () => boolean,
  ms = STEP_MS,
): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A promise and its resolver (a Failure cannot be a Deferred's result). */
export function signal<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => resolve = r);
  return { promise, resolve };
}

/** A protocol that records what happens, and settles `lost` at the end. */
export class Recorder extends Protocol {
  declare transport: ITCPTransport;
  events: string[] = [];
  received = "";
  reason: Failure | undefined = undefined;
  readonly #made = signal<this>();
  readonly #lost = signal<Failure>();
  /** Resolves once connected. */
  readonly made: Promise<this> = this.#made.promise;
  /** Resolves with connectionLost's reason. */
  readonly lost: Promise<Failure> = this.#lost.promise;
  override connectionMade(): void {
    this.events.push("made");
    this.#made.resolve(this);
  }
  override dataReceived(data: Uint8Array): void {
    this.received += decode(data);
  }
  override connectionLost(reason: Failure): void {
    this.events.push(`lost ${reason.type?.name}`);
    this.reason = reason;
    this.#lost.resolve(reason);
  }
}

/** Echoes what it receives. */
export class Echo extends Recorder {
  override dataReceived(data: Uint8Array): void {
    super.dataReceived(data);
    this.transport.write(data);
  }
}

/** A server factory that keeps every protocol it builds. */
export class KeepingFactory<P extends Protocol> extends Factory {
  built: P[] = [];
  /** Fires with each new protocol, in order (one Deferred per connection). */
  waiting: Deferred<P>[] = [];
  constructor(readonly make: () => P) {
    super();
    this.noisy = false;
  }
  override buildProtocol(): P {
    const p = this.make();
    p.factory = this;
    this.built.push(p);
    this.waiting.shift()?.callback(p);
    return p;
  }
  /** The next protocol built (or the one already built at `index`). */
  next(index = this.built.length): Promise<P> {
    if (index < this.built.length) return Promise.resolve(this.built[index]!);
    const d = new Deferred<P>();
    this.waiting.push(d);
    return d.asPromise();
  }
}

/** A client factory that records its callbacks. */
export class RecordingClientFactory<P extends Protocol> extends ClientFactory {
  events: string[] = [];
  built: P[] = [];
  readonly #failed = signal<Failure>();
  readonly #lostConnection = signal<Failure>();
  /** Resolves with clientConnectionFailed's reason. */
  readonly failed: Promise<Failure> = this.#failed.promise;
  /** Resolves with clientConnectionLost's reason. */
  readonly lostConnection: Promise<Failure> = this.#lostConnection.promise;
  constructor(readonly make: () => P) {
    super();
    this.noisy = false;
  }
  override buildProtocol(): P {
    const p = this.make();
    p.factory = this;
    this.built.push(p);
    return p;
  }
  override startedConnecting(_connector: IConnector): void {
    this.events.push("startedConnecting");
  }
  override clientConnectionFailed(_c: IConnector, reason: Failure): void {
    this.events.push(`failed ${reason.type?.name}`);
    this.#failed.resolve(reason);
  }
  override clientConnectionLost(_c: IConnector, reason: Failure): void {
    this.events.push(`lost ${reason.type?.name}`);
    this.#lostConnection.resolve(reason);
  }
}

/** The port number a listening port got. */
export function portOf(port: { getHost(): unknown }): number {
  return (port.getHost() as { port: number }).port;
}

/** How many file descriptors this process has open (Linux), else undefined. */
export async function openFileDescriptors(): Promise<number | undefined> {
  try {
    const { readdirSync } = await import("node:fs");
    return readdirSync("/proc/self/fd").length;
  } catch {
    return undefined;
  }
}
