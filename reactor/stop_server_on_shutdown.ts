/**
 * `stopServerOnShutdown`: ties an HTTP server (`Deno.serve`, `Bun.serve`,
 * or anything with the same stop methods) to a reactor's life, as a
 * Twisted service's `stopService` ties a port to it: when the reactor
 * shuts down — `reactor.stop()`, or SIGINT/SIGTERM under `run()` — the
 * server stops accepting connections, the requests in flight get up to
 * `drainTimeout` seconds to finish, and only then does shutdown go on to
 * stop the reactor's thread pool and end the loop. So a request that is
 * being served when the signal comes still gets its `deferToThread`
 * answered, and the process then exits on its own, with status 0.
 *
 * The server is duck-typed (no host API is touched here): Deno's
 * `HttpServer` has `shutdown()` (graceful) and `unref()`; Bun's `Server`
 * has `stop(closeActiveConnections)`. Past the drain timeout, a Bun server
 * is stopped with `stop(true)` (open connections are closed); a Deno
 * server, which has no such call, is `unref()`ed so it does not keep the
 * process alive, and shutdown goes on.
 *
 * @module
 */
import { describeValue, requireOptions } from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { log } from "../defer/log.ts";
import type { SystemEventTriggerID } from "./_three_phase_event.ts";
import type { IReactorTime } from "./interfaces.ts";
import { reactor as defaultReactor } from "./reactor.ts";

/**
 * An HTTP server this helper can stop: Deno's (`shutdown`, `unref`) or
 * Bun's (`stop`).
 *
 * @example
 * ```ts
 * import type { StoppableServer } from "@twisted-ts/core/reactor";
 * const fake: StoppableServer = { shutdown: () => Promise.resolve() };
 * fake.toString();
 * ```
 */
export interface StoppableServer {
  /** Deno: stop accepting, resolve once requests in flight are done. */
  shutdown?(): Promise<void>;
  /** Deno: let the process exit even while the server is open. */
  unref?(): void;
  /** Bun: stop accepting; with `true`, close open connections too. */
  stop?(closeActiveConnections?: boolean): Promise<void> | void;
}

/**
 * What a reactor must offer the helper: its time (for the drain timeout)
 * and its system events.
 *
 * @example
 * ```ts
 * import { Reactor, type ShutdownHost } from "@twisted-ts/core/reactor";
 * const host: ShutdownHost = new Reactor({ installSignalHandlers: false });
 * host.toString();
 * ```
 */
export interface ShutdownHost extends IReactorTime {
  /** Twisted's `addSystemEventTrigger`. */
  addSystemEventTrigger(
    phase: "before",
    event: "shutdown",
    fn: () => unknown,
  ): SystemEventTriggerID;
}

/**
 * Options for {@linkcode stopServerOnShutdown}.
 *
 * @example
 * ```ts
 * import type { StopServerOptions } from "@twisted-ts/core/reactor";
 * const options: StopServerOptions = { drainTimeout: 5 };
 * options.toString();
 * ```
 */
export interface StopServerOptions {
  /** The reactor whose shutdown stops the server (default: `reactor`). */
  reactor?: ShutdownHost;
  /**
   * Seconds requests in flight may take to finish once shutdown starts
   * (default 10); then the server is closed (Bun) or let go (Deno).
   */
  drainTimeout?: number;
}

/**
 * Stops `server` when the reactor shuts down, before the reactor's thread
 * pool is stopped: it stops accepting at once, and shutdown waits for the
 * requests in flight (at most `drainTimeout` seconds). Returns the trigger,
 * for `removeSystemEventTrigger`.
 *
 * @example A Deno server that shuts down cleanly on SIGTERM
 * ```ts ignore
 * import { deferToThread, reactor, stopServerOnShutdown } from "@twisted-ts/core";
 * reactor.run(); // in the background: the server keeps the process alive
 * const server = Deno.serve({ port: 8000 }, async () =>
 *   new Response(String(await deferToThread(hashTask, "input"))));
 * stopServerOnShutdown(server); // SIGTERM: drain, stop the pool, exit 0
 * ```
 *
 * @example The contract, with a stand-in server
 * ```ts
 * import assert from "node:assert/strict";
 * import { Reactor, stopServerOnShutdown } from "@twisted-ts/core/reactor";
 * const r = new Reactor({ installSignalHandlers: false });
 * const seen: string[] = [];
 * stopServerOnShutdown({ shutdown: async () => { seen.push("drained"); } }, { reactor: r });
 * r.addSystemEventTrigger("after", "shutdown", () => seen.push("stopped"));
 * r.callWhenRunning(() => r.stop());
 * await r.run();
 * assert.deepEqual(seen, ["drained", "stopped"]);
 * ```
 */
export function stopServerOnShutdown(
  server: StoppableServer,
  options: StopServerOptions = {},
): SystemEventTriggerID {
  requireOptions("stopServerOnShutdown: options", options, [
    "reactor",
    "drainTimeout",
  ]);
  const { reactor = defaultReactor, drainTimeout = 10 } = options;
  if (typeof reactor?.addSystemEventTrigger !== "function") {
    throw new TypeError(
      `stopServerOnShutdown: reactor must have an addSystemEventTrigger method, got ${
        describeValue(reactor)
      }`,
    );
  }
  if (
    typeof server !== "object" || server === null ||
    (typeof server.shutdown !== "function" && typeof server.stop !== "function")
  ) {
    throw new TypeError(
      `stopServerOnShutdown: server must have a shutdown() (Deno.serve) or stop() (Bun.serve) method, got ${
        describeValue(server)
      }`,
    );
  }
  if (
    typeof drainTimeout !== "number" || !(drainTimeout >= 0) ||
    drainTimeout === Infinity
  ) {
    // (Infinity would throw from callLater at shutdown, server left open)
    throw new RangeError(
      `stopServerOnShutdown: drainTimeout must be a finite number of seconds >= 0, got ${
        describeValue(drainTimeout)
      }`,
    );
  }
  return reactor.addSystemEventTrigger(
    "before",
    "shutdown",
    () => drain(server, drainTimeout, reactor),
  );
}

/**
 * Stops `server`; fires once it has drained, or after `seconds` (or at
 * once when cancelled: what a second signal does) having closed it.
 */
function drain(
  server: StoppableServer,
  seconds: number,
  time: IReactorTime,
): Deferred<void> {
  const letGo = (why: string) => {
    try {
      if (typeof server.shutdown === "function") server.unref?.();
      else void Promise.resolve(server.stop?.(true)).catch(fail);
    } catch (e) {
      log.err(e, "stopServerOnShutdown: could not close the server:");
    }
    log.msg(`stopServerOnShutdown: ${why}; shutting down without them`);
  };
  const done = new Deferred<void>(() => {
    timer.cancel();
    letGo("shutdown was forced with requests still in flight");
  });
  const finish = () => {
    if (timer.active()) timer.cancel();
    if (!done.called) done.callback(undefined);
  };
  const fail = (e: unknown) => {
    log.err(e, "stopServerOnShutdown: the server failed to stop:");
    finish();
  };
  const timer = time.callLater(seconds, () => {
    letGo(`requests still in flight after ${seconds} s`);
    finish();
  });
  try {
    const stopping = typeof server.shutdown === "function"
      ? server.shutdown()
      : server.stop!(false);
    Promise.resolve(stopping).then(finish, fail);
  } catch (e) {
    fail(e);
  }
  return done;
}
