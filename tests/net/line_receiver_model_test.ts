/**
 * LineReceiver against a reference model: a literal transcription of
 * Twisted 22.4's algorithm (one buffer, split off one line at a time), on
 * seeded random input cut into random chunks, with callbacks that switch
 * modes, pause, change the delimiter and MAX_LENGTH, re-enter
 * dataReceived and close the transport. Both must produce the same events.
 * The seed is in the test name: re-run a failure with it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomInt, seededRandom } from "../_random.ts";
import { LineReceiver } from "../../net/mod.ts";
import { binaryString } from "../../net/_bytes.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A transport that only has what LineReceiver uses. */
class FakeTransport {
  disconnecting = false;
  pauseProducing() {}
  resumeProducing() {}
  stopProducing() {}
  write() {}
  writeSequence() {}
  loseConnection() {
    this.disconnecting = true;
  }
  registerProducer() {}
  unregisterProducer() {}
  getPeer() {
    return { toString: () => "peer" };
  }
  getHost() {
    return { toString: () => "host" };
  }
}

const DELIMS = ["\r\n", "\n", "ab", "aba", "x"];

/** What a callback does, decided by the seed and the event's number. */
function decide(seed: number, n: number): number {
  return randomInt(seededRandom(seed * 7919 + n * 104729), 100);
}

interface Side {
  feed(s: string, offset?: number): void;
  resume(): void;
  clear(): string;
  setDelimiter(d: string): void;
  events: string[];
  paused(): boolean;
  transport: FakeTransport;
}

/** Callback behaviour shared by both sides. */
function behaviour(
  seed: number,
  events: string[],
  api: {
    setRaw(): void;
    setLine(extra: string): void;
    pause(): void;
    setDelimiter(d: string): void;
    setMax(n: number): void;
    lose(): void;
    reenter(s: string): void;
  },
) {
  return {
    line(line: string) {
      events.push(`line ${JSON.stringify(line)}`);
      const r = decide(seed, events.length);
      if (r < 8) api.setRaw();
      else if (r < 14) api.pause();
      else if (r < 19) api.setDelimiter(DELIMS[r % DELIMS.length]!);
      else if (r < 22) api.setMax([2, 5, 40][r % 3]!);
      else if (r < 24) api.lose();
      else if (r < 28) api.reenter("re\nab" + "x".repeat(r % 3));
    },
    raw(data: string) {
      events.push(`raw ${JSON.stringify(data)}`);
      const r = decide(seed, events.length);
      if (r < 40) api.setLine(data.slice(r % (data.length + 1)));
      else if (r < 50) api.setLine("");
      else if (r < 55) api.pause();
    },
    exceeded(data: string) {
      events.push(`exceeded ${JSON.stringify(data)}`);
    },
  };
}

/** Twisted's algorithm, transcribed, on binary strings. */
function modelSide(seed: number): Side {
  const events: string[] = [];
  const transport = new FakeTransport();
  let buffer = "";
  let busy = false;
  let paused = false;
  let lineMode = true;
  let delimiter = "\r\n";
  let max = 16384;
  const cb = behaviour(seed, events, {
    setRaw: () => lineMode = false,
    setLine: (extra) => {
      lineMode = true;
      if (extra) dataReceived(extra);
    },
    pause: () => paused = true,
    setDelimiter: (d) => delimiter = d,
    setMax: (n) => max = n,
    lose: () => transport.loseConnection(),
    reenter: (s) => dataReceived(s),
  });
  function dataReceived(data: string): void {
    if (busy) {
      buffer += data;
      return;
    }
    try {
      busy = true;
      buffer += data;
      while (buffer && !paused) {
        if (lineMode) {
          const i = buffer.indexOf(delimiter);
          if (i < 0) {
            if (buffer.length >= max + delimiter.length) {
              const line = buffer;
              buffer = "";
              return cb.exceeded(line);
            }
            return;
          }
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + delimiter.length);
          if (line.length > max) {
            const exceeded = line + delimiter + buffer;
            buffer = "";
            return cb.exceeded(exceeded);
          }
          cb.line(line);
          if (transport.disconnecting) return;
        } else {
          const data = buffer;
          buffer = "";
          cb.raw(data);
        }
      }
    } finally {
      busy = false;
    }
  }
  return {
    feed: dataReceived,
    resume: () => {
      paused = false;
      dataReceived("");
    },
    clear: () => {
      const b = buffer;
      buffer = "";
      return b;
    },
    setDelimiter: (d) => delimiter = d,
    events,
    paused: () => paused,
    transport,
  };
}

