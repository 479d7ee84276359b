/**
 * The wire formats: the binary codec that carries a blocking call's answer
 * into a blocked worker, and the error records that carry a task's error
 * back.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decode, encode } from "../../threads/_transport/codec.ts";
import {
  errorClassNamed,
  recordError,
  reviveError,
} from "../../threads/_transport/protocol.ts";
import { randomInt, seededRandom } from "../_random.ts";

const roundTrip = (v: unknown) => decode(encode(v));

describe("the blocking-call codec", () => {
  it("round-trips primitives, including -0, NaN, bigints and lone surrogates", () => {
    for (
      const v of [
        undefined,
        null,
        true,
        false,
        0,
        -0,
        NaN,
        Infinity,
        -1.5,
        2 ** 60,
        12345678901234567890n,
        -1n,
        "",
        "héllo",
        "\ud800",
        "😀",
      ]
    ) {
      assert.ok(Object.is(roundTrip(v), v), `round trip of ${String(v)}`);
    }
  });

  it("round-trips containers, dates, regexps, buffers and typed arrays", () => {
    const value = {
      list: [1, [2, [3]], { a: "b" }],
      map: new Map<unknown, unknown>([[{ k: 1 }, new Set(["x"])]]),
      when: new Date(86400000),
      re: /a+b/gi,
      buf: new Uint8Array([1, 2, 3]).buffer,
      f64: new Float64Array([1.5, -2]),
      big: new BigInt64Array([-5n]),
      view: new DataView(new Uint8Array([9, 8]).buffer),
    };
    assert.deepEqual(roundTrip(value), value);
  });

  it("round-trips every kind of typed array the host has, Float16Array included", (t) => {
    const F16 = (globalThis as unknown as {
      Float16Array?: Float32ArrayConstructor;
    })
      .Float16Array;
    if (F16 === undefined) return t.skip("no Float16Array on this host");
    const back = roundTrip(new F16([1.5, -2, 65504]));
    assert.equal((back as object).constructor, F16);
    assert.deepEqual(Array.from(back as Float32Array), [1.5, -2, 65504]);
  });

  it("refuses a kind of view it does not know, naming where it is", () => {
    class Strange {}
    const fake = new DataView(new ArrayBuffer(2));
    Object.setPrototypeOf(fake, Strange.prototype);
    // still a view to ArrayBuffer.isView, but of no class the codec numbers
    assert.throws(() => encode({ inner: fake }), {
      name: "TypeError",
      message: /inner is a kind of view this codec does not know \(Strange\)/,
    });
  });

  it("copies only a typed array's own window of its buffer", () => {
    const whole = new Uint8Array([0, 1, 2, 3, 4, 5]);
    const back = roundTrip(whole.subarray(2, 4)) as Uint8Array;
    assert.deepEqual([...back], [2, 3]);
    assert.equal(back.buffer.byteLength, 2);
  });

  it("keeps shared and cyclic references", () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    const back = roundTrip(cyclic) as Record<string, unknown>;
    assert.equal(back.self, back);
    assert.equal(back.shared, back.again);
    assert.deepEqual(back.shared, { n: 1 });
  });

  it("round-trips errors by class, message, stack and cause", () => {
    const cause = new RangeError("inner");
    const error = new TypeError("outer", { cause });
    const back = roundTrip(error) as TypeError;
    assert.ok(back instanceof TypeError);
    assert.equal(back.message, "outer");
    assert.equal(back.stack, error.stack);
    assert.ok(back.cause instanceof RangeError);
    class Custom extends Error {
      override name = "Custom";
    }
    const custom = roundTrip(new Custom("c")) as Error;
    assert.equal(custom.name, "Custom");
    assert.equal(custom.constructor.name, "Custom");
    assert.ok(custom instanceof Error);
  });

  it("keeps a __proto__ key as data", () => {
    const obj = JSON.parse('{"__proto__": {"polluted": true}}');
    const back = roundTrip(obj) as Record<string, unknown>;
    assert.deepEqual(Object.keys(back), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("refuses functions and symbols with a TypeError naming where they are", () => {
    assert.throws(
      () => encode({ a: [1, () => 1] }),
      {
        name: "TypeError",
        message: "value.a[1] is a function, which cannot be sent to a worker",
      },
    );
    assert.throws(() => encode(Symbol("s")), /value is a symbol/);
  });

  it("decodes what it encodes for random nested values (seeded)", () => {
    const seed = 20240;
    const random = seededRandom(seed);
    const make = (depth: number): unknown => {
      const pick = randomInt(random, depth > 3 ? 5 : 9);
      switch (pick) {
        case 0:
          return randomInt(random, 1000) - 500;
        case 1:
          return random();
        case 2:
          return String.fromCharCode(
            ...Array.from(
              { length: randomInt(random, 6) },
              () => randomInt(random, 0xffff),
            ),
          );
        case 3:
          return [null, undefined, true][randomInt(random, 3)];
        case 4:
          return BigInt(randomInt(random, 1e6));
        case 5:
          return Array.from(
            { length: randomInt(random, 4) },
            () => make(depth + 1),
          );
        case 6: {
          const o: Record<string, unknown> = {};
          for (let i = randomInt(random, 4); i > 0; i--) {
            o[`k${i}`] = make(depth + 1);
          }
          return o;
        }
        case 7:
          return new Map([[make(depth + 1), make(depth + 1)]]);
        default:
          return new Set([make(depth + 1)]);
      }
    };
    for (let i = 0; i < 300; i++) {
      const v = make(0);
      assert.deepEqual(roundTrip(v), v, `case ${i}, seed ${seed}`);
    }
  });
});

describe("error records", () => {
  it("carry an Error's name, message, stack, simple own properties and cause", () => {
    const error = Object.assign(
      new Error("disk full", { cause: new RangeError("quota") }),
      {
        code: "ENOSPC",
        errno: 28,
        detail: { not: "simple" },
      },
    );
    error.name = "FsError";
    const record = structuredClone(recordError(error));
    const back = reviveError(record) as Error & Record<string, unknown>;
    assert.equal(back.name, "FsError");
    assert.equal(back.constructor.name, "FsError");
    assert.equal(back.message, "disk full");
    assert.equal(back.stack, error.stack);
    assert.equal(back.code, "ENOSPC");
    assert.equal(back.errno, 28);
    assert.equal(back.detail, undefined);
    assert.ok(back.cause instanceof RangeError);
  });

  it("give errors of one remote name one class", () => {
    assert.equal(errorClassNamed("SameName"), errorClassNamed("SameName"));
    assert.equal(errorClassNamed("TypeError"), TypeError);
  });

  it("keep the message, name and code of a thrown object that cannot be cloned", () => {
    const thrown = {
      name: "LookupFailure",
      message: "no such user",
      code: "E_USER",
      retry: () => true, // what makes it uncloneable
    };
    const record = structuredClone(recordError(thrown));
    assert.equal(record.message, "no such user");
    assert.deepEqual(reviveError(record), {
      name: "LookupFailure",
      message: "no such user",
      code: "E_USER",
    });
  });

  it("cannot be made to revive an error without Error.prototype by a __proto__ key", () => {
    const record = structuredClone(recordError(new Error("x")));
    const forged = {
      ...record,
      props: JSON.parse('{"__proto__": null, "code": 7}') as Record<
        string,
        null
      >,
    };
    const back = reviveError(forged) as Error & Record<string, unknown>;
    assert.ok(back instanceof Error);
    assert.equal(Object.getPrototypeOf(back), Error.prototype);
    assert.equal(back.code, 7);
    assert.equal(
      Object.getOwnPropertyDescriptor(back, "__proto__")?.value,
      null,
    );
  });

  it("carry a thrown non-Error value itself when it can be cloned, else its text", () => {
    assert.deepEqual(reviveError(structuredClone(recordError({ n: 1 }))), {
      n: 1,
    });
    assert.equal(
      reviveError(structuredClone(recordError(Symbol("odd")))),
      "Symbol(odd)",
    );
  });
});
