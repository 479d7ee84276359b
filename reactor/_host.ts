/**
 * Everything the reactor layer asks of the host: the clock, the one timer,
 * the wakers, signals, and the program's end. No other file in `reactor/` touches
 * `setTimeout`, `MessageChannel`, `Deno` or `process`.
 *
 * How and why:
 * - Clock: `performance.timeOrigin + performance.now()`, in seconds —
 *   monotonic (never jumps back with the wall clock) yet close to epoch
 *   time, like Twisted's `time.time()`.
 * - Timer: `setTimeout`, clamped to 2^31-1 ms (hosts overflow beyond);
 *   the reactor re-arms when a clamped wait ends early.
 * - Wakers, measured on this project's machines (ping-pong, per wake):
 *   `queueMicrotask` ~0.1 µs, `MessageChannel` ~1–5 µs, `setTimeout(0)`
 *   1–2 ms (Deno clamps nested zero timeouts). A microtask runs right
 *   after the current host callback: used to wake the loop from outside it
 *   (a host callback calling `callFromThread`, a sooner `callLater`,
 *   `stop`). A `MessageChannel` message is a macrotask, so the host gets
 *   its turn (I/O, its own timers) in between: used when the loop itself
 *   must go round again at once (a `callLater(0)` made by a timed call,
 *   thread calls queued by thread calls). In Deno an open port keeps the
 *   process alive, so the reactor opens one per run and closes it after.
 * - Signals: `Deno.addSignalListener` on Deno, `process.on` on Bun/Node,
 *   feature-detected; each signal is tried on its own (Windows knows only
 *   SIGINT and SIGBREAK).
 *
 * `host` is a plain object so tests can substitute one function (and must
 * restore it).
 *
 * @module
 */
import { log } from "../defer/log.ts";

/** The longest wait a host timer takes: 2^31-1 ms (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Signals that stop the reactor gracefully. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGBREAK";

/** A way to run a function soon, as a host task of its own. */
export interface WakeChannel {
  /** Runs the channel's function once, as a separate host task. */
  post(): void;
  /** Releases the channel (it no longer keeps the process alive). */
  close(): void;
}

interface DenoSignals {
  build?: { os?: string };
  addSignalListener(signal: string, handler: () => void): void;
  removeSignalListener(signal: string, handler: () => void): void;
}
interface NodeProcess {
  platform?: string;
  on(event: string, handler: () => void): unknown;
  off?(event: string, handler: () => void): unknown;
  removeListener?(event: string, handler: () => void): unknown;
}

function denoSignals(): DenoSignals | undefined {
  const deno = (globalThis as { Deno?: Partial<DenoSignals> }).Deno;
  return typeof deno?.addSignalListener === "function" &&
      typeof deno.removeSignalListener === "function"
    ? deno as DenoSignals
    : undefined;
}

function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: Partial<NodeProcess> }).process;
  return typeof proc?.on === "function" ? proc as NodeProcess : undefined;
}

/**
 * Calls `fn` on the program's end event: Deno's `denoEvent` (a global
 * event), or the process's `nodeEvent` on Bun and Node.
 */
function onProgramEnd(
  denoEvent: string,
  nodeEvent: string,
  fn: () => void,
): void {
  const g = globalThis as {
    Deno?: unknown;
    addEventListener?: (type: string, fn: () => void) => void;
  };
  try {
    if (g.Deno !== undefined && typeof g.addEventListener === "function") {
      g.addEventListener(denoEvent, fn);
      return;
    }
    nodeProcess()?.on(nodeEvent, fn);
  } catch (e) {
    log.msg(`Not watching for the program's end (${nodeEvent}): ${e}`);
  }
}

/**
 * The host functions the reactor uses. Replace one only in a test, and put
 * it back in `finally`.
 */
