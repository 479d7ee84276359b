/**
 * The one file of `threads/` that touches the host's workers and the
 * Deno/Bun/Node globals around them, on both sides of the boundary.
 * Everything else in the layer talks to the small interfaces below, so it
 * stays host-neutral and testable.
 *
 * Which worker, per host (checked on Deno 2.9, Bun 1.4 and Node 20), and
 * why — a pool must be able to *end* a worker whose task never returns:
 * - Deno: `node:worker_threads`. It takes only `file:` and `data:` URLs,
 *   so an entry from elsewhere (a JSR import is `https:`) is started
 *   through a one-line `data:` module that imports it. The exception: a
 *   pool with `permissions` needs the Web `Worker`'s `deno.permissions` (a
 *   `node:worker_threads` worker shares the parent's permissions). On Deno
 *   2.9.6 neither worker's `terminate()` interrupts JavaScript that is
 *   running (measured: a worker in `for (;;) {}` keeps a core busy after
 *   it, Web or `node:worker_threads`; an earlier Deno's
 *   `node:worker_threads` did stop it): a worker stuck in a synchronous
 *   loop is abandoned — its tasks fail, a new worker takes its place, the
 *   process can still exit — but its thread runs on until the task
 *   returns. `killable` says so (`false` on Deno).
 * - Bun: the Web `Worker`; its `terminate()` interrupts running code.
 * - Node: `node:worker_threads` (Node has no global `Worker`).
 * - None of these (Deno Deploy, say): no worker; the pool runs tasks
 *   in-process.
 *
 * The channel is private: the main thread makes a `MessageChannel` and
 * hands one port over at start — in `workerData` for `node:worker_threads`
 * (the worker side deletes it before any task runs), in a first message
 * for a Web `Worker` (taken before any task module loads) — along with
 * the worker's control buffer and settings. The library never reads the
 * worker's global port: whatever task code posts there arrives as a
 * *stray* message and is ignored. The worker side keeps its own
 * reference to `MessagePort.prototype.postMessage` from before any task
 * runs, so a task that replaces it does not get the port handed to it.
 *
 * Keeping the process alive: a worker and its private port are
 * unreferenced from the start; the port holds the process only while the
 * link says so ({@linkcode HostWorker.hold}, while tasks are in flight), so
 * idle workers of a pool nobody stopped do not keep a finished program
 * running. The port is the handle because flipping it is cheap on every
 * host (~50–110 ns; a Deno worker's own `ref()` costs ~750 ns) and because
 * on Bun a port entangled with a live worker holds the process by itself.
 * A Deno Web `Worker` (with `permissions`) cannot be unreferenced.
 *
 * How a worker ends, per host: an uncaught error or unhandled rejection
 * in the worker is an `error` event (a Web `Worker`: `preventDefault()`ed
 * so Deno does not end the process); Bun also emits `close`;
 * `node:worker_threads` emits `exit` with the code for every end. The
 * worker side wraps `close()`, `Deno.exit` and `process.exit` so it can
 * say `DYING` first. These events travel apart from the port, and can
 * overtake what the worker posted on it just before it ended, so they are
 * handed to the link as `ended`, with the port still open: the link waits
 * until it has received every batch the worker says it sent (a count in
 * the control buffer) before it acts on them.
 *
 * Least privilege: on Deno, `permissions` becomes the Web Worker's
 * `deno.permissions`. Deno 2.9 still gates that option behind
 * `--unstable-worker-options` (or `"unstable": ["worker-options"]` in
 * deno.json) and, without it, ends the whole process (exit code 70)
 * instead of throwing; Deno offers no API to ask. {@linkcode
 * denoWorkerOptionsEnabled} looks where it can (the config file; the
 * command line, which Deno lets a program read only with `--allow-all`)
 * so a pool can refuse with an error instead; where it cannot tell, Deno's
 * own message ends the process. Bun has no worker permissions: the option
 * is accepted and not enforced ({@linkcode permissionsEnforced}).
 *
 * @module
 */

/**
 * Deno's worker permission descriptor (`"inherit"`, `"none"` or per kind),
 * for a pool's `permissions` option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ThreadPermissions } from "@twisted-ts/core/threads";
 * const readTasksOnly: ThreadPermissions = {
 *   read: [new URL("./tasks/", "file:///srv/app/")],
 *   net: false,
 *   env: false,
 * };
 * assert.equal(typeof readTasksOnly, "object");
 * ```
 */
