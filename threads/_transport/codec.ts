/**
 * A small binary codec for values that must reach a worker which is blocked
 * in `Atomics.wait` (the answer to `blockingCallFromThread`). A blocked
 * worker cannot receive messages, so the main thread writes the answer into
 * a `SharedArrayBuffer` and wakes it; no web-standard API turns a value into
 * structured-clone bytes, so this file does it for the values a reactor
 * call usually returns.
 *
 * How: a depth-first walk writes one tag byte per value, then its payload
 * (little-endian): numbers as float64, strings as a length and UTF-16 code
 * units (so lone surrogates survive), containers as a count and their
 * items. Objects seen before are written as a back-reference to their
 * index, so shared and cyclic structures come back with the same shape.
 * O(size of the value) time and space.
 *
 * Supported, as structured clone does: `undefined`, `null`, booleans,
 * numbers (NaN, -0, ±Infinity), bigints, strings, arrays, plain objects and
 * other objects' own enumerable string-keyed properties, `Date`, `RegExp`,
 * `Map`, `Set`, `ArrayBuffer`, typed arrays, `DataView` (a view's bytes are
 * copied into a fresh buffer), and errors (name, message, stack, cause).
 * Functions and symbols throw a `TypeError` naming the path to them.
 *
 * @module
 */

import { errorClassNamed } from "./protocol.ts";

const Tag = {
  Undefined: 0,
  Null: 1,
  False: 2,
  True: 3,
  Number: 4,
  BigInt: 5,
  String: 6,
  Array: 7,
  Object: 8,
  Date: 9,
  RegExp: 10,
  Map: 11,
  Set: 12,
  ArrayBuffer: 13,
  View: 14,
  Error: 15,
  Ref: 16,
} as const;
type Tag = typeof Tag[keyof typeof Tag];

/** The typed-array classes, in the order both codecs number them. */
export const TYPED_ARRAY_KINDS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  // where the host has it (both threads run the same host)
  ...("Float16Array" in globalThis
    ? [
      (globalThis as unknown as { Float16Array: Float32ArrayConstructor })
        .Float16Array,
    ]
    : []),
] as const;
const VIEWS = [...TYPED_ARRAY_KINDS, DataView] as const;

class Writer {
  bytes = new Uint8Array(256);
  view = new DataView(this.bytes.buffer);
  length = 0;
  readonly seen = new Map<object, number>();

  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.length++] = v;
  }
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  str(s: string): void {
    this.u32(s.length);
    this.reserve(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      this.view.setUint16(this.length, s.charCodeAt(i), true);
      this.length += 2;
    }
  }
  raw(b: Uint8Array): void {
    this.u32(b.length);
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
}

/**
 * `value` as bytes. Throws a `TypeError` naming the path (`value.a[2]`) to
 * the first function or symbol.
 */
export function encode(value: unknown): Uint8Array {
  const w = new Writer();
  write(w, value, "value");
  return w.bytes.subarray(0, w.length);
}

function write(w: Writer, v: unknown, path: string): void {
  switch (typeof v) {
    case "undefined":
      return w.u8(Tag.Undefined);
    case "boolean":
      return w.u8(v ? Tag.True : Tag.False);
    case "number":
      w.u8(Tag.Number);
      return w.f64(v);
    case "bigint":
      w.u8(Tag.BigInt);
      return w.str(v.toString());
    case "string":
      w.u8(Tag.String);
      return w.str(v);
    case "function":
    case "symbol":
      throw new TypeError(
        `${path} is a ${typeof v}, which cannot be sent to a worker`,
      );
  }
  if (v === null) return w.u8(Tag.Null);
  const obj = v as object;
  const ref = w.seen.get(obj);
  if (ref !== undefined) {
    w.u8(Tag.Ref);
    return w.u32(ref);
  }
  w.seen.set(obj, w.seen.size);
  if (Array.isArray(obj)) {
    w.u8(Tag.Array);
    w.u32(obj.length);
    for (let i = 0; i < obj.length; i++) write(w, obj[i], `${path}[${i}]`);
  } else if (obj instanceof Date) {
    w.u8(Tag.Date);
    w.f64(obj.getTime());
  } else if (obj instanceof RegExp) {
    w.u8(Tag.RegExp);
    w.str(obj.source);
    w.str(obj.flags);
  } else if (obj instanceof Map) {
    w.u8(Tag.Map);
    w.u32(obj.size);
    let i = 0;
    for (const [k, val] of obj) {
      write(w, k, `${path} key ${i}`);
      write(w, val, `${path}.get(key ${i++})`);
    }
  } else if (obj instanceof Set) {
    w.u8(Tag.Set);
    w.u32(obj.size);
    let i = 0;
    for (const item of obj) write(w, item, `${path} item ${i++}`);
  } else if (obj instanceof ArrayBuffer) {
    w.u8(Tag.ArrayBuffer);
    w.raw(new Uint8Array(obj));
  } else if (ArrayBuffer.isView(obj)) {
    const kind = VIEWS.findIndex((C) => obj instanceof C);
    if (kind < 0) {
      throw new TypeError(
        `${path} is a kind of view this codec does not know (${obj.constructor?.name})`,
      );
    }
    w.u8(Tag.View);
    w.u8(kind);
    w.raw(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength));
  } else if (obj instanceof Error) {
    w.u8(Tag.Error);
    w.str(String(obj.name));
    w.str(String(obj.message));
    w.str(String(obj.stack ?? ""));
    const hasCause = "cause" in obj && obj.cause !== undefined;
    w.u8(hasCause ? 1 : 0);
    if (hasCause) write(w, obj.cause, `${path}.cause`);
  } else {
    const keys = Object.keys(obj);
    w.u8(Tag.Object);
    w.u32(keys.length);
    for (const key of keys) {
      w.str(key);
      write(w, (obj as Record<string, unknown>)[key], `${path}.${key}`);
    }
  }
}

