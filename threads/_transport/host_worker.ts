/**
 * The one file of `threads/` that touches the host's `Worker` and the
 * Deno/Bun globals around it, on both sides of the boundary. Everything else
 * in the layer talks to the small interfaces below, so it stays
 * host-neutral and testable.
 *
 * Main side, {@linkcode startWorker}: a module Worker with its events folded
 * into two callbacks — a message, or "this worker is gone, here is why". The
 * signals, per host (checked on Deno 2.9 and Bun 1.4):
 * - uncaught error or unhandled rejection in the worker: an `error` event on
 *   both (Deno would also end the whole process unless the event is
 *   `preventDefault()`ed, which this file always does), then the worker is
 *   gone; Bun also emits `close`.
 * - `close()` in the worker (Deno; Bun workers have no `close`), `Deno.exit`
 *   or `process.exit` in the worker: no event on Deno, `close` on Bun. The
 *   worker side therefore wraps those functions to say `DYING` first.
 * - an entry module that fails to load: an `error` event on both.
 *
 * Worker side, {@linkcode connectToParent}: the parent port, the wrapped
 * exits, and listeners that report an uncaught error or unhandled
 * rejection and then end the worker themselves (the host would end it
 * anyway, printing the error; this way the parent hears why first).
 *
 * Least privilege: on Deno, `permissions` becomes the Worker's
 * `deno.permissions`. Deno 2.9 still gates that option behind
 * `--unstable-worker-options` (or `"unstable": ["worker-options"]` in
 * deno.json), offers no way to detect the flag, and without it ends the
 * whole process (exit code 70, "Unstable API 'Worker.deno.permissions'")
 * instead of throwing. Bun has no worker permissions: the option is
 * accepted and not enforced ({@linkcode permissionsEnforced} says which).
 *
 * @module
 */

/**
 * Deno's worker permission descriptor (`"inherit"`, `"none"` or per kind),
 * for a pool's `permissions` option.
 *
 * @example
 * ```ts
 * import type { ThreadPermissions } from "@twisted-ts/core/threads";
 * const readTasksOnly: ThreadPermissions = {
 *   read: [new URL("./tasks/", "file:///srv/app/")],
 *   net: false,
 *   env: false,
 * };
 * if (typeof readTasksOnly !== "object") throw new Error("unexpected");
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

/** What a started Worker reports. */
export interface HostWorkerEvents {
  /** A message arrived. */
  message(data: unknown): void;
  /** The worker is gone (or unusable); `cause` says why. Called once. */
  death(cause: string): void;
}

/** A started Worker. */
export interface HostWorker {
  /** Posts `data`, transferring `transfer`; throws `DataCloneError` as the host does. */
  post(data: unknown, transfer: Transferable[] | undefined): void;
  /** Ends the worker at once (only for a worker already judged dead). */
  terminate(): void;
}

interface HostGlobals {
  Worker?: typeof Worker;
  name?: unknown;
  Deno?: { exit?: (code?: number) => never; version?: { deno?: string } };
  Bun?: unknown;
  process?: { exit?: (code?: number) => never };
  close?: () => void;
  postMessage?: (data: unknown, transfer?: Transferable[]) => void;
  addEventListener?: (type: string, fn: (e: Event) => void) => void;
}

const host = globalThis as unknown as HostGlobals;

/** Whether this host has `Worker` at all (some serverless hosts do not). */
export const workerSupported: boolean = typeof host.Worker === "function";

/** Whether a pool's `permissions` option is enforced here (Deno: yes; Bun: no). */
export const permissionsEnforced: boolean = host.Deno !== undefined &&
  host.Bun === undefined;

/**
 * Starts a module Worker on `url` named `name`. `permissions` applies on
 * Deno (see the module doc for the flag it needs) and is ignored elsewhere.
 * Throws whatever the host's constructor throws.
 */
