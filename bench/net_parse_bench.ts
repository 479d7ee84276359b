/**
 * Parsing speed of the net layer's framing protocols: `LineReceiver`
 * splitting 1M lines delivered in 64 KiB chunks, against what a user would
 * otherwise write (and Twisted's `LineReceiver` on the same input, in
 * `bench/twisted/net_parse_bench.py`).
 *
 * Input: N lines of exactly L bytes plus `\r\n` (L = 14 and 62: "short"
 * 16-byte and 64-byte lines on the wire), the stream cut every 64 KiB —
 * a multiple of both line lengths, so every chunk ends on a line's end
 * and no line is carried over (the carry-over path is tested in
 * tests/net/, not timed here). The chunks are views of one buffer made
 * untimed. Per iteration, a fresh protocol receives every chunk; its
 * `lineReceived` counts the lines and their bytes.
 *
 * Benches per group:
 * - `floor: indexOf + subarray loop` (the baseline): a hand-written split,
 *   `indexOf(13)` then a `subarray` per line, carrying a partial line
 *   across chunks by concatenation — the least a byte-faithful splitter
 *   does (one typed-array view per line). Ours adds `LineReceiver`'s
 *   semantics (MAX_LENGTH, pausing, modes, re-entrancy) to that.
 * - `TextDecoder + string split`: decode each chunk to text (streaming) and
 *   `split("\r\n")` — the usual JavaScript way, which hands out strings.
 * - `LineReceiver`: ours.
 * - `floor: one view per line, no search` and `floor: one copy per line,
 *   no search`: the lines' places known in advance, each made into a
 *   `Uint8Array` — a view of the chunk (by `subarray` on Bun, by the
 *   constructor on Deno: each engine's cheaper way) or a fresh copy — and
 *   handed to one reused callback that counts it. No search, no
 *   bookkeeping: the least any splitter that hands out one array per line
 *   can cost, whatever it does. `LineReceiver` makes whichever of the two
 *   is cheaper on the engine (`lineCosts` in `net/_host.ts`).
 *
 * What limits ours: that one array per line (about 15 ns on V8, 15 ns for
 * a short copy to 35-40 ns for a view on JavaScriptCore), then the search
 * and the call; so throughput in bytes grows with the line length, and
 * 1 GB/s of 16-byte lines (16 ns a line) is at the floor itself: see the
 * module doc of `net/line_receiver.ts` and the README.
 *
 * ```sh
 * deno run -A --v8-flags=--expose-gc bench/run.ts bench/net_parse_bench.ts
 * bun bench/run.ts bench/net_parse_bench.ts
 * ```
 *
 * @module
 */
import { LineReceiver } from "../net/mod.ts";
import { runtime } from "./_runtime.ts";

/** Lines per iteration. */
export const LINES = 1_000_000;
/** The chunk size the stream is cut into. */
export const CHUNK = 65536;

/** The input: `lines` lines of `length` bytes plus CRLF, cut into chunks. */
export function makeInput(lines: number, length: number): Uint8Array[] {
  const lineBytes = length + 2;
  const all = new Uint8Array(lines * lineBytes);
  const pad = "x".repeat(length);
  const enc = new TextEncoder();
  for (let i = 0; i < lines; i++) {
    // "00000042xxxx…" (the line number, padded to `length`)
    const text = (String(i).padStart(8, "0") + pad).slice(0, length);
    const at = i * lineBytes;
    enc.encodeInto(text, all.subarray(at, at + length));
    all[at + length] = 13;
    all[at + length + 1] = 10;
  }
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += CHUNK) {
    chunks.push(all.subarray(i, i + CHUNK));
  }
  return chunks;
}

class Counter extends LineReceiver {
  lines = 0;
  bytes = 0;
  override lineReceived(line: Uint8Array): void {
    this.lines++;
    this.bytes += line.length;
  }
}

function check(what: string, lines: number): void {
  if (lines !== LINES) throw new Error(`${what}: ${lines} lines, not ${LINES}`);
}

