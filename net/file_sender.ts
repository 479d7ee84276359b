/**
 * `FileSender`: streams a file — here any source of bytes — to a consumer
 * (a transport) with the producer protocol, so a large file is never held
 * in memory and a slow peer slows the reading: Twisted's
 * `twisted.protocols.basic.FileSender`.
 *
 * How: `beginFileTransfer` registers the sender as a pull
 * (non-streaming) producer; each `resumeProducing` — which the transport
 * calls whenever its write queue has emptied — writes one chunk. Sources:
 * a `Uint8Array` (sent in `CHUNK_SIZE` pieces, as Twisted reads a file), a
 * `ReadableStream<Uint8Array>` (a `Deno.FsFile`'s `readable`,
 * `Bun.file(path).stream()`, a `fetch` body), or a sync or async iterable
 * of `Uint8Array` chunks. Asynchronous sources are read one chunk per
 * request, never ahead.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import { Deferred } from "../defer/deferred.ts";
import { CancelledError } from "../defer/errors.ts";
import { log } from "../defer/log.ts";
import type { IConsumer, IPullProducer } from "../reactor/io_interfaces.ts";

/**
 * What {@linkcode FileSender.beginFileTransfer} can send.
 *
 * @example
 * ```ts
 * import { type FileSource, FileSender, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const source: FileSource = [new TextEncoder().encode("chunk")];
 * const transport = new StringTransport();
 * const d = new FileSender().beginFileTransfer(source, transport);
 * // StringTransport is a test double: ask for each chunk by hand
 * while (transport.producer !== undefined) transport.producer.resumeProducing();
 * await d;
 * assert.equal(transport.value(), "chunk");
 * ```
 */
export type FileSource =
  | Uint8Array
  | ReadableStream<Uint8Array>
  | Iterable<Uint8Array>
  | AsyncIterable<Uint8Array>;

const EMPTY = new Uint8Array(0);

type Next = () => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/**
 * Sends a source of bytes to a consumer, one chunk each time the consumer
 * asks (see the module doc). The Deferred from `beginFileTransfer` fires
 * with the last byte sent (a `Uint8Array` of length 0 or 1, as Twisted's
 * `lastSent`) once everything is written, or fails if the consumer stops
 * it (`stopProducing`), the source fails, or it is cancelled.
 *
 * @example
 * ```ts
 * import { FileSender, StringTransport } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const t = new StringTransport();
 * const sender = new FileSender();
 * sender.CHUNK_SIZE = 4;
 * const d = sender.beginFileTransfer(new TextEncoder().encode("hello world"), t);
 * // StringTransport is a test double: ask for each chunk by hand
 * while (t.producer !== undefined) t.producer.resumeProducing();
 * const last = await d;
 * assert.equal(t.value(), "hello world");
 * assert.equal(new TextDecoder().decode(last), "d");
 * ```
 */
export class FileSender implements IPullProducer {
  /** The size of the pieces a `Uint8Array` source is sent in (16 KiB). */
  CHUNK_SIZE: number = 2 ** 14;
  /** The last byte sent (empty before the first). */
  lastSent: Uint8Array = EMPTY;
  /** The Deferred `beginFileTransfer` returned, until it fires. */
  deferred: Deferred<Uint8Array> | undefined = undefined;
  /** The consumer written to. */
  consumer: IConsumer | undefined = undefined;
  /** Applied to each chunk before it is written. */
  transform: ((chunk: Uint8Array) => Uint8Array) | undefined = undefined;
  #next: Next | undefined = undefined;
  #close: (() => void) | undefined = undefined;
  #reading = false;

  /**
   * Starts sending `file` to `consumer` (registering as its pull
   * producer), passing each chunk through `transform` if given.
   *
   * @example
   * ```ts
   * import { FileSender, StringTransport } from "@twisted-ts/core/net";
   * const t = new StringTransport();
   * const chunks = [new Uint8Array([1, 2]), new Uint8Array([3])];
   * const d = new FileSender().beginFileTransfer(chunks, t, (c) => c.map((b) => b * 2));
   * while (t.producer !== undefined) t.producer.resumeProducing();
   * if ((await d)[0] !== 6 || t.value() !== "\x02\x04\x06") throw new Error();
   * ```
   */
  beginFileTransfer(
    file: FileSource,
    consumer: IConsumer,
    transform?: (chunk: Uint8Array) => Uint8Array,
  ): Deferred<Uint8Array> {
    if (
      consumer === null || typeof consumer !== "object" ||
      typeof consumer.registerProducer !== "function" ||
      typeof consumer.write !== "function"
    ) {
      throw new TypeError(
        `FileSender.beginFileTransfer: consumer must be an IConsumer (registerProducer, unregisterProducer, write), got ${
          describeValue(consumer)
        }`,
      );
    }
    if (transform !== undefined && typeof transform !== "function") {
      throw new TypeError(
        `FileSender.beginFileTransfer: transform must be a function, got ${
          describeValue(transform)
        }`,
      );
    }
    this.#open(file);
    this.consumer = consumer;
    this.transform = transform;
    const deferred = new Deferred<Uint8Array>(() => {
      this.#stop(new CancelledError());
    });
    this.deferred = deferred;
    consumer.registerProducer(this, false);
    return deferred;
  }