export type ThreadPermissions =
  | "inherit"
  | "none"
  | {
    readonly [kind: string]:
      | boolean
      | "inherit"
      | readonly (string | URL)[]
      | undefined;
  };

/** How a worker is hosted: a Web `Worker`, or `node:worker_threads`. */
export type WorkerKind = "web" | "node";

/** What the worker side is told at start, with its private port. */
export interface WorkerSettings {
  /** The thread's name. */
  readonly name: string;
  /** The control buffer (see `protocol.ts`, `Ctrl`). */
  readonly ctrl: SharedArrayBuffer;
  /** The shared-memory ring to the worker (`ring.ts`): tasks. */
  readonly requests: SharedArrayBuffer;
  /** The shared-memory ring from the worker: outcomes. */
  readonly responses: SharedArrayBuffer;
  /** Microseconds the worker waits for more ring tasks before idling. */
  readonly spinMicros: number;
  /** Whether outcomes that fit go through the ring (else by message). */
  readonly ring: boolean;
  /**
   * Whether both sides sleep on their incoming ring in `Atomics.waitAsync`
   * and are woken by `Atomics.notify` rather than by message.
   */
  readonly atomicWake: boolean;
  /** Heap bytes past which the worker says `HEAP` (0: never). */
  readonly heapLimit: number;
}

/** What a started worker reports to its link. */
export interface HostWorkerEvents {
  /** A batch arrived on the private port. */
  message(data: unknown): void;
  /** Something arrived on the worker's global port (task code posted it). */
  stray(data: unknown): void;
  /** The worker is unusable; `cause` says why. Called once. */
  death(cause: string): void;
  /**
   * The host says the worker ended (`cause` says how); what it posted
   * before may still be on its way. Called once; `terminate()` closes.
   */
  ended(cause: string): void;
}

/** A started worker, seen from its link. */
export interface HostWorker {
  /** Which kind of worker it is. */
  readonly kind: WorkerKind;
  /** Whether `terminate()` ends it even while a task runs without yielding. */
  readonly killable: boolean;
  /** Posts `data` on the private port; throws `DataCloneError` as the host does. */
  post(data: unknown, transfer: Transferable[] | undefined): void;
  /** Whether the worker keeps the process alive (it does not, at first). */
  hold(on: boolean): void;
  /** Ends the worker now; no event is reported afterwards. */
  terminate(): void;
}

interface NodeWorker {
  on(event: string, fn: (arg: never) => void): unknown;
  postMessage(data: unknown, transfer?: unknown[]): void;
  terminate(): Promise<number> | void;
  ref(): void;
  unref(): void;
}

interface NodeWorkerThreads {
  Worker: new (url: URL, options: Record<string, unknown>) => NodeWorker;
  isMainThread: boolean;
  workerData: unknown;
  /** The `env` option's value that shares the environment, uncopied. */
  SHARE_ENV?: symbol;
}

interface DenoGlobal {
  build?: { standalone?: boolean };
  exit?: (code?: number) => never;
  version?: { deno?: string };
  memoryUsage?: () => { heapUsed: number };
  permissions?: {
    querySync?(d: { name: string; path?: string }): { state: string };
    requestSync?(d: { name: string; path?: string }): { state: string };
  };
  readTextFileSync?(path: string): string;
  cwd?(): string;
}

interface HostGlobals {
  Worker?: typeof Worker;
  name?: unknown;
  Deno?: DenoGlobal;
  Bun?: unknown;
  process?: {
    exit?: (code?: number) => never;
    on?: (event: string, fn: (arg: unknown) => void) => unknown;
    getBuiltinModule?: (id: string) => unknown;
    memoryUsage?: () => { heapUsed: number };
  };
  close?: () => void;
  addEventListener?: (type: string, fn: (e: Event) => void) => void;
  removeEventListener?: (type: string, fn: (e: Event) => void) => void;
}

const host = globalThis as unknown as HostGlobals;
const isDeno = host.Deno !== undefined && host.Bun === undefined;
const isBun = host.Bun !== undefined;

