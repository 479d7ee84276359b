/**
 * NetstringReceiver, IntNStringReceiver and LineOnlyReceiver against
 * reference models: literal transcriptions of Twisted 22.4's algorithms,
 * on seeded random (valid and malformed) input cut into random chunks.
 * Both sides must record the same events. The seed is in the test name.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomInt, seededRandom } from "../_random.ts";
import {
  Int16StringReceiver,
  Int8StringReceiver,
  LineOnlyReceiver,
  NetstringReceiver,
} from "../../net/mod.ts";
import { binaryString } from "../../net/_bytes.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

class FakeTransport {
  disconnecting = false;
  constructor(readonly events: string[]) {}
  loseConnection() {
    this.events.push("loseConnection");
    this.disconnecting = true;
  }
  pauseProducing() {}
  resumeProducing() {}
  stopProducing() {}
}

/** Cuts `input` into random chunks. */
function chunks(random: () => number, input: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < input.length) {
    const n = randomInt(random, 12);
    out.push(input.slice(i, i + n));
    i += n;
  }
  out.push("");
  return out;
}

// ---- netstrings

/** Twisted's NetstringReceiver, transcribed. */
function netstringModel(events: string[], max: number) {
  const transport = new FakeTransport(events);
  let remaining = "";
  let payload = "";
  let current = 0;
  let expected = 0;
  let parsingLength = true;
  class Incomplete {}
  class ParseError {}
  const maxLengthSize = () => Math.ceil(Math.log10(max)) + 1;
  const extractLength = (s: string) => {
    if (s.length > maxLengthSize()) throw new ParseError();
    const n = Number(s);
    if (n > max) throw new ParseError();
    return n;
  };
  const consume = () => {
    if (parsingLength) {
      const m = /^(0|[1-9][0-9]*)(:)/.exec(remaining);
      if (!m) {
        const p = /^(0|[1-9][0-9]*)$/.exec(remaining);
        if (!p) throw new ParseError();
        extractLength(p[1]!);
        throw new Incomplete();
      }
      expected = extractLength(m[1]!) + 1;
      remaining = remaining.slice(m[0].length);
      parsingLength = false;
      current = 0;
      payload = "";
    }
    if (remaining.length + current >= expected) {
      const r = expected - current;
      payload += remaining.slice(0, r);
      remaining = remaining.slice(r);
      current = expected;
    } else {
      payload += remaining;
      current += remaining.length;
      remaining = "";
    }
    if (current < expected) throw new Incomplete();
    if (payload.slice(-1) !== ",") throw new ParseError();
    parsingLength = true;
    events.push(`string ${JSON.stringify(payload.slice(0, -1))}`);
  };
  return (data: string) => {
    remaining += data;
    while (remaining) {
      try {
        consume();
      } catch (e) {
        if (e instanceof Incomplete) break;
        if (e instanceof ParseError) {
          transport.loseConnection();
          events.push("brokenPeer");
          break;
        }
        throw e;
      }
    }
  };
}

function netstringOurs(events: string[], max: number) {
  class N extends NetstringReceiver {
    override stringReceived(s: Uint8Array) {
      events.push(`string ${JSON.stringify(binaryString(s))}`);
    }
  }
  const p = new N();
  p.MAX_LENGTH = max;
  p.makeConnection(new FakeTransport(events) as never);
  return (data: string) => {
    const was = p.brokenPeer;
    p.brokenPeer = false;
    p.dataReceived(bytes(data));
    if (p.brokenPeer) events.push("brokenPeer");
    else p.brokenPeer = was;
  };
}

function netstringInput(random: () => number): string {
  let s = "";
  const pieces = 1 + randomInt(random, 6);
  for (let i = 0; i < pieces; i++) {
    const r = randomInt(random, 100);
    const payload = "ab,:0".repeat(randomInt(random, 4)).slice(
      0,
      randomInt(random, 15),
    );
    if (r < 70) s += `${payload.length}:${payload},`;
    else if (r < 75) s += `0${payload.length}:${payload},`;
    else if (r < 80) s += `${payload.length}:${payload}x`;
    else if (r < 85) s += `${payload.length + 100}:${payload},`;
    else if (r < 90) s += `x${payload}`;
    else if (r < 95) s += "1234567:";
    else s += `${payload.length}${payload}`;
  }
  return s;
}

// ---- int-prefixed strings

/** Twisted's IntNStringReceiver, transcribed (no re-entrancy, no limit). */
function intModel(events: string[], size: number, max: number) {
  let unprocessed = "";
  const read = (s: string, at: number) => {
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + s.charCodeAt(at + i);
    return n;
  };
  return (data: string) => {
    const all = unprocessed + data;
    let offset = 0;
    unprocessed = all;
    while (all.length >= offset + size) {
      const start = offset + size;
      const length = read(all, offset);
      if (length > max) {
        events.push(`exceeded ${length}`);
        return "stop";
      }
      const end = start + length;
      if (all.length < end) break;
      offset = end;
      events.push(`string ${JSON.stringify(all.slice(start, end))}`);
    }
    unprocessed = all.slice(offset);
    return "";
  };
}

