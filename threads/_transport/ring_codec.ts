/**
 * The encoding of values in the shared-memory ring (`ring.ts`): what fits,
 * how it is written into 32-bit words, and how it is read back — checked,
 * because the main thread does not trust what a worker wrote.
 *
 * What fits (anything else takes the message path, unchanged):
 * `undefined`, `null`, booleans, numbers (an int32 in one word, any other
 * double — `-0`, `NaN` included — in two), strings of up to
 * {@linkcode MAX_STRING} UTF-16 code units (copied unit by unit, so lone
 * surrogates survive as they do in a structured clone), and at most one
 * typed array per record of up to {@linkcode MAX_BYTES} bytes over an
 * ordinary, non-resizable `ArrayBuffer` that was not marked for
 * `transfer` and viewed whole (two views in one record might share a
 * buffer, which a structured clone keeps shared and a copy would not; a
 * view of part of a buffer arrives as a view of a copy of all of it), and
 * not empty (an empty one may be of a detached buffer). A
 * typed array
 * arrives as a fresh array of the same kind over its own buffer, as a
 * structured clone makes it.
 *
 * Records: `TASK before id ref argc value…` (to a worker) and
 * `OK before id value` (back), after the ring's header word. `before` is
 * the number of records the writer had sent by message when it wrote this
 * one: the reader handles a ring record only once it has handled that many
 * message records, so the two paths keep the writer's order (see
 * `link.ts`).
 *
 * A value is a tag word (`tag | extra << 8`) and its payload: `INT` one
 * word, `F64` two (through a `DataView`, since a double may start at any
 * word), `STR` its length in `extra` and two code units per word (in the
 * host's byte order, which both threads share), `TYPED` its
 * kind in `extra`, its byte length, and its bytes.
 *
 * @module
 */
import { transferablesOf } from "../transfer.ts";
import { TYPED_ARRAY_KINDS } from "./codec.ts";
import { Op } from "./protocol.ts";
import { maxRecordWords, type Ring } from "./ring.ts";

/** The longest string the ring carries, in UTF-16 code units. */
export const MAX_STRING = 1024;
/** The largest typed array the ring carries, in bytes. */
export const MAX_BYTES = 4096;

const UNDEFINED = 1,
  NULL = 2,
  FALSE = 3,
  TRUE = 4,
  INT = 5,
  F64 = 6,
  STR = 7,
  TYPED = 8;

const KINDS = TYPED_ARRAY_KINDS;
const KIND_OF = new Map<unknown, number>(
  KINDS.map((k, i) => [k.prototype, i]),
);

/** The typed-array kind of `v` (an index into `KINDS`), or -1. */
function kindOf(v: object): number {
  // not a view (a plain object, a proxy — even of a typed array): no trap
  // of it runs, and a revoked proxy does not throw here
  if (!ArrayBuffer.isView(v)) return -1;
  const kind = KIND_OF.get(Object.getPrototypeOf(v));
  return kind === undefined ? -1 : kind;
}

// A view's own properties can shadow `byteLength`, `byteOffset` and
// `buffer` with getters that throw or lie from one read to the next: the
// ring reads them through the built-in getters, which see the real view.
const typedArrayProto = Object.getPrototypeOf(Int8Array.prototype) as object;
const getter = (proto: object, key: string) =>
  Object.getOwnPropertyDescriptor(proto, key)?.get as
    | ((this: unknown) => unknown)
    | undefined;
const viewBuffer = getter(typedArrayProto, "buffer")!;
const viewByteLength = getter(typedArrayProto, "byteLength")!;
const viewByteOffset = getter(typedArrayProto, "byteOffset")!;
const bufferByteLength = getter(ArrayBuffer.prototype, "byteLength")!;
const bufferResizable = getter(ArrayBuffer.prototype, "resizable");

/** Set by {@linkcode sizeOf}: whether the values sized hold a typed array. */
let typedSeen = false;