/** The key under which the private port travels at start. */
const HANDOVER = "@twisted-ts/core/threads: private port";

let nodeThreadsModule: NodeWorkerThreads | null | undefined;

function nodeThreads(): NodeWorkerThreads | null {
  if (nodeThreadsModule !== undefined) return nodeThreadsModule;
  nodeThreadsModule = null;
  try {
    const mod = host.process?.getBuiltinModule?.("node:worker_threads") as
      | NodeWorkerThreads
      | undefined;
    if (typeof mod?.Worker === "function") nodeThreadsModule = mod;
  } catch {
    // no such module here
  }
  return nodeThreadsModule;
}

/**
 * The kind of worker a pool gets here (with or without `permissions`), or
 * `null` where there are none and tasks run in-process.
 */
export function workerKind(withPermissions: boolean): WorkerKind | null {
  const web = typeof host.Worker === "function";
  if (isDeno) {
    if (!web) return null; // a host that took Worker away (Deno Deploy)
    return withPermissions || nodeThreads() === null ? "web" : "node";
  }
  if (isBun || web) return web ? "web" : null;
  return nodeThreads() !== null ? "node" : null;
}

/** Whether this host can run workers at all (some serverless hosts cannot). */
export const workerSupported: boolean = workerKind(false) !== null;

/** Whether a pool's `permissions` option is enforced here (Deno: yes; Bun: no). */
export const permissionsEnforced: boolean = isDeno &&
  typeof host.Worker === "function";

/**
 * Whether this host's `terminate()` interrupts running JavaScript: not on
 * Deno (2.9.6, either kind of worker; see the module doc).
 */
const terminateStopsLoops = !isDeno;

/**
 * Whether `terminate()` ends a worker stuck in a synchronous loop here (with
 * or without `permissions`).
 */
export function workersKillable(withPermissions: boolean): boolean {
  return workerKind(withPermissions) !== null && terminateStopsLoops;
}

/** Whether this host has `Atomics.waitAsync`. */
const canSleepOnRings = typeof Atomics.waitAsync === "function";

/** See {@linkcode setAtomicWake}. */
let atomicWakeChoice: boolean | undefined;

/**
 * Whether a pool's threads wake each other for ring records with
 * `Atomics.notify` on a pending `Atomics.waitAsync` (`true`), or with an
 * empty message (`false`). Both keep the event loop free; the notify skips
 * the message's clone and event dispatch. Measured on a 2-core VM, one task
 * at a time: on Deno it is the faster wake (an `Atomics` ping-pong with
 * both sides in `waitAsync` takes ~10 µs with both threads on one core and
 * ~75 µs across cores, against ~21 and ~95 µs for a message ping-pong on
 * the private port); on Bun a message is faster (~4.5 µs on one core,
 * against ~6–8 µs), so Bun keeps messages, as does Node.
 */
export function atomicWake(): boolean {
  return canSleepOnRings && (atomicWakeChoice ?? isDeno);
}

/**
 * Tests: makes pools created from now on wake by `Atomics.notify` (`true`)
 * or by message (`false`) where the host can; `undefined` restores the
 * host's choice ({@linkcode atomicWake}).
 */
export function setAtomicWake(on: boolean | undefined): void {
  atomicWakeChoice = on;
}

/**
 * Starts a worker on `entry` and hands it its private port. `permissions`
 * applies on Deno (see the module doc for the flag it needs); a heap limit
 * in `settings` is also enforced by the host where it can
 * (`node:worker_threads` on Node: `resourceLimits`). Throws whatever the
 * host's constructor throws.
 */
