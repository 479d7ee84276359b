/**
 * The baseline worker of the threads bench: what a user would write with
 * raw `postMessage` — one message `[id, a, b]` in, one `[id, a + b]` out.
 *
 * @module
 */
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(data: unknown): void;
};
scope.onmessage = (e: MessageEvent) => {
  const m = e.data as [number, number, number];
  scope.postMessage([m[0], m[1] + m[2]]);
};
