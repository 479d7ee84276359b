/**
 * `ChunkQueue`: the input a parsing receiver has not parsed yet, and the
 * rule every receiver of `net/` keeps for it. Data given while a chunk is
 * being parsed — a `dataReceived` called from inside one of the
 * receiver's callbacks — is queued behind that chunk and parsed once it is
 * done, never in the middle of it; data a receiver could not take yet
 * (paused, or a callback threw) goes back to the front, and is parsed
 * before anything newer.
 *
 * @module
 */

/** A receiver's unparsed input, oldest first, and its re-entry guard. */
export class ChunkQueue {
  /** Chunks not parsed yet, oldest first (a receiver may replace it). */
  chunks: Uint8Array[] = [];
  #busy = false;

  /**
   * Parses `data` with `parse`, after whatever is queued; called while a
   * `parse` runs (from a callback), it only queues `data`. `parse` returns
   * false to stop for now, having put back (`chunks.unshift`) what it did
   * not use.
   */
  feed(data: Uint8Array, parse: (chunk: Uint8Array) => boolean): void {
    if (this.#busy) {
      if (data.length > 0) this.chunks.push(data);
      return;
    }
    this.#busy = true;
    try {
      let chunk: Uint8Array | undefined = data;
      if (this.chunks.length > 0) {
        if (data.length > 0) this.chunks.push(data);
        chunk = this.chunks.shift();
      }
      while (chunk !== undefined) {
        if (!parse(chunk)) return;
        chunk = this.chunks.shift();
      }
    } finally {
      this.#busy = false;
    }
  }
}