  /**
   * Reads the next chunk and writes it (the consumer calls this); empty
   * chunks are skipped. What `transform` or the consumer's `write` throws
   * leaves this call, as in Twisted, when the chunk was at hand; after an
   * asynchronous read there is no caller: the Deferred fails with it.
   */
  resumeProducing(): void {
    if (this.#next === undefined || this.#reading) return;
    for (;;) {
      let got: Uint8Array | undefined | Promise<Uint8Array | undefined>;
      try {
        got = this.#next();
      } catch (e) {
        this.#fail(e);
        return;
      }
      if (got instanceof Promise) {
        this.#reading = true;
        got.then(
          (chunk) => {
            this.#reading = false;
            if (this.#next === undefined) return;
            try {
              if (this.#send(chunk)) this.resumeProducing();
            } catch (e) {
              this.#failLater(e);
            }
          },
          (e) => {
            this.#reading = false;
            this.#failLater(e);
          },
        );
        return;
      }
      if (!this.#send(got)) return;
    }
  }

  /** Does nothing: a pull producer is only asked, never paused. */
  pauseProducing(): void {}

  /** The consumer stopped: the Deferred fails. */
  stopProducing(): void {
    this.#stop(new Error("Consumer asked us to stop producing"));
  }

  /** Sends `chunk`; true when it was empty, so the next one is wanted. */
  #send(chunk: Uint8Array | undefined): boolean {
    if (chunk === undefined) {
      this.#end();
      const d = this.deferred;
      this.deferred = undefined;
      this.consumer?.unregisterProducer();
      d?.callback(this.lastSent);
      return false;
    }
    if (!(chunk instanceof Uint8Array)) {
      this.#fail(
        new TypeError(
          `FileSender: the source must give Uint8Array chunks, got ${
            describeValue(chunk)
          }`,
        ),
      );
      return false;
    }
    if (chunk.length === 0) return true;
    const out = this.transform ? this.transform(chunk) : chunk;
    this.consumer!.write(out);
    this.lastSent = out.subarray(out.length - 1);
    return false;
  }

  #open(file: FileSource): void {
    if (file instanceof Uint8Array) {
      let at = 0;
      this.#next = () => {
        if (at >= file.length) return undefined;
        const size = this.CHUNK_SIZE;
        if (!Number.isInteger(size) || size < 1) {
          throw new RangeError(
            `FileSender.CHUNK_SIZE must be an integer >= 1, got ${
              describeValue(size)
            }`,
          );
        }
        const chunk = file.subarray(at, at + size);
        at += chunk.length;
        return chunk;
      };
      return;
    }
    if (
      typeof ReadableStream !== "undefined" && file instanceof ReadableStream
    ) {
      const reader = file.getReader();
      this.#next = () =>
        reader.read().then((r) => r.done ? undefined : r.value);
      this.#close = () => {
        reader.cancel().catch(() => {});
      };
      return;
    }
    const f = file as Partial<AsyncIterable<Uint8Array> & Iterable<Uint8Array>>;
    if (
      f !== null && typeof f === "object" &&
      typeof f[Symbol.asyncIterator] === "function"
    ) {
      const it = (f as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      this.#next = () => it.next().then((r) => r.done ? undefined : r.value);
      this.#close = () => {
        it.return?.()?.catch?.(() => {});
      };
      return;
    }
    if (
      f !== null && typeof f === "object" &&
      typeof f[Symbol.iterator] === "function"
    ) {
      const it = (f as Iterable<Uint8Array>)[Symbol.iterator]();
      this.#next = () => {
        const r = it.next();
        return r.done ? undefined : r.value;
      };
      this.#close = () => {
        it.return?.();
      };
      return;
    }
    throw new TypeError(
      `FileSender.beginFileTransfer: file must be a Uint8Array, a ReadableStream or an iterable of Uint8Array, got ${
        describeValue(file)
      }`,
    );
  }

  #end(): void {
    this.#next = undefined;
    const close = this.#close;
    this.#close = undefined;
    close?.();
  }

  #fail(error: unknown): void {
    if (this.#next === undefined) return;
    this.#end();
    const d = this.deferred;
    this.deferred = undefined;
    try {
      this.consumer?.unregisterProducer();
    } finally {
      d?.errback(error);
    }
  }

  /** `#fail` from a promise callback: what it throws goes to `log`. */
  #failLater(error: unknown): void {
    try {
      this.#fail(error);
    } catch (e) {
      log.err(e, "FileSender: could not let go of the consumer:");
    }
  }

  #stop(error: Error): void {
    const d = this.deferred;
    if (d === undefined) return;
    this.deferred = undefined;
    const wasOpen = this.#next !== undefined;
    this.#end();
    if (wasOpen && error instanceof CancelledError) {
      try {
        this.consumer?.unregisterProducer();
      } catch {
        // the consumer had already let go of us
      }
    }
    d.errback(error);
  }
}