/**
 * The words `v` takes in the ring, or -1 if it does not fit there. Call
 * {@linkcode startSizing} before the values of one record.
 */
export function sizeOf(v: unknown): number {
  switch (typeof v) {
    case "number":
      return (v | 0) === v && (v !== 0 || 1 / v > 0) ? 2 : 3;
    case "boolean":
    case "undefined":
      return 1;
    case "string":
      return v.length <= MAX_STRING ? 1 + ((v.length + 1) >>> 1) : -1;
    case "object": {
      if (v === null) return 1;
      if (typedSeen) return -1;
      const kind = kindOf(v);
      if (kind < 0) return -1;
      // (`kindOf` found a real typed array: the built-in getters apply)
      const buffer = viewBuffer.call(v) as ArrayBuffer;
      const byteLength = viewByteLength.call(v) as number;
      // a view of part of a buffer arrives, cloned, as a view of a copy of
      // the whole buffer: only whole-buffer views are copied here. An empty
      // view may be one of a detached buffer, which cannot be read (and a
      // structured clone refuses): empty views go by message
      if (
        byteLength === 0 || byteLength > MAX_BYTES ||
        viewByteOffset.call(v) !== 0 ||
        Object.getPrototypeOf(buffer) !== ArrayBuffer.prototype ||
        bufferByteLength.call(buffer) !== byteLength ||
        bufferResizable?.call(buffer) === true ||
        transferablesOf(v) !== undefined
      ) return -1;
      typedSeen = true;
      return 2 + ((byteLength + 3) >>> 2);
    }
    default:
      return -1;
  }
}

/** Starts sizing the values of one record (see {@linkcode sizeOf}). */
export function startSizing(): void {
  typedSeen = false;
}

/** Writes `v` (sized by {@linkcode sizeOf}) at word `at`; returns the next. */
export function writeValue(ring: Ring, at: number, v: unknown): number {
  const words = ring.words;
  switch (typeof v) {
    case "number":
      if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
        words[at] = INT;
        words[at + 1] = v;
        return at + 2;
      }
      words[at] = F64;
      ring.view.setFloat64(4 * (at + 1), v, true);
      return at + 3;
    case "boolean":
      words[at] = v ? TRUE : FALSE;
      return at + 1;
    case "undefined":
      words[at] = UNDEFINED;
      return at + 1;
    case "string": {
      const n = v.length;
      words[at] = STR | n << 8;
      const units = ring.units;
      const first = 2 * (at + 1);
      for (let i = 0; i < n; i++) units[first + i] = v.charCodeAt(i);
      return at + 1 + ((n + 1) >>> 1);
    }
    default: {
      if (v === null) {
        words[at] = NULL;
        return at + 1;
      }
      // a whole-buffer view, as `sizeOf` checked, read the same way
      const n = viewByteLength.call(v) as number;
      words[at] = TYPED | kindOf(v as object) << 8;
      words[at + 1] = n;
      ring.bytes.set(
        new Uint8Array(viewBuffer.call(v) as ArrayBuffer, 0, n),
        4 * (at + 2),
      );
      return at + 2 + ((n + 3) >>> 2);
    }
  }
}

/** What {@linkcode readValue} returns for a malformed value. */
export const BAD: unique symbol = Symbol("bad ring value");

/** Where {@linkcode readValue} stopped: the word after the value it read. */
export let readEnd = 0;

/**
 * The value at word `at` of `ring`, which must end by word `end` (the end
 * of its record); {@linkcode BAD} if it is malformed. Sets
 * {@linkcode readEnd}.
 */