export const host = {
  /** Monotonic time in seconds since the epoch. */
  seconds(): number {
    return (performance.timeOrigin + performance.now()) / 1000;
  },

  /** Calls `fn` once after `ms` milliseconds (clamped to 0..2^31-1). */
  startTimer(fn: () => void, ms: number): unknown {
    return setTimeout(fn, ms > MAX_TIMER_MS ? MAX_TIMER_MS : ms);
  },

  /** Cancels a timer from {@linkcode host.startTimer}. */
  stopTimer(handle: unknown): void {
    clearTimeout(handle as number);
  },

  /** Runs `fn` right after the current host callback (a microtask). */
  queueSoon(fn: () => void): void {
    queueMicrotask(fn);
  },

  /**
   * A channel that runs `fn` as a host task of its own each time it is
   * posted to: a `MessageChannel`, or `setTimeout(0)` where there is none.
   */
  openWakeChannel(fn: () => void): WakeChannel {
    if (typeof MessageChannel !== "function") {
      const timers = new Set<number>();
      return {
        post() {
          const id = setTimeout(() => {
            timers.delete(id);
            fn();
          }, 0) as unknown as number;
          timers.add(id);
        },
        close() {
          for (const id of timers) clearTimeout(id);
          timers.clear();
        },
      };
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn();
    return {
      post: () => channel.port2.postMessage(null),
      close() {
        channel.port1.onmessage = null;
        channel.port1.close();
        channel.port2.close();
      },
    };
  },

  /**
   * Calls `handler(signal)` on SIGINT, SIGTERM (and SIGBREAK on Windows)
   * until the returned function is called. Signals the host cannot listen
   * to are skipped; with no signal support at all this does nothing.
   */
  listenForSignals(handler: (signal: StopSignal) => void): () => void {
    const removers: (() => void)[] = [];
    const deno = denoSignals();
    const proc = deno ? undefined : nodeProcess();
    const windows = deno
      ? deno.build?.os === "windows"
      : proc?.platform === "win32";
    const signals: StopSignal[] = windows
      ? ["SIGINT", "SIGBREAK"]
      : ["SIGINT", "SIGTERM"];
    for (const signal of signals) {
      const listener = () => handler(signal);
      try {
        if (deno) {
          deno.addSignalListener(signal, listener);
          removers.push(() => deno.removeSignalListener(signal, listener));
        } else if (proc) {
          proc.on(signal, listener);
          removers.push(() => {
            if (proc.off) proc.off(signal, listener);
            else proc.removeListener?.(signal, listener);
          });
        }
      } catch (e) {
        log.msg(`Not listening for ${signal}: ${e}`);
      }
    }
    return () => {
      for (const remove of removers.splice(0)) {
        try {
          remove();
        } catch (e) {
          log.msg(`Could not remove a signal listener: ${e}`);
        }
      }
    };
  },

  /**
   * Calls `fn` when the program is about to end because its event loop ran
   * out of work (Deno's `beforeunload`, Node's and Bun's `beforeExit`); not
   * on an explicit exit or a signal. `fn` must not schedule new work.
   */
  atIdleExit(fn: () => void): void {
    onProgramEnd("beforeunload", "beforeExit", fn);
  },

  /**
   * Ends the program now with exit status `code` (`Deno.exit`,
   * `process.exit`); returns only on a host that cannot (Deno Deploy, a
   * browser), having logged why.
   */
  exit(code: number): void {
    const g = globalThis as {
      Deno?: { exit?: (code: number) => never };
      process?: { exit?: (code: number) => never };
    };
    try {
      if (typeof g.Deno?.exit === "function") g.Deno.exit(code);
      else if (typeof g.process?.exit === "function") g.process.exit(code);
      else log.msg(`This host cannot end the program (exit status ${code})`);
    } catch (e) {
      log.msg(`Could not end the program (exit status ${code}): ${e}`);
    }
  },

  /**
   * Calls `fn` as the program ends, however it ends but a signal that
   * kills it or a crash: after `atIdleExit`'s, and on an explicit
   * `Deno.exit`/`process.exit` too (Deno's `unload`, Node's and Bun's
   * process `exit`). `fn` must be synchronous.
   */
  atExit(fn: () => void): void {
    onProgramEnd("unload", "exit", fn);
  },

  /**
   * Calls `fn` once after `ms` milliseconds without keeping the process
   * alive for it; returns a function that cancels it.
   */
  startBackgroundTimer(fn: () => void, ms: number): () => void {
    const id = setTimeout(fn, ms) as unknown;
    try {
      const deno = (globalThis as {
        Deno?: { unrefTimer?: (id: number) => void };
      }).Deno;
      if (typeof deno?.unrefTimer === "function") deno.unrefTimer(id as number);
      else (id as { unref?: () => void }).unref?.();
    } catch {
      // cannot be unreferenced here: it holds the process for `ms`
    }
    return () => clearTimeout(id as number);
  },
};
