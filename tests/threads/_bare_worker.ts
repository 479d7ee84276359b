/**
 * `startBareWorker`: a worker on a fixture module with none of the pool's
 * machinery — a Web Worker, or Node's (which has none). Its fixture talks
 * back through `fixtures/_bare_port.ts`.
 *
 * @module
 */
import { Worker as NodeWorker } from "node:worker_threads";

/** A started bare worker. */
export interface BareWorker {
  postMessage(data: unknown): void;
  /** Calls `fn` with the data of the next message the worker posts. */
  onNextMessage(fn: (data: unknown) => void): void;
  terminate(): void;
}

/** Starts a bare worker on `url`. */
export function startBareWorker(url: URL): BareWorker {
  if (typeof Worker === "function") {
    const w = new Worker(url, { type: "module" });
    return {
      postMessage: (m) => w.postMessage(m),
      onNextMessage: (fn) => {
        w.onmessage = (e: MessageEvent) => fn(e.data);
      },
      terminate: () => w.terminate(),
    };
  }
  const w = new NodeWorker(url);
  return {
    postMessage: (m) => w.postMessage(m),
    onNextMessage: (fn) => w.once("message", fn),
    terminate: () => void w.terminate(),
  };
}