export function readValue(ring: Ring, at: number, end: number): unknown {
  if (at >= end) return BAD;
  const word = ring.words[at]!;
  const extra = word >>> 8;
  switch (word & 0xff) {
    case INT:
      if (at + 2 > end) return BAD;
      readEnd = at + 2;
      return ring.words[at + 1];
    case F64:
      if (at + 3 > end) return BAD;
      readEnd = at + 3;
      return ring.view.getFloat64(4 * (at + 1), true);
    case TRUE:
      readEnd = at + 1;
      return true;
    case FALSE:
      readEnd = at + 1;
      return false;
    case UNDEFINED:
      readEnd = at + 1;
      return undefined;
    case NULL:
      readEnd = at + 1;
      return null;
    case STR: {
      const next = at + 1 + ((extra + 1) >>> 1);
      if (extra > MAX_STRING || next > end) return BAD;
      readEnd = next;
      return readString(ring.units, 2 * (at + 1), extra);
    }
    case TYPED: {
      if (at + 2 > end || extra >= KINDS.length) return BAD;
      const n = ring.words[at + 1]!;
      const Kind = KINDS[extra]!;
      const next = at + 2 + ((n + 3) >>> 2);
      if (
        n < 0 || n > MAX_BYTES || next > end ||
        n % Kind.BYTES_PER_ELEMENT !== 0
      ) return BAD;
      readEnd = next;
      const start = 4 * (at + 2);
      return new Kind(ring.bytes.slice(start, start + n).buffer);
    }
    default:
      return BAD;
  }
}

function readString(units: Uint16Array, first: number, n: number): string {
  if (n <= 16) {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(units[first + i]!);
    return s;
  }
  return String.fromCharCode.apply(
    null,
    units.subarray(first, first + n) as unknown as number[],
  );
}

/** Words of a ring `TASK` record before its arguments. */
export const TASK_HEAD = 5;
/** Words of a ring `OK` record before its value. */
export const OK_HEAD = 3;

/**
 * Writes `TASK before id ref argc args…` into `ring` (committed, not yet
 * published); returns `false`, having written nothing, if an argument does
 * not fit the ring or the ring has no room now.
 */
export function writeTask(
  ring: Ring,
  before: number,
  id: number,
  ref: number,
  args: readonly unknown[],
): boolean {
  const argc = args.length;
  startSizing();
  let n = TASK_HEAD;
  for (let i = 0; i < argc; i++) {
    const size = sizeOf(args[i]);
    if (size < 0) return false;
    n += size;
  }
  if (n > maxRecordWords(ring.capacity)) return false;
  let at = ring.reserve(n);
  if (at < 0) return false;
  const words = ring.words;
  words[at] = n << 8 | Op.TASK;
  words[at + 1] = before;
  words[at + 2] = id;
  words[at + 3] = ref;
  words[at + 4] = argc;
  at += TASK_HEAD;
  for (let i = 0; i < argc; i++) at = writeValue(ring, at, args[i]);
  ring.commit(n);
  return true;
}

/**
 * Writes `OK before id value` into `ring` (committed, not yet published);
 * returns `false`, having written nothing, if the value does not fit the
 * ring or the ring has no room now.
 */
export function writeOk(
  ring: Ring,
  before: number,
  id: number,
  value: unknown,
): boolean {
  startSizing();
  const size = sizeOf(value);
  if (size < 0) return false;
  const n = OK_HEAD + size;
  if (n > maxRecordWords(ring.capacity)) return false;
  const at = ring.reserve(n);
  if (at < 0) return false;
  const words = ring.words;
  words[at] = n << 8 | Op.OK;
  words[at + 1] = before;
  words[at + 2] = id;
  writeValue(ring, at + OK_HEAD, value);
  ring.commit(n);
  return true;
}

/**
 * The arguments of the ring `TASK` record of `n` words at `at`, or
 * {@linkcode BAD} if they are malformed.
 */
export function readTaskArgs(
  ring: Ring,
  at: number,
  n: number,
): unknown[] | typeof BAD {
  const argc = ring.words[at + 4]!;
  const end = at + n;
  if (argc < 0 || argc > n) return BAD;
  const args = new Array<unknown>(argc);
  let p = at + TASK_HEAD;
  for (let i = 0; i < argc; i++) {
    const v = readValue(ring, p, end);
    if (v === BAD) return BAD;
    args[i] = v;
    p = readEnd;
  }
  return p === end ? args : BAD;
}