export function startWorker(
  entry: URL,
  settings: WorkerSettings,
  permissions: ThreadPermissions | undefined,
  events: HostWorkerEvents,
): HostWorker {
  const kind = workerKind(permissions !== undefined);
  if (kind === null) {
    throw new TypeError("startWorker: this host has no worker threads");
  }
  const denied = denoReadDenied(entry);
  if (denied !== undefined) throw new Error(denied);
  const channel = new MessageChannel();
  // Deno's and Node's ports can be unreferenced; Bun's hold nothing
  const port = channel.port1 as MessagePort & {
    ref?: () => void;
    unref?: () => void;
  };
  let dead = false;
  let ended = false;
  const die = (cause: string) => {
    if (dead) return;
    dead = true;
    port.onmessage = null;
    port.close();
    events.death(cause);
  };
  // the host's word that the worker ended can overtake what the worker
  // posted on its port just before (its last outcomes, why it is dying):
  // the link decides when it has heard all of it; the port stays open
  const diedSoon = (cause: string) => {
    if (dead || ended) return;
    ended = true;
    events.ended(cause);
  };
  port.onmessage = (e: MessageEvent) => {
    if (!dead) events.message(e.data);
  };
  port.onmessageerror = () => {
    die("it sent a message that could not be deserialized");
    kill();
  };
  port.unref?.();
  const handover = { [HANDOVER]: channel.port2, settings };
  let kill: () => void;
  if (kind === "node") {
    const threads = nodeThreads()!;
    const options: Record<string, unknown> = {
      name: settings.name,
      workerData: handover,
      transferList: [channel.port2],
    };
    // Deno: a copy of the environment (Node's default) reads all of it, so
    // a program not granted env access would be prompted for it at a
    // terminal; sharing it reads nothing, and a task that reads a variable
    // asks for it as any Deno code does
    if (isDeno && threads.SHARE_ENV !== undefined) {
      options.env = threads.SHARE_ENV;
    }
    if (settings.heapLimit > 0 && !isDeno && !isBun) {
      // Node enforces a hard limit (Deno and Bun ignore it or abort the
      // process): twice the soft one, so a worker past the soft limit is
      // retired after its task rather than killed in the middle of it
      options.resourceLimits = {
        maxOldGenerationSizeMb: Math.ceil((2 * settings.heapLimit) / 2 ** 20),
      };
    }
    const worker = new threads.Worker(nodeEntry(entry), options);
    worker.on("message", (data: never) => {
      if (!dead) events.stray(data);
    });
    worker.on("error", (error: never) => {
      diedSoon(`uncaught error: ${describeThrown(error)}`);
    });
    worker.on("exit", (code: never) => {
      diedSoon(`it exited with code ${code}`);
    });
    worker.unref(); // after the listeners: Node refs a worker that gets one
    kill = () => {
      try {
        const done = worker.terminate() as Promise<number> | undefined;
        if (done !== undefined) done.catch(() => {});
      } catch {
        // already gone
      }
    };
  } else {
    const Ctor = host.Worker!;
    const options: Record<string, unknown> = {
      type: "module",
      name: settings.name,
    };
    if (permissions !== undefined && permissionsEnforced) {
      options.deno = { permissions };
    }
    const worker = new Ctor(entry, options as WorkerOptions) as Worker & {
      ref?: () => void;
      unref?: () => void;
    };
    worker.addEventListener("message", (e: MessageEvent) => {
      if (!dead) events.stray(e.data);
    });
    worker.addEventListener("messageerror", () => {
      if (!dead) events.stray(undefined);
    });
    worker.addEventListener("error", (e: Event) => {
      e.preventDefault();
      diedSoon(`uncaught error: ${describeErrorEvent(e as ErrorEvent)}`);
    });
    // Bun: fires when the worker ends for any reason
    worker.addEventListener("close", (e: Event) => {
      const code = (e as Event & { code?: unknown }).code;
      diedSoon(
        `it exited${typeof code === "number" ? ` with code ${code}` : ""}`,
      );
    });
    worker.postMessage(handover, [channel.port2]);
    worker.unref?.(); // after the listeners, as on Node
    kill = () => worker.terminate();
  }
  return {
    kind,
    killable: terminateStopsLoops,
    post(data, transfer) {
      if (transfer !== undefined && transfer.length > 0) {
        port.postMessage(data, transfer);
      } else {
        port.postMessage(data);
      }
    },
    hold(on) {
      if (dead) return;
      if (on) port.ref?.();
      else port.unref?.();
    },
    terminate() {
      if (!dead) {
        dead = true;
        port.onmessage = null;
        port.close();
      }
      kill();
    },
  };
}