class Reader {
  pos = 0;
  readonly view: DataView;
  readonly refs: unknown[] = [];
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(): number {
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  str(): string {
    const n = this.u32();
    let s = "";
    for (let i = 0; i < n; i += 4096) {
      const units: number[] = [];
      for (let j = i; j < Math.min(n, i + 4096); j++) {
        units.push(this.view.getUint16(this.pos, true));
        this.pos += 2;
      }
      s += String.fromCharCode(...units);
    }
    return s;
  }
  /** A fresh (non-shared) buffer holding the next length-prefixed bytes. */
  raw(): ArrayBuffer {
    const n = this.u32();
    const copy = new ArrayBuffer(n);
    new Uint8Array(copy).set(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return copy;
  }
}

/** The value {@linkcode encode} wrote into `bytes`. */
export function decode(bytes: Uint8Array): unknown {
  return read(new Reader(bytes));
}

function read(r: Reader): unknown {
  const tag = r.u8() as Tag;
  switch (tag) {
    case Tag.Undefined:
      return undefined;
    case Tag.Null:
      return null;
    case Tag.False:
      return false;
    case Tag.True:
      return true;
    case Tag.Number:
      return r.f64();
    case Tag.BigInt:
      return BigInt(r.str());
    case Tag.String:
      return r.str();
    case Tag.Ref:
      return r.refs[r.u32()];
  }
  const slot = r.refs.length;
  r.refs.push(undefined);
  const keep = <T>(v: T): T => (r.refs[slot] = v);
  switch (tag) {
    case Tag.Array: {
      const n = r.u32();
      const arr = keep(new Array<unknown>(n));
      for (let i = 0; i < n; i++) arr[i] = read(r);
      return arr;
    }
    case Tag.Date:
      return keep(new Date(r.f64()));
    case Tag.RegExp: {
      const source = r.str();
      return keep(new RegExp(source, r.str()));
    }
    case Tag.Map: {
      const n = r.u32();
      const map = keep(new Map<unknown, unknown>());
      for (let i = 0; i < n; i++) {
        const k = read(r);
        map.set(k, read(r));
      }
      return map;
    }
    case Tag.Set: {
      const n = r.u32();
      const set = keep(new Set<unknown>());
      for (let i = 0; i < n; i++) set.add(read(r));
      return set;
    }
    case Tag.ArrayBuffer:
      return keep(r.raw());
    case Tag.View: {
      const C = VIEWS[r.u8()]!;
      const buf = r.raw();
      if (C === DataView) return keep(new DataView(buf));
      const Typed = C as unknown as new (buffer: ArrayBuffer) => unknown;
      return keep(new Typed(buf));
    }
    case Tag.Error: {
      const name = r.str();
      const message = r.str();
      const stack = r.str();
      const error = keep(new (errorClassNamed(name))(message));
      const define = (key: string, value: unknown) =>
        Object.defineProperty(error, key, {
          value,
          writable: true,
          configurable: true,
          enumerable: false,
        });
      define("stack", stack);
      if (r.u8() === 1) define("cause", read(r));
      return error;
    }
    case Tag.Object: {
      const n = r.u32();
      const obj = keep({} as Record<string, unknown>);
      for (let i = 0; i < n; i++) {
        const key = r.str();
        const value = read(r);
        if (key === "__proto__") {
          Object.defineProperty(obj, key, {
            value,
            writable: true,
            configurable: true,
            enumerable: true,
          });
        } else obj[key] = value;
      }
      return obj;
    }
  }
  throw new RangeError(`decode: unknown tag ${tag} at byte ${r.pos - 1}`);
}