export function startWorker(
  url: URL,
  name: string,
  permissions: ThreadPermissions | undefined,
  events: HostWorkerEvents,
): HostWorker {
  const Ctor = host.Worker;
  if (typeof Ctor !== "function") {
    throw new TypeError("startWorker: this host has no Worker");
  }
  const options: Record<string, unknown> = { type: "module", name };
  if (permissions !== undefined && permissionsEnforced) {
    options.deno = { permissions };
  }
  const worker = new Ctor(url, options as WorkerOptions);
  let dead = false;
  const die = (cause: string) => {
    if (dead) return;
    dead = true;
    events.death(cause);
  };
  worker.addEventListener("message", (e: MessageEvent) => {
    if (!dead) events.message(e.data);
  });
  worker.addEventListener("messageerror", () => {
    die("it sent a message that could not be deserialized");
    worker.terminate();
  });
  worker.addEventListener("error", (e: Event) => {
    e.preventDefault();
    die(`uncaught error: ${describeErrorEvent(e as ErrorEvent)}`);
  });
  // Bun: fires when the worker ends for any reason
  worker.addEventListener("close", (e: Event) => {
    const code = (e as Event & { code?: unknown }).code;
    die(`it exited${typeof code === "number" ? ` with code ${code}` : ""}`);
  });
  return {
    post(data, transfer) {
      if (transfer !== undefined && transfer.length > 0) {
        worker.postMessage(data, transfer);
      } else {
        worker.postMessage(data);
      }
    },
    terminate() {
      dead = true;
      worker.terminate();
    },
  };
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

/** The worker side's view of its parent. */
export interface ParentPort {
  /** Posts `data` to the main thread, transferring `transfer`. */
  post(data: unknown, transfer?: Transferable[]): void;
  /** Ends this worker (after `BYE`): `close()` on Deno, `process.exit` on Bun. */
  exit(): void;
}

/**
 * Worker side: listens for the parent's messages and wraps the ways a
 * worker can end (`close`, `Deno.exit`, `process.exit`, an uncaught error,
 * an unhandled rejection) so `dying(reason, error)` runs first.
 */
export function connectToParent(
  onMessage: (data: unknown) => void,
  dying: (reason: string, error: unknown) => void,
): ParentPort {
  const post = host.postMessage!.bind(globalThis);
  const originalClose = typeof host.close === "function"
    ? host.close.bind(globalThis)
    : undefined;
  const processExit = host.process?.exit;
  const originalProcessExit = typeof processExit === "function"
    ? processExit.bind(host.process)
    : undefined;
  if (originalClose !== undefined) {
    host.close = () => {
      dying("the task's code called close()", undefined);
      originalClose();
    };
  }
  const denoExit = host.Deno?.exit;
  if (host.Deno !== undefined && typeof denoExit === "function") {
    const exit = denoExit.bind(host.Deno);
    try {
      host.Deno.exit = ((code?: number) => {
        dying(`the task's code called Deno.exit(${code ?? ""})`, undefined);
        return exit(code);
      }) as (code?: number) => never;
    } catch {
      // not writable on this host: the main side still sees the worker go
    }
  }
  if (host.process !== undefined && originalProcessExit !== undefined) {
    try {
      host.process.exit = ((code?: number) => {
        dying(`the task's code called process.exit(${code ?? ""})`, undefined);
        return originalProcessExit(code);
      }) as (code?: number) => never;
    } catch {
      // not writable on this host
    }
  }
  // report, then end the worker ourselves: the host would end it anyway
  // (and print the error); this way the parent hears why first
  const fatal = (reason: string, error: unknown) => {
    dying(reason, error);
    if (originalClose !== undefined) originalClose();
    else originalProcessExit?.(1);
  };
  host.addEventListener!("error", (e: Event) => {
    const ev = e as ErrorEvent;
    e.preventDefault();
    fatal("uncaught error", ev.error ?? ev.message);
  });
  host.addEventListener!("unhandledrejection", (e: Event) => {
    e.preventDefault();
    fatal("unhandled rejection", (e as PromiseRejectionEvent).reason);
  });
  host.addEventListener!("message", (e: Event) => {
    onMessage((e as MessageEvent).data);
  });
  return {
    post(data, transfer) {
      if (transfer !== undefined && transfer.length > 0) post(data, transfer);
      else post(data);
    },
    exit() {
      if (originalClose !== undefined) originalClose();
      else if (originalProcessExit !== undefined) originalProcessExit(0);
    },
  };
}

/**
 * Worker side: makes `globalThis.name` the thread's name where the host
 * left it unset (Bun gives a Worker's global no `name`; Deno sets it from
 * the Worker's `name` option already).
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