/**
 * On Deno, for a worker entry that is a file: what to say if the program
 * may not read the library's files, which a worker imports (the default
 * entry imports the library two folders up; a custom one, itself).
 * Checked before the worker starts, so the failure is one line that says
 * what to add, rather than Deno's "Uncaught (in worker …)" report for
 * each worker. The permission is requested, not just queried: at a
 * terminal Deno asks the user once, for the whole folder; elsewhere (no
 * terminal, `--no-prompt`) the request is denied at once. An entry from
 * `https:` (the library imported from JSR) needs import access to its
 * host instead, which Deno grants `jsr.io` by default. Not checked in a
 * `deno compile` binary, whose embedded files Deno governs itself.
 */
function denoReadDenied(entry: URL): string | undefined {
  const permissions = host.Deno?.permissions;
  if (!isDeno || entry.protocol !== "file:") return undefined;
  if (host.Deno?.build?.standalone === true) return undefined;
  const folder = /\/threads\/_transport\/entry\.[jt]s$/.test(entry.pathname)
    ? new URL("../../", entry)
    : entry;
  let path = decodeURIComponent(folder.pathname);
  if (/^\/[A-Za-z]:/.test(path)) path = path.slice(1); // Windows: C:/…
  if (path.length > 1) path = path.replace(/\/$/, "");
  let state: string | undefined;
  try {
    state = (permissions?.requestSync ?? permissions?.querySync)?.call(
      permissions,
      { name: "read", path },
    ).state;
  } catch {
    return undefined; // no way to ask: let the worker try
  }
  if (state === undefined || state === "granted") return undefined;
  return `Deno denied read access to ${path}, which a worker thread loads the library from: run with --allow-read=${path} (plus the task modules' folder), or run the pool in-process`;
}

/**
 * `entry` as `node:worker_threads` takes it: Deno's accepts only `file:`
 * and `data:` URLs, so anything else is imported from a one-line `data:`
 * module.
 */
function nodeEntry(entry: URL): URL {
  if (entry.protocol === "file:" || entry.protocol === "data:") return entry;
  return new URL(
    `data:text/javascript,${
      encodeURIComponent(`await import(${JSON.stringify(entry.href)});`)
    }`,
  );
}

function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return "an unprintable error";
  }
}

function describeErrorEvent(e: ErrorEvent): string {
  const error = e.error as unknown;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  // Deno: "Uncaught (in promise) Error: …"; Bun: a source excerpt, then
  // "error: …", then stack lines
  const lines = String(e.message ?? "").split("\n").map((l) => l.trim());
  const line = lines.find((l) => /^[A-Za-z]*(Error|error)\b/.test(l)) ??
    lines.find((l) => /^Uncaught\b/.test(l)) ??
    lines.find((l) => l !== "") ?? "unknown error";
  return line.replace(/^Uncaught\s+/, "").replace(/^\(in promise\)\s+/, "");
}

/**
 * On Deno, whether `--unstable-worker-options` is in effect: `true` when
 * the command line or the config file says so, `false` when the command
 * line could be read (Deno allows that only with `--allow-all`) and
 * neither says so, `undefined` when that cannot be told; `true` elsewhere
 * (no flag is needed).
 */
export function denoWorkerOptionsEnabled(): boolean | undefined {
  const deno = host.Deno;
  if (!isDeno || deno === undefined) return true;
  const read = (path: string): string | undefined => {
    try {
      if (
        deno.permissions?.querySync?.({ name: "read", path }).state !==
          "granted"
      ) return undefined;
      return deno.readTextFileSync?.(path);
    } catch {
      return undefined; // not allowed (Deno wants --allow-all for /proc/self)
    }
  };
  // the command line, readable only with --allow-all
  const cmdline = read("/proc/self/cmdline");
  const args = cmdline === undefined ? [] : cmdline.split("\0");
  if (
    args.some((a) => a === "--unstable-worker-options" || a === "--unstable")
  ) {
    return true;
  }
  // the config file: named on the command line, or found from the cwd up
  let configs: string[] = [];
  const named = args.findIndex((a) => a === "--config" || a === "-c");
  const inline = args.find((a) => a.startsWith("--config="));
  if (named >= 0 && args[named + 1] !== undefined) configs = [args[named + 1]!];
  else if (inline !== undefined) configs = [inline.slice("--config=".length)];
  else if (!args.includes("--no-config")) {
    let dir = "";
    try {
      dir = deno.cwd?.() ?? "";
    } catch {
      // no read access to the cwd: no config to look at
    }
    while (dir !== "") {
      configs.push(`${dir}/deno.json`, `${dir}/deno.jsonc`);
      const up = dir.slice(0, dir.lastIndexOf("/"));
      if (up === dir) break;
      dir = up;
    }
  }
  for (const path of configs) {
    const text = read(path);
    if (text === undefined) continue;
    const unstable = /"unstable"\s*:\s*\[([^\]]*)\]/.exec(text);
    if (unstable !== null && /"worker-options"/.test(unstable[1]!)) return true;
    break; // the first config found is the one Deno uses
  }
  return cmdline === undefined ? undefined : false;
}

