/**
 * What the shared-memory ring carries and how (`ring_codec.ts`): every
 * value that fits comes back as a structured clone would make it; what
 * does not fit is refused (it then takes the message path); what is
 * malformed is caught.
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  BAD,
  MAX_BYTES,
  MAX_STRING,
  OK_HEAD,
  readEnd,
  readTaskArgs,
  readValue,
  sizeOf,
  startSizing,
  writeOk,
  writeTask,
} from "../../threads/_transport/ring_codec.ts";
import { TYPED_ARRAY_KINDS } from "../../threads/_transport/codec.ts";
import { Op } from "../../threads/_transport/protocol.ts";
import { Ring, ringBuffer } from "../../threads/_transport/ring.ts";
import { transfer } from "../../threads/transfer.ts";

function rings(capacity = 1 << 12): [Ring, Ring] {
  const buffer = ringBuffer(capacity);
  return [new Ring(buffer, "writer"), new Ring(buffer, "reader")];
}

/** `value` through an `OK` record, as the main thread reads it. */
function viaRing(value: unknown): unknown {
  const [w, r] = rings(1 << 16); // as the pool's
  assert.ok(writeOk(w, 0, 1, value), "it fits");
  w.publish();
  const at = r.next();
  const n = r.words[at]! >>> 8;
  const got = readValue(r, at + OK_HEAD, at + n);
  assert.equal(readEnd, at + n, "the value fills its record");
  return got;
}

const SAMPLES: unknown[] = [
  0,
  -0,
  1,
  -1,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  0.1,
  -1e-300,
  Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
  true,
  false,
  null,
  undefined,
  "",
  "a",
  "héllo, wörld ✓",
  "\ud800 lone surrogates \udc00",
  "x".repeat(16),
  "y".repeat(17),
  "z".repeat(MAX_STRING),
];