function intOurs(events: string[], size: number, max: number) {
  const Base = size === 1 ? Int8StringReceiver : Int16StringReceiver;
  let stopped = false;
  class P extends Base {
    override stringReceived(s: Uint8Array) {
      events.push(`string ${JSON.stringify(binaryString(s))}`);
    }
    override lengthLimitExceeded(length: number) {
      events.push(`exceeded ${length}`);
      stopped = true;
    }
  }
  const p = new P();
  p.MAX_LENGTH = max;
  return (data: string) => {
    p.dataReceived(bytes(data));
    return stopped ? "stop" : "";
  };
}

function intInput(random: () => number, size: number): string {
  let s = "";
  for (let i = randomInt(random, 6); i >= 0; i--) {
    const length = randomInt(random, 20);
    const prefix = size === 1
      ? String.fromCharCode(length)
      : String.fromCharCode(length >> 8, length & 255);
    s += prefix + "xyz\x00\xff".repeat(5).slice(0, length);
  }
  return s;
}

// ---- lines only

/** Twisted's LineOnlyReceiver, transcribed. */
function lineOnlyModel(events: string[], max: number, delimiter: string) {
  let buffer = "";
  const transport = new FakeTransport(events);
  return (data: string) => {
    const lines = (buffer + data).split(delimiter);
    buffer = lines.pop()!;
    for (const line of lines) {
      if (transport.disconnecting) return;
      if (line.length > max) {
        events.push(`exceeded ${JSON.stringify(line)}`);
        transport.loseConnection();
        return;
      }
      events.push(`line ${JSON.stringify(line)}`);
      if (line === "bye") transport.loseConnection();
    }
    if (buffer.length > max) {
      events.push(`exceeded ${JSON.stringify(buffer)}`);
      transport.loseConnection();
    }
  };
}

function lineOnlyOurs(events: string[], max: number, delimiter: string) {
  const transport = new FakeTransport(events);
  class L extends LineOnlyReceiver {
    override lineReceived(line: Uint8Array) {
      const s = binaryString(line);
      events.push(`line ${JSON.stringify(s)}`);
      if (s === "bye") transport.loseConnection();
    }
    override lineLengthExceeded(line: Uint8Array) {
      events.push(`exceeded ${JSON.stringify(binaryString(line))}`);
      transport.loseConnection();
    }
  }
  const p = new L();
  p.MAX_LENGTH = max;
  p.delimiter = delimiter;
  p.makeConnection(transport as never);
  return (data: string) => p.dataReceived(bytes(data));
}

function lineInput(random: () => number): string {
  const words = ["bye", "a", "hello", "\r", "\n", "\r\n", "xx\r\n"];
  let s = "";
  for (let i = randomInt(random, 15); i >= 0; i--) {
    s += words[randomInt(random, words.length)];
  }
  return s;
}

describe("framing receivers against Twisted's algorithms", () => {
  for (let batch = 0; batch < 10; batch++) {
    const first = batch * 30 + 1;
    const seeds = Array.from({ length: 30 }, (_, i) => first + i);
    it(
      `NetstringReceiver delivers the same events for seeds ${first}-${
        first + 29
      }`,
      () => {
        for (const seed of seeds) {
          const random = seededRandom(seed);
          const max = [99999, 5, 10, 1][seed % 4]!;
          const a: string[] = [], b: string[] = [];
          const model = netstringModel(a, max);
          const ours = netstringOurs(b, max);
          for (const c of chunks(random, netstringInput(random))) {
            model(c);
            ours(c);
            assert.deepEqual(b, a, `seed ${seed}`);
          }
        }
      },
    );
    it(
      `Int8/Int16StringReceiver deliver the same events for seeds ${first}-${
        first + 29
      }`,
      () => {
        for (const seed of seeds) {
          const random = seededRandom(seed);
          const size = 1 + (seed % 2);
          const max = [99999, 12][seed % 2]!;
          const a: string[] = [], b: string[] = [];
          const model = intModel(a, size, max);
          const ours = intOurs(b, size, max);
          for (const c of chunks(random, intInput(random, size))) {
            const stopA = model(c);
            const stopB = ours(c);
            assert.deepEqual(b, a, `seed ${seed}`);
            assert.equal(stopB, stopA);
            if (stopA) break; // after the limit, Twisted re-delivers (declared)
          }
        }
      },
    );
    it(
      `LineOnlyReceiver delivers the same events for seeds ${first}-${
        first + 29
      }`,
      () => {
        for (const seed of seeds) {
          const random = seededRandom(seed);
          const max = [16384, 3, 6][seed % 3]!;
          const delimiter = ["\r\n", "\n", "a"][seed % 3]!;
          const a: string[] = [], b: string[] = [];
          const model = lineOnlyModel(a, max, delimiter);
          const ours = lineOnlyOurs(b, max, delimiter);
          for (const c of chunks(random, lineInput(random))) {
            model(c);
            ours(c);
            assert.deepEqual(b, a, `seed ${seed}`);
          }
        }
      },
    );
  }
});