// ---- the worker side ------------------------------------------------------

/** The worker side's view of its parent. */
export interface ParentPort {
  /** What the main thread said at start. */
  readonly settings: WorkerSettings;
  /** Posts `data` to the main thread on the private port. */
  post(data: unknown, transfer?: Transferable[]): void;
  /** Ends this worker (after `BYE`): `close()` or `process.exit(0)`. */
  exit(): void;
}

/** What the worker side hears. */
export interface ParentEvents {
  /** The private port arrived: the worker may talk to its parent now. */
  connected(parent: ParentPort): void;
  /** A batch arrived on the private port. */
  message(data: unknown): void;
  /** The worker is about to end, for `reason` (with `error`, if any). */
  dying(reason: string, error: unknown): void;
}

/**
 * Worker side: takes the private port from the handover, listens on it,
 * and wraps the ways a worker can end (`close`, `Deno.exit`,
 * `process.exit`, an uncaught error, an unhandled rejection) so
 * `events.dying(reason, error)` runs first. Run by the entry module before
 * any task module loads.
 */
export function connectToParent(events: ParentEvents): void {
  // before any task code runs: what the port is reached through
  const postMessage = MessagePort.prototype.postMessage;
  const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")
    ?.get;
  const originalClose = typeof host.close === "function"
    ? host.close.bind(globalThis)
    : undefined;
  const processExit = host.process?.exit;
  const originalProcessExit = typeof processExit === "function"
    ? processExit.bind(host.process)
    : undefined;
  const exitWorker = (code: number) => {
    if (originalClose !== undefined) originalClose();
    else originalProcessExit?.(code);
  };

  const connect = (handover: Record<string, unknown>) => {
    const port = handover[HANDOVER] as MessagePort;
    const settings = handover.settings as WorkerSettings;
    // out of task code's reach: in node:worker_threads, `workerData` is
    // readable by any module of the worker
    delete handover[HANDOVER];
    delete handover.settings;
    port.onmessage = (e: MessageEvent) => {
      let data: unknown;
      try {
        data = dataOf === undefined ? e.data : dataOf.call(e);
      } catch {
        data = e.data; // an event class of the host's own
      }
      events.message(data);
    };
    events.connected({
      settings,
      post(data, transfer) {
        if (transfer !== undefined && transfer.length > 0) {
          Reflect.apply(postMessage, port, [data, transfer]);
        } else Reflect.apply(postMessage, port, [data]);
      },
      exit: () => exitWorker(0),
    });
  };

  wrapExits(events, originalClose, originalProcessExit);
  const fatal = (reason: string, error: unknown) => {
    events.dying(reason, error);
    exitWorker(1);
  };
  const threads = nodeThreads();
  const data = threads?.workerData as Record<string, unknown> | undefined;
  if (threads !== null && !threads.isMainThread && data?.[HANDOVER]) {
    // node:worker_threads (Deno, Node)
    host.process!.on!("uncaughtException", (e) => fatal("uncaught error", e));
    host.process!.on!(
      "unhandledRejection",
      (e) => fatal("unhandled rejection", e),
    );
    connect(data);
    return;
  }
  host.addEventListener!("error", (e: Event) => {
    const ev = e as ErrorEvent;
    e.preventDefault();
    fatal("uncaught error", ev.error ?? ev.message);
  });
  host.addEventListener!("unhandledrejection", (e: Event) => {
    e.preventDefault();
    fatal("unhandled rejection", (e as PromiseRejectionEvent).reason);
  });
  const first = (e: Event) => {
    const handover = (e as MessageEvent).data as Record<string, unknown> | null;
    if (typeof handover !== "object" || handover === null) return;
    if (!(handover[HANDOVER] instanceof MessagePort)) return;
    host.removeEventListener!("message", first);
    connect(handover);
  };
  host.addEventListener!("message", first);
}

