/**
 * `context`: Twisted's `ContextTests` (4), plus nesting, restoration after
 * a throw, `current()` for carrying a context, and the documented limit
 * that a context does not survive an `await`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { context } from "../../threads/mod.ts";

describe("context", () => {
  it("returns undefined for a key that no context has set", () => {
    assert.equal(context.get("x"), undefined);
  });

  it("makes the values of the object passed to call() visible to the function it calls", () => {
    assert.equal(context.call({ x: "y" }, context.get, "x"), "y");
  });

  it("forgets the values of a call() once it has returned", () => {
    context.call({ x: "y" }, () => undefined);
    assert.equal(context.get("x"), undefined);
  });

  it("returns a value stored by setDefault() from get() outside any call", () => {
    const key = Symbol("test key");
    try {
      context.setDefault(key, "y");
      assert.equal(context.get(key), "y");
    } finally {
      delete context.defaultContextDict[key];
    }
    assert.equal(context.get(key), undefined);
  });

  it("returns the given default for a missing key", () => {
    assert.equal(context.get("missing", 42), 42);
  });

  it("passes the extra arguments of call() to the function and returns its result", () => {
    const sum = context.call({}, (a: number, b: number) => a + b, 2, 3);
    assert.equal(sum, 5);
  });

  it("lets the innermost context win and falls back to the outer ones for other keys", () => {
    const seen = context.call(
      { a: 1, b: 2 },
      () => context.call({ a: 10 }, () => [context.get("a"), context.get("b")]),
    );
    assert.deepEqual(seen, [10, 2]);
  });

  it("prefers a context's value over the default for the same key", () => {
    try {
      context.setDefault("shadowed", "default");
      assert.equal(
        context.call({ shadowed: "inner" }, context.get, "shadowed"),
        "inner",
      );
      assert.equal(context.get("shadowed"), "default");
    } finally {
      delete context.defaultContextDict["shadowed"];
    }
  });

  it("finds a key whose value is undefined instead of looking further out", () => {
    const seen = context.call(
      { k: "outer" },
      () => context.call({ k: undefined }, () => context.get("k", "fallback")),
    );
    assert.equal(seen, undefined);
  });

  it("reads only own properties, not ones inherited from Object.prototype", () => {
    assert.equal(context.call({}, context.get, "toString"), undefined);
  });

  it("restores the outer context when the called function throws", () => {
    const inside = context.call({ level: "outer" }, () => {
      assert.throws(
        () =>
          context.call({ level: "inner" }, () => {
            throw new Error("boom");
          }),
        /boom/,
      );
      return context.get("level");
    });
    assert.equal(inside, "outer");
    assert.equal(context.get("level"), undefined);
  });

  it("returns the innermost context object itself from current(), and the default one outside any call", () => {
    const ctx = { id: 1 };
    assert.equal(context.call(ctx, context.current), ctx);
    assert.equal(context.current(), context.defaultContextDict);
  });

  it("lets a context captured with current() be re-entered later with call()", async () => {
    let captured: ReturnType<typeof context.current> | undefined;
    context.call({ request: "r1" }, () => {
      captured = context.current();
    });
    await Promise.resolve();
    assert.equal(context.get("request"), undefined);
    assert.equal(context.call(captured!, context.get, "request"), "r1");
  });

  it("does not carry a context across an await inside the called function", async () => {
    let afterAwait: unknown = "unset";
    const pending = context.call({ key: "value" }, async () => {
      await Promise.resolve();
      afterAwait = context.get("key");
    });
    await pending;
    assert.equal(afterAwait, undefined);
  });

  it("accepts symbol keys so that libraries cannot collide", () => {
    const key = Symbol("private");
    assert.equal(context.call({ [key]: "mine" }, context.get, key), "mine");
    assert.equal(
      context.call({ private: "other" }, context.get, key),
      undefined,
    );
  });

  it("refuses an object key, which would meet every other object key, with a TypeError naming it", () => {
    const key = {} as unknown as PropertyKey;
    for (
      const call of [() => context.setDefault(key, "y"), () => context.get(key)]
    ) {
      assert.throws(call, {
        name: "TypeError",
        message:
          /^context\.(setDefault|get): key must be a string, number or symbol \(a Symbol makes a private key\), got /,
      });
    }
    assert.equal(context.get("[object Object]"), undefined, "nothing stored");
  });

  it("stores __proto__ with setDefault like any other key", () => {
    try {
      context.setDefault("__proto__", "value");
      assert.equal(context.get("__proto__"), "value");
    } finally {
      delete context.defaultContextDict["__proto__"];
    }
    assert.equal(context.get("__proto__"), undefined);
  });

  it("accepts an object typed by an interface as a context", () => {
    interface Request {
      readonly id: number;
    }
    const request: Request = { id: 9 };
    assert.equal(context.call(request, context.get, "id"), 9);
  });

  it("rejects a context that is not an object and a function that is not a function with TypeErrors naming them", () => {
    assert.throws(
      () => context.call(null as unknown as object, () => {}),
      {
        name: "TypeError",
        message: "context.call: ctx must be an object, got null",
      },
    );
    assert.throws(
      () => context.call({}, "f" as unknown as () => void),
      {
        name: "TypeError",
        message: 'context.call: fn must be a function, got "f"',
      },
    );
    assert.equal(context.current(), context.defaultContextDict);
  });
});
