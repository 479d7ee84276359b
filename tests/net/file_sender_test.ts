import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CancelledError } from "../../mod.ts";
import {
  AccumulatingProtocol,
  connectedServerAndClient,
  FileSender,
  Protocol,
  StringTransport,
} from "../../net/mod.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** Asks a StringTransport's producer for chunks until it unregisters. */
async function drain(t: StringTransport): Promise<void> {
  for (let i = 0; i < 1000 && t.producer !== undefined; i++) {
    t.producer.resumeProducing();
    await Promise.resolve();
    await Promise.resolve();
  }
}

describe("FileSender", () => {
  it("registers as a pull producer and writes one CHUNK_SIZE piece per request", async () => {
    const t = new StringTransport();
    const s = new FileSender();
    s.CHUNK_SIZE = 3;
    const d = s.beginFileTransfer(text("abcdefg"), t);
    assert.equal(t.producer, s);
    assert.equal(t.streaming, false);
    t.producer!.resumeProducing();
    assert.equal(t.value(), "abc");
    await drain(t);
    assert.equal(t.value(), "abcdefg");
    assert.deepEqual([...(await d)], [103]);
    assert.equal(t.producer, undefined);
  });

  it("streams a ReadableStream one chunk per request, never reading ahead", async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls <= 3) controller.enqueue(text(`c${pulls}`));
        else controller.close();
      },
    }, { highWaterMark: 0 });
    const t = new StringTransport();
    const d = new FileSender().beginFileTransfer(stream, t);
    await drain(t);
    assert.equal(t.value(), "c1c2c3");
    assert.equal(new TextDecoder().decode(await d), "3");
    assert.ok(pulls <= 5, `pulled ${pulls} times`);
  });

  it("sends async and sync iterables, through transform", async () => {
    async function* gen() {
      yield text("ab");
      yield new Uint8Array(0);
      yield text("cd");
    }
    const t = new StringTransport();
    const d = new FileSender().beginFileTransfer(
      gen(),
      t,
      (c) => text(new TextDecoder().decode(c).toUpperCase()),
    );
    await drain(t);
    assert.equal(t.value(), "ABCD");
    await d;
    const u = new StringTransport();
    const e = new FileSender().beginFileTransfer([text("x")], u);
    await drain(u);
    assert.equal(u.value(), "x");
    await e;
  });

  it("fails its Deferred with what transform or the consumer's write throws after an asynchronous read, and lets go of the consumer", async () => {
    async function* one() {
      yield text("abc");
    }
    class BrokenWrite extends StringTransport {
      override write(): void {
        throw new Error("write boom");
      }
    }
    const cases = [
      {
        consumer: new StringTransport(),
        transform: (): Uint8Array => {
          throw new Error("transform boom");
        },
      },
      { consumer: new BrokenWrite(), transform: undefined },
    ];
    for (const { consumer, transform } of cases) {
      const d = new FileSender().beginFileTransfer(one(), consumer, transform);
      consumer.producer!.resumeProducing();
      await assert.rejects(
        Promise.resolve(d),
        /^Error: (transform|write) boom$/,
      );
      assert.equal(consumer.producer, undefined, "still registered");
    }
  });

  it("skips a long run of empty chunks from a synchronous source in one request, without recursion", async () => {
    function* mostlyEmpty() {
      for (let i = 0; i < 200_000; i++) yield new Uint8Array(0);
      yield text("end");
    }
    const t = new StringTransport();
    const d = new FileSender().beginFileTransfer(mostlyEmpty(), t);
    t.producer!.resumeProducing();
    assert.equal(t.value(), "end");
    t.producer!.resumeProducing();
    assert.equal(new TextDecoder().decode(await d), "d");
  });

  it("fails its Deferred when the consumer stops it, the source fails, or it is cancelled", async () => {
    const t = new StringTransport();
    const s = new FileSender();
    const d = s.beginFileTransfer(text("abc"), t);
    s.stopProducing();
    await assert.rejects(d.asPromise(), /Consumer asked us to stop producing/);

    const u = new StringTransport();
    const broken = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new RangeError("disk gone"));
      },
    });
    const e = new FileSender().beginFileTransfer(broken, u);
    await drain(u);
    await assert.rejects(e.asPromise(), RangeError);
    assert.equal(u.producer, undefined);

    const v = new StringTransport();
    const f = new FileSender().beginFileTransfer(text("abc"), v);
    f.cancel();
    await assert.rejects(f.asPromise(), CancelledError);
    assert.equal(v.producer, undefined);
  });

  it("streams a large source through a real transport with back-pressure, in order", async () => {
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    class Sender extends Protocol {
      done: Promise<Uint8Array> | undefined;
      override connectionMade() {
        this.done = new FileSender().beginFileTransfer(big, this.transport)
          .asPromise();
      }
    }
    const [client, server, pump] = connectedServerAndClient(
      AccumulatingProtocol,
      Sender,
      { windowBytes: 20_000 },
    );
    for (let i = 0; i < 200 && server.data.length < big.length; i++) {
      pump.flush();
      await Promise.resolve();
    }
    assert.equal(server.data.length, big.length);
    assert.ok(
      [...big.subarray(0, 1000)].every((b, i) =>
        server.data.charCodeAt(i) === b
      ),
    );
    await client.done;
  });

  it("refuses a bad consumer, transform or source", () => {
    const s = new FileSender();
    assert.throws(() => s.beginFileTransfer(text("x"), {} as never), TypeError);
    assert.throws(
      () => s.beginFileTransfer(text("x"), new StringTransport(), 5 as never),
      TypeError,
    );
    assert.throws(
      () => s.beginFileTransfer(42 as never, new StringTransport()),
      /file must be a Uint8Array, a ReadableStream or an iterable/,
    );
  });
});