/** Ours. */
function oursSide(seed: number): Side {
  const events: string[] = [];
  const transport = new FakeTransport();
  class P extends LineReceiver {
    cb = behaviour(seed, events, {
      setRaw: () => this.setRawMode(),
      setLine: (extra) => this.setLineMode(bytes(extra)),
      pause: () => this.pauseProducing(),
      setDelimiter: (d) => this.delimiter = d,
      setMax: (n) => this.MAX_LENGTH = n,
      lose: () => transport.loseConnection(),
      reenter: (s) => this.dataReceived(bytes(s)),
    });
    override lineReceived(line: Uint8Array) {
      this.cb.line(binaryString(line));
    }
    override rawDataReceived(data: Uint8Array) {
      this.cb.raw(binaryString(data));
    }
    override lineLengthExceeded(line: Uint8Array) {
      this.cb.exceeded(binaryString(line));
    }
  }
  const p = new P();
  p.makeConnection(transport as never);
  return {
    feed: (s, offset = 0) => {
      // a view at `offset` into a larger buffer: the word search's
      // alignment varies with it
      const all = new Uint8Array(offset + s.length + 3);
      all.set(bytes(s), offset);
      p.dataReceived(all.subarray(offset, offset + s.length));
    },
    resume: () => p.resumeProducing(),
    clear: () => binaryString(p.clearLineBuffer()),
    setDelimiter: (d) => p.delimiter = d,
    events,
    paused: () => p.paused,
    transport,
  };
}

/** Short chunks dense with delimiters, or long ones with longer lines. */
const SHORT = { alphabet: "ab\r\nx\r\n", chunk: 25 };
const LONG = { alphabet: "cccccccccccccccccccccab\r\nx\n\r", chunk: 400 };

function run(seed: number, input = SHORT): void {
  const random = seededRandom(seed);
  const model = modelSide(seed);
  const ours = oursSide(seed);
  const { alphabet } = input;
  for (let step = 0; step < 60; step++) {
    const r = randomInt(random, 100);
    if (r < 75) {
      let chunk = "";
      const n = randomInt(random, input.chunk);
      for (let i = 0; i < n; i++) {
        chunk += alphabet[randomInt(random, alphabet.length)];
      }
      model.feed(chunk);
      ours.feed(chunk, input === SHORT ? 0 : randomInt(random, 4));
    } else if (r < 88) {
      if (model.paused()) {
        model.resume();
        ours.resume();
      }
    } else if (r < 92) {
      assert.equal(ours.clear(), model.clear(), `seed ${seed} clear`);
    } else if (r < 96) {
      const d = DELIMS[randomInt(random, DELIMS.length)]!;
      model.setDelimiter(d);
      ours.setDelimiter(d);
    } else {
      model.transport.disconnecting = false;
      ours.transport.disconnecting = false;
    }
    assert.deepEqual(ours.events, model.events, `seed ${seed} step ${step}`);
  }
  assert.equal(ours.clear(), model.clear(), `seed ${seed} final buffer`);
}

describe("LineReceiver against Twisted's algorithm", () => {
  for (let batch = 0; batch < 40; batch++) {
    const first = batch * 10 + 1;
    it(`delivers the same events for seeds ${first}-${first + 9}`, () => {
      for (let seed = first; seed < first + 10; seed++) run(seed);
    });
  }
  for (let batch = 0; batch < 20; batch++) {
    const first = 1000 + batch * 10 + 1;
    it(
      `delivers the same events on long chunks at any alignment, seeds ${first}-${
        first + 9
      }`,
      () => {
        for (let seed = first; seed < first + 10; seed++) run(seed, LONG);
      },
    );
  }
});
