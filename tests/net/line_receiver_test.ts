import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  decode,
  encode,
  LineReceiver,
  StringTransport,
} from "../../net/mod.ts";

/** A LineReceiver that records what it receives, as text. */
class Recorder extends LineReceiver {
  events: string[] = [];
  lines: Uint8Array[] = [];
  override lineReceived(line: Uint8Array) {
    this.lines.push(line);
    this.events.push(`line ${decode(line)}`);
  }
  override rawDataReceived(data: Uint8Array) {
    this.events.push(`raw ${decode(data)}`);
  }
  override lineLengthExceeded(line: Uint8Array) {
    this.events.push(`exceeded ${decode(line)}`);
  }
}

function connected<P extends LineReceiver>(p: P): [P, StringTransport] {
  const t = new StringTransport();
  p.makeConnection(t);
  return [p, t];
}

describe("LineReceiver", () => {
  it("splits lines across any chunking, down to one byte at a time", () => {
    const input = "first\r\nsecond line\r\n\r\nlast\r\n";
    for (let size = 1; size <= input.length; size++) {
      const [p] = connected(new Recorder());
      for (let i = 0; i < input.length; i += size) {
        p.dataReceived(encode(input.slice(i, i + size)));
      }
      assert.deepEqual(
        p.events,
        ["line first", "line second line", "line ", "line last"],
        `chunk size ${size}`,
      );
    }
  });

  it("finds a multi-byte delimiter split across chunks", () => {
    const [p] = connected(new Recorder());
    p.delimiter = "<END>";
    for (const c of ["a<E", "N", "D>b<", "END", ">"]) p.dataReceived(encode(c));
    assert.deepEqual(p.events, ["line a", "line b"]);
  });

  it("hands out lines that later input does not overwrite", () => {
    const [p] = connected(new Recorder());
    p.dataReceived(encode("one\r\ntw"));
    p.dataReceived(encode("o\r\nthree\r\n"));
    p.dataReceived(encode("four\r\n"));
    assert.deepEqual(p.lines.map(decode), ["one", "two", "three", "four"]);
  });

  it("accepts a line of exactly MAX_LENGTH and refuses one byte more with what follows", () => {
    const [p] = connected(new Recorder());
    p.MAX_LENGTH = 3;
    p.dataReceived(encode("abc\r\nabcd\r\nrest"));
    assert.deepEqual(p.events, ["line abc", "exceeded abcd\r\nrest"]);
    assert.equal(p.clearLineBuffer().length, 0);
  });

  it("refuses an incomplete line once it reaches MAX_LENGTH plus the delimiter's length", () => {
    const [p] = connected(new Recorder());
    p.MAX_LENGTH = 3;
    p.dataReceived(encode("abcd"));
    assert.deepEqual(p.events, []);
    p.dataReceived(encode("e"));
    assert.deepEqual(p.events, ["exceeded abcde"]);
  });

  it("closes the connection on a long line by default", () => {
    const [p, t] = connected(new LineReceiver());
    p.MAX_LENGTH = 2;
    p.dataReceived(encode("long\r\n"));
    assert.equal(t.disconnecting, true);
  });

  it("switches to raw mode from lineReceived, delivering the rest of the buffer as one chunk", () => {
    class Headers extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (line.length === 0) this.setRawMode();
      }
    }
    const [p] = connected(new Headers());
    p.dataReceived(encode("Host: x\r\n\r\nbody\r\nmore"));
    p.dataReceived(encode("!"));
    assert.deepEqual(p.events, [
      "line Host: x",
      "line ",
      "raw body\r\nmore",
      "raw !",
    ]);
  });

  it("returns to line mode with setLineMode(extra), parsing extra at once", () => {
    class Sized extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        this.setRawMode();
      }
      override rawDataReceived(data: Uint8Array) {
        super.rawDataReceived(data.subarray(0, 2));
        this.setLineMode(data.subarray(2));
      }
    }
    const [p] = connected(new Sized());
    p.dataReceived(encode("a\r\nXYb\r\nZWc\r\n"));
    assert.deepEqual(p.events, [
      "line a",
      "raw XY",
      "line b",
      "raw ZW",
      "line c",
    ]);
  });

  it("switches modes 200,000 times within one chunk without growing the stack", () => {
    class Flipping extends LineReceiver {
      lines = 0;
      override delimiter = encode("\n");
      override lineReceived() {
        this.lines++;
        this.setRawMode();
      }
      override rawDataReceived(data: Uint8Array) {
        this.setLineMode(data.subarray(1));
      }
    }
    const [p] = connected(new Flipping());
    const n = 200_000;
    p.dataReceived(encode("x\nx".repeat(n)));
    assert.equal(p.lines, n);
  });

  it("stops delivering buffered lines while paused and resumes them in order", () => {
    class Pausing extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (decode(line) === "pause") this.pauseProducing();
      }
    }
    const [p, t] = connected(new Pausing());
    p.dataReceived(encode("a\r\npause\r\nb\r\nc"));
    assert.deepEqual(p.events, ["line a", "line pause"]);
    assert.equal(t.producerState, "paused");
    p.dataReceived(encode("\r\nd\r\n"));
    assert.deepEqual(p.events, ["line a", "line pause"]);
    p.resumeProducing();
    assert.equal(t.producerState, "producing");
    assert.deepEqual(p.events, [
      "line a",
      "line pause",
      "line b",
      "line c",
      "line d",
    ]);
  });

  it("stops delivering after a line that made the transport disconnect, keeping the rest", () => {
    class Quit extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (decode(line) === "quit") this.transport.loseConnection();
      }
    }
    const [p] = connected(new Quit());
    p.dataReceived(encode("quit\r\nignored\r\n"));
    assert.deepEqual(p.events, ["line quit"]);
    assert.equal(decode(p.clearLineBuffer()), "ignored\r\n");
  });

  it("queues data given from inside a callback after the data being parsed", () => {
    class Reenter extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (decode(line) === "a") this.dataReceived(encode("x\r\n"));
      }
    }
    const [p] = connected(new Reenter());
    p.dataReceived(encode("a\r\nb\r\n"));
    assert.deepEqual(p.events, ["line a", "line b", "line x"]);
  });

  it("keeps the lines a throwing callback did not get, for the next call", () => {
    class Boom extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (decode(line) === "boom") throw new Error("boom");
      }
    }
    const [p] = connected(new Boom());
    assert.throws(() => p.dataReceived(encode("boom\r\nnext\r\n")), /boom/);
    p.dataReceived(new Uint8Array(0));
    assert.deepEqual(p.events, ["line boom", "line next"]);
  });

  it("gives clearLineBuffer, called from lineReceived, the rest of the chunk being parsed, which is then not delivered", () => {
    class Switch extends Recorder {
      cleared: string[] = [];
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        if (decode(line) === "SWITCH") {
          this.dataReceived(encode("later\r\n")); // queued behind the rest
          this.cleared.push(decode(this.clearLineBuffer()));
          this.cleared.push(decode(this.clearLineBuffer()));
        }
      }
    }
    const [p] = connected(new Switch());
    p.dataReceived(encode("a\r\nSWITCH\r\nb\r\nc\r\npartial"));
    assert.deepEqual(p.events, ["line a", "line SWITCH"]);
    assert.deepEqual(p.cleared, ["b\r\nc\r\npartiallater\r\n", ""]);
    assert.equal(p.clearLineBuffer().length, 0);
    p.dataReceived(encode("d\r\n"));
    assert.deepEqual(p.events, ["line a", "line SWITCH", "line d"]);
  });

  it("parses the next chunk whole after a clearLineBuffer called from lineLengthExceeded or rawDataReceived", () => {
    class Clearing extends Recorder {
      override MAX_LENGTH = 3;
      override lineLengthExceeded(line: Uint8Array) {
        super.lineLengthExceeded(line);
        this.clearLineBuffer();
      }
      override rawDataReceived(data: Uint8Array) {
        super.rawDataReceived(data);
        this.clearLineBuffer();
        this.setLineMode();
      }
    }
    const [p] = connected(new Clearing());
    p.dataReceived(encode("toolong\r\n"));
    p.dataReceived(encode("\r\nabcdefg\r\n"));
    p.setRawMode();
    p.dataReceived(encode("raw"));
    p.dataReceived(encode("x\r\ny\r\n"));
    assert.deepEqual(p.events, [
      "exceeded toolong\r\n",
      "line ",
      "exceeded abcdefg\r\n",
      "raw raw",
      "line x",
      "line y",
    ]);
  });

  it("does not hand a throwing rawDataReceived or lineLengthExceeded the same bytes again", () => {
    class Boom extends Recorder {
      override MAX_LENGTH = 3;
      override rawDataReceived(data: Uint8Array) {
        super.rawDataReceived(data);
        throw new Error("boom");
      }
      override lineLengthExceeded(line: Uint8Array) {
        super.lineLengthExceeded(line);
        throw new Error("boom");
      }
    }
    const [p] = connected(new Boom());
    assert.throws(() => p.dataReceived(encode("toolong\r\nok\r\n")), /boom/);
    p.dataReceived(encode("z\r\n"));
    p.setRawMode();
    assert.throws(() => p.dataReceived(encode("AAA")), /boom/);
    assert.throws(() => p.dataReceived(encode("BBB")), /boom/);
    assert.deepEqual(p.events, [
      "exceeded toolong\r\nok\r\n",
      "line z",
      "raw AAA",
      "raw BBB",
    ]);
  });

  it("uses a delimiter changed between calls, even for the line already buffered", () => {
    const [p] = connected(new Recorder());
    p.dataReceived(encode("a\nb"));
    p.delimiter = "\n";
    p.dataReceived(encode("\n"));
    assert.deepEqual(p.events, ["line a", "line b"]);
  });

  it("sends a line with the delimiter, as bytes or as a UTF-8 string", () => {
    const [p, t] = connected(new LineReceiver());
    p.sendLine("é");
    p.sendLine(new Uint8Array([0, 255]));
    p.delimiter = new Uint8Array([10]);
    p.sendLine("x");
    assert.equal(t.value(), "\xc3\xa9\r\n\x00\xff\r\nx\n");
  });

  it("says to override lineReceived and rawDataReceived when they are not", () => {
    const [p] = connected(new LineReceiver());
    assert.throws(
      () => p.dataReceived(encode("x\r\n")),
      /LineReceiver\.lineReceived is not implemented: override it/,
    );
    p.setRawMode();
    assert.throws(
      () => p.dataReceived(encode("y")),
      /rawDataReceived is not implemented/,
    );
  });

  it("refuses bad input and bad settings with errors naming them", () => {
    const [p] = connected(new Recorder());
    assert.throws(
      () => p.dataReceived("text" as never),
      new TypeError(
        'Recorder.dataReceived: data must be a Uint8Array, got "text"',
      ),
    );
    p.MAX_LENGTH = -1;
    assert.throws(
      () => p.dataReceived(encode("x\r\n")),
      new RangeError("Recorder.MAX_LENGTH must be a number >= 0, got -1"),
    );
    p.MAX_LENGTH = "9" as never;
    assert.throws(() => p.dataReceived(encode("")), TypeError);
    p.MAX_LENGTH = 10;
    p.delimiter = "";
    assert.throws(
      () => p.dataReceived(encode("x")),
      new RangeError("Recorder.delimiter must not be empty"),
    );
    p.delimiter = 5 as never;
    assert.throws(
      () => p.dataReceived(encode("x")),
      /delimiter must be a Uint8Array or a string, got 5/,
    );
    p.delimiter = "\r\n";
    assert.throws(() => p.sendLine(5 as never), /sendLine: line must be/);
  });
});