function wrapExits(
  events: ParentEvents,
  originalClose: (() => void) | undefined,
  originalProcessExit: ((code?: number) => never) | undefined,
): void {
  if (originalClose !== undefined) {
    host.close = () => {
      events.dying("the task's code called close()", undefined);
      originalClose();
    };
  }
  const denoExit = host.Deno?.exit;
  if (host.Deno !== undefined && typeof denoExit === "function") {
    const exit = denoExit.bind(host.Deno);
    try {
      host.Deno.exit = ((code?: number) => {
        events.dying(
          `the task's code called Deno.exit(${code ?? ""})`,
          undefined,
        );
        return exit(code);
      }) as (code?: number) => never;
    } catch {
      // not writable on this host: the main side still sees the worker go
    }
  }
  if (host.process !== undefined && originalProcessExit !== undefined) {
    try {
      host.process.exit = ((code?: number) => {
        events.dying(
          `the task's code called process.exit(${code ?? ""})`,
          undefined,
        );
        return originalProcessExit(code);
      }) as (code?: number) => never;
    } catch {
      // not writable on this host
    }
  }
}

/**
 * Worker side: makes `globalThis.name` the thread's name where the host
 * left it unset (Bun and `node:worker_threads` give a worker's global no
 * `name`; Deno's Web Worker sets it from the `name` option).
 */
export function nameThisWorker(name: string): void {
  if (typeof host.name === "string" && host.name !== "") return;
  try {
    Object.defineProperty(globalThis, "name", {
      value: name,
      configurable: true,
      enumerable: true,
      writable: true,
    });
  } catch {
    // a host whose global refuses it: the name stays unknown there
  }
}

/** Worker side: this realm's JavaScript heap in use, in bytes (0 if unknown). */
export function heapUsed(): number {
  try {
    const usage = host.Deno?.memoryUsage?.() ?? host.process?.memoryUsage?.();
    return usage?.heapUsed ?? 0;
  } catch {
    return 0;
  }
}

// ---- the main side's other host facts ---------------------------------------

/** The number of logical cores, as the host reports it (4 when it does not). */
export function hardwareConcurrency(): number {
  let n = (globalThis as { navigator?: { hardwareConcurrency?: unknown } })
    .navigator?.hardwareConcurrency;
  if (n === undefined) {
    // Node 20 has no navigator
    try {
      const os = host.process?.getBuiltinModule?.("node:os") as
        | { availableParallelism?: () => number }
        | undefined;
      n = os?.availableParallelism?.();
    } catch {
      // no such module
    }
  }
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : 4;
}

/**
 * The URL of the program's main module, where the host says (Deno:
 * `Deno.mainModule`; Bun: `Bun.main`; Node: the script path).
 */
export function mainModuleUrl(): string | undefined {
  try {
    const deno = (host.Deno as { mainModule?: unknown } | undefined)
      ?.mainModule;
    if (typeof deno === "string") return deno;
    const bun = (host.Bun as { main?: unknown } | undefined)?.main;
    const path = typeof bun === "string"
      ? bun
      : (host.process as { argv?: unknown[] } | undefined)?.argv?.[1];
    if (typeof path === "string" && path.startsWith("/")) {
      return new URL(`file://${path}`).href;
    }
  } catch {
    // a host that refuses to say
  }
  return undefined;
}

/**
 * Calls `fn` after `seconds` without keeping the process alive for it;
 * returns a function that cancels it.
 */
export function backgroundTimer(seconds: number, fn: () => void): () => void {
  const ms = seconds * 1000;
  if (!(ms < 2 ** 31 - 1)) return () => {};
  const id = setTimeout(fn, ms) as unknown;
  try {
    const deno = host.Deno as { unrefTimer?: (id: number) => void } | undefined;
    if (typeof deno?.unrefTimer === "function") deno.unrefTimer(id as number);
    else (id as { unref?: () => void }).unref?.();
  } catch {
    // cannot be unreferenced here: it keeps the process alive, briefly
  }
  return () => clearTimeout(id as number);
}