describe("the ring's values", () => {
  for (const v of SAMPLES) {
    it(`carries ${typeof v} ${JSON.stringify(String(v)).slice(0, 30)} unchanged`, () => {
      const got = viaRing(v);
      assert.ok(Object.is(got, v), `${String(got)} is not ${String(v)}`);
      assert.ok(Object.is(got, structuredClone(v)));
    });
  }

  it("carries each kind of typed array as a fresh array of that kind", () => {
    const arrays = [
      new Int8Array([-1, 2]),
      new Uint8Array([1, 2, 3]),
      new Uint8ClampedArray([255]),
      new Int16Array([-300]),
      new Uint16Array([65535, 1]),
      new Int32Array([-5, 6, 7]),
      new Uint32Array([2 ** 32 - 1]),
      new Float32Array([0.5, -2]),
      new Float64Array([Math.PI, -0]),
      new BigInt64Array([-5n]),
      new BigUint64Array([2n ** 64n - 1n]),
      ...TYPED_ARRAY_KINDS.filter((k) => k.name === "Float16Array").map((k) =>
        new (k as Float32ArrayConstructor)([1.5, -2])
      ),
      new Uint8Array(MAX_BYTES),
    ];
    for (const a of arrays) {
      const got = viaRing(a) as typeof a;
      assert.equal(got.constructor, a.constructor);
      assert.deepEqual(got, structuredClone(a));
      assert.notEqual(got.buffer, a.buffer, "a copy");
      assert.ok(got.buffer instanceof ArrayBuffer, "not shared");
      assert.equal(got.byteOffset, 0);
    }
  });

  it("refuses what a structured clone would carry differently or refuse, or that is too big", () => {
    const whole = new Uint8Array(8);
    const part = new Uint8Array(whole.buffer, 2, 4);
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    const marked = transfer(new Uint8Array(4), []);
    class Sub extends Uint8Array {}
    const detached = new Uint8Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const refused: [string, unknown][] = [
      ["a view of a detached buffer", detached],
      ["an empty typed array", new Float32Array(0)],
      ["a long string", "x".repeat(MAX_STRING + 1)],
      ["a big typed array", new Uint8Array(MAX_BYTES + 1)],
      ["a view of part of a buffer", part],
      ["a view of shared memory", shared],
      ["a typed array marked for transfer", marked],
      ["a typed-array subclass", new Sub(2)],
      ["a DataView", new DataView(new ArrayBuffer(4))],
      ["a plain object", { a: 1 }],
      ["an array", [1, 2]],
      ["a Date", new Date()],
      ["a function", () => 1],
      ["a bigint", 1n],
      ["a symbol", Symbol("s")],
      ["an ArrayBuffer", new ArrayBuffer(4)],
    ];
    for (const [what, v] of refused) {
      startSizing();
      assert.equal(sizeOf(v), -1, what);
    }
  });

  it("refuses a second typed array in one record (the two might share a buffer)", () => {
    const [w] = rings();
    const a = new Uint8Array(4), b = new Uint8Array(4);
    assert.equal(writeTask(w, 0, 1, 0, [a, b]), false);
    assert.equal(writeTask(w, 0, 1, 0, [a, 1, "s"]), true);
  });

  it("reads a malformed value as BAD: an unknown tag, a value past its record, a bad length", () => {
    const [w, r] = rings();
    const cases: number[][] = [
      [77], // unknown tag
      [5], // INT without its word
      [6, 0], // F64 with one word of two
      [7 | 40 << 8, 0], // a 40-unit string in one word
      [7 | (MAX_STRING + 2) << 8, ...new Array(600).fill(0)], // too long
      [8 | 99 << 8, 0], // typed array of no kind
      [8 | 4 << 8, 3, 0], // Uint16Array of 3 bytes
      [8 | 1 << 8, -4, 0], // negative length
    ];
    const f16 = TYPED_ARRAY_KINDS.findIndex((k) => k.name === "Float16Array");
    if (f16 >= 0) cases.push([8 | f16 << 8, 3, 0]); // Float16Array of 3 bytes
    for (const words of cases) {
      const at = w.reserve(words.length);
      words.forEach((x, k) => w.words[at + k] = x);
      w.commit(words.length);
      w.publish();
      assert.equal(
        readValue(r, at, at + words.length),
        BAD,
        JSON.stringify(words.slice(0, 3)),
      );
      r.advance(words.length);
      r.release();
    }
  });

  it("writes and reads a TASK record with its arguments", () => {
    const [w, r] = rings();
    const args = [1, -0, "two", null, undefined, true, new Float64Array([3])];
    assert.ok(writeTask(w, 7, 42, 3, args));
    w.publish();
    const at = r.next();
    const n = r.words[at]! >>> 8;
    assert.equal(r.words[at]! & 0xff, Op.TASK);
    assert.deepEqual([...r.words.subarray(at + 1, at + 4)], [7, 42, 3]);
    assert.deepEqual(readTaskArgs(r, at, n), args);
  });

  it("writes nothing when a record does not fit the ring, or an argument the ring", () => {
    const [w, r] = rings(64);
    assert.equal(writeTask(w, 0, 1, 0, ["x".repeat(200)]), false, "> 1/4 ring");
    assert.equal(writeTask(w, 0, 1, 0, [1, {}]), false, "an object");
    for (let k = 0; k < 100 && writeOk(w, 0, k + 1, k); k++);
    assert.equal(writeOk(w, 0, 999, 1), false, "the ring is full");
    w.publish();
    let count = 0;
    for (let at = r.next(); at >= 0; at = r.next()) {
      const n = r.words[at]! >>> 8;
      assert.equal(readValue(r, at + OK_HEAD, at + n), count);
      r.advance(n);
      count++;
    }
    // 5-word records (header, before, id, INT and its word): 12 fill 60 of
    // the 64 words, and none is half-written
    assert.equal(count, 12);
  });

  it("reads a TASK record whose arguments overrun it, or fall short of it, as BAD", () => {
    const [w, r] = rings();
    assert.ok(writeTask(w, 0, 1, 0, [1, 2]));
    w.publish();
    const at = r.next();
    const n = r.words[at]! >>> 8;
    r.words[at + 4] = 3; // says three arguments
    assert.equal(readTaskArgs(r, at, n), BAD);
    r.words[at + 4] = 1; // says one: a word is left over
    assert.equal(readTaskArgs(r, at, n), BAD);
  });
});