describe("decode and encode", () => {
  it("round-trip UTF-8 text, short and long, ASCII or not", () => {
    for (const s of ["", "abc", "é", "x".repeat(100), "日本".repeat(40)]) {
      assert.equal(decode(encode(s)), s);
    }
    assert.equal(decode(new Uint8Array([0xff])), "\ufffd");
    assert.throws(() => decode("x" as never), TypeError);
    assert.throws(() => encode(1 as never), TypeError);
  });
});

/** `text` as bytes at byte offset `offset` of a larger buffer. */
function at(offset: number, text: string): Uint8Array {
  const bytes = encode(text);
  const all = new Uint8Array(offset + bytes.length + 3);
  all.set(bytes, offset);
  return all.subarray(offset, offset + bytes.length);
}

/** `n` bytes of varied text ("abc…", with no "\r" or "\n"), from `from`. */
function text(n: number, from = 0): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + ((from + i) % 26));
  return s;
}

describe("LineReceiver on long chunks (the word-at-a-time search)", () => {
  it("finds the delimiter at every position of a chunk, at every byte alignment", () => {
    for (let offset = 0; offset < 4; offset++) {
      for (let p = 0; p < 200; p++) {
        const [r] = connected(new Recorder());
        r.dataReceived(at(offset, text(p) + "\r\n" + text(198 - p, 7)));
        const where = `offset ${offset}, delimiter at ${p}`;
        assert.deepEqual(r.events, [`line ${text(p)}`], where);
        assert.equal(decode(r.clearLineBuffer()), text(198 - p, 7), where);
      }
    }
  });

  it("keeps a CR without LF in the line, wherever it falls in a word", () => {
    for (let offset = 0; offset < 4; offset++) {
      for (let q = 0; q < 100; q++) {
        const [r] = connected(new Recorder());
        const line = text(q) + "\r" + text(99 - q) + "\r";
        r.dataReceived(at(offset, line + "\r\n" + text(30)));
        assert.deepEqual(
          r.events,
          [`line ${line}`],
          `offset ${offset}, CR at ${q}`,
        );
      }
    }
  });

  it("finds a delimiter split across two long chunks", () => {
    for (let offset = 0; offset < 4; offset++) {
      const [r] = connected(new Recorder());
      r.dataReceived(at(offset, text(50) + "\r\n" + text(100) + "\r"));
      r.dataReceived(at(offset, "\n" + text(70) + "\r\n" + text(10)));
      assert.deepEqual(r.events, [
        `line ${text(50)}`,
        `line ${text(100)}`,
        `line ${text(70)}`,
      ], `offset ${offset}`);
    }
  });

  it("hands out every line of a chunk intact, short or long, with a one- or two-byte delimiter", () => {
    // line lengths 0-200 cover the copies of short lines (on Bun), views,
    // and lines longer than the word search goes before indexOf (on Bun)
    const lengths = Array.from({ length: 201 }, (_, i) => i).concat([
      1000,
      5000,
    ]);
    for (const delimiter of ["\r\n", "\n"]) {
      for (let offset = 0; offset < 4; offset++) {
        const lines = lengths.map((n, i) => text(n, i));
        const [r] = connected(new Recorder());
        r.delimiter = delimiter;
        r.dataReceived(at(offset, lines.join(delimiter) + delimiter));
        assert.deepEqual(
          r.events,
          lines.map((l) => `line ${l}`),
          `${JSON.stringify(delimiter)}, offset ${offset}`,
        );
      }
    }
  });

  it("hands out every line intact when each arrives in a chunk of its own", () => {
    // chunks of 2-202 bytes: below and above the sizes where the search
    // reads words and where (on Bun) every line is copied
    for (let offset = 0; offset < 4; offset++) {
      const [r] = connected(new Recorder());
      const lines = Array.from({ length: 201 }, (_, n) => text(n, n));
      for (const line of lines) r.dataReceived(at(offset, line + "\r\n"));
      assert.deepEqual(
        r.events,
        lines.map((l) => `line ${l}`),
        `offset ${offset}`,
      );
    }
  });

  it("applies a mode switch, a pause and a delimiter change made mid-chunk", () => {
    class Switcher extends Recorder {
      override lineReceived(line: Uint8Array) {
        super.lineReceived(line);
        const s = decode(line);
        if (s === "pause") this.pauseProducing();
        if (s === "newline") this.delimiter = "\n";
        if (s === "raw") this.setRawMode();
      }
    }
    const long = text(80);
    const [r] = connected(new Switcher());
    r.dataReceived(
      at(
        1,
        `${long}\r\npause\r\n${long}\r\nnewline\r\n${long}\r\n\n` +
          `${long}\nraw\n${long}\r\n`,
      ),
    );
    assert.deepEqual(r.events, [`line ${long}`, "line pause"]);
    r.resumeProducing();
    assert.deepEqual(r.events, [
      `line ${long}`,
      "line pause",
      `line ${long}`,
      "line newline",
      `line ${long}\r`,
      "line ",
      `line ${long}`,
      "line raw",
      `raw ${long}\r\n`,
    ]);
  });

  it("refuses a line over MAX_LENGTH inside a long chunk with what follows it", () => {
    const [r] = connected(new Recorder());
    r.MAX_LENGTH = 100;
    r.dataReceived(at(3, `${text(100)}\r\n${text(101)}\r\n${text(5)}\r\n`));
    assert.deepEqual(r.events, [
      `line ${text(100)}`,
      `exceeded ${text(101)}\r\n${text(5)}\r\n`,
    ]);
  });
});