/** The floor: indexOf + subarray, partial lines joined across chunks. */
function floorSplit(chunks: Uint8Array[]): number {
  let lines = 0;
  let bytes = 0;
  let carry: Uint8Array | undefined;
  for (let chunk of chunks) {
    if (carry !== undefined) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      chunk = joined;
      carry = undefined;
    }
    let pos = 0;
    for (;;) {
      const i = chunk.indexOf(13, pos);
      if (i < 0 || i + 1 >= chunk.length) break;
      if (chunk[i + 1] !== 10) {
        pos = i + 1;
        continue;
      }
      const line = chunk.subarray(pos, i);
      lines++;
      bytes += line.length;
      pos = i + 2;
    }
    if (pos < chunk.length) carry = chunk.slice(pos);
  }
  return lines + (bytes & 0);
}

let floorLines = 0;
let floorBytes = 0;
/** The floors' one reused callback. */
function take(line: Uint8Array): void {
  floorLines++;
  floorBytes += line.length;
}

/**
 * Where each line of `length` bytes (+ CRLF) starts in each chunk, and
 * the lines cut by a chunk boundary (which the floors copy whole).
 */
function linePlaces(chunks: Uint8Array[], length: number): {
  starts: Int32Array[];
  cut: Uint8Array[];
} {
  const step = length + 2;
  const starts: Int32Array[] = [];
  const cut: Uint8Array[] = [];
  let at = 0; // the chunk's offset in the stream
  for (const chunk of chunks) {
    const here: number[] = [];
    for (let p = (step - at % step) % step; p < chunk.length; p += step) {
      if (p + length <= chunk.length) here.push(p);
      else cut.push(new Uint8Array(length));
    }
    starts.push(Int32Array.from(here));
    at += chunk.length;
  }
  return { starts, cut };
}

/** Floor: a view per line (each engine's cheaper way), no search. */
function viewFloor(
  chunks: Uint8Array[],
  places: ReturnType<typeof linePlaces>,
  length: number,
): number {
  floorLines = 0;
  const bySubarray = runtime.name === "bun";
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const starts = places.starts[c]!;
    const buffer = chunk.buffer;
    const offset = chunk.byteOffset;
    for (let k = 0; k < starts.length; k++) {
      const p = starts[k]!;
      take(
        bySubarray
          ? chunk.subarray(p, p + length)
          : new Uint8Array(buffer, offset + p, length),
      );
    }
  }
  for (const line of places.cut) take(line);
  return floorLines;
}

/** Floor: a fresh copy per line, no search. */
function copyFloor(
  chunks: Uint8Array[],
  places: ReturnType<typeof linePlaces>,
  length: number,
): number {
  floorLines = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const starts = places.starts[c]!;
    for (let k = 0; k < starts.length; k++) {
      const p = starts[k]!;
      const line = new Uint8Array(length);
      for (let i = 0; i < length; i++) line[i] = chunk[p + i]!;
      take(line);
    }
  }
  for (const line of places.cut) take(line);
  return floorLines;
}

/** The usual JavaScript way: decode to text, split on "\r\n". */
function stringSplit(chunks: Uint8Array[]): number {
  const decoder = new TextDecoder();
  let lines = 0;
  let chars = 0;
  let carry = "";
  for (const chunk of chunks) {
    const parts = (carry + decoder.decode(chunk, { stream: true })).split(
      "\r\n",
    );
    carry = parts.pop()!;
    for (const p of parts) {
      lines++;
      chars += p.length;
    }
  }
  return lines + (chars & 0);
}

for (const length of [14, 62]) {
  const chunks = makeInput(LINES, length);
  const group = `LineReceiver 1M ${length + 2}-byte lines, 64 KiB chunks`;
  Deno.bench({
    name: "floor: indexOf + subarray loop",
    group,
    baseline: true,
    fn() {
      check(group, floorSplit(chunks));
    },
  });
  Deno.bench({
    name: "TextDecoder + string split",
    group,
    fn() {
      check(group, stringSplit(chunks));
    },
  });
  Deno.bench({
    name: "LineReceiver",
    group,
    fn() {
      const p = new Counter();
      for (const c of chunks) p.dataReceived(c);
      check(group, p.lines);
    },
  });
  const places = linePlaces(chunks, length);
  Deno.bench({
    name: "floor: one view per line, no search",
    group,
    fn() {
      check(group, viewFloor(chunks, places, length) + (floorBytes & 0));
    },
  });
  Deno.bench({
    name: "floor: one copy per line, no search",
    group,
    fn() {
      check(group, copyFloor(chunks, places, length) + (floorBytes & 0));
    },
  });
}
