import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gc, memoryUsage } from "../../bench/_runtime.ts";

describe("bench/_runtime: memoryUsage", () => {
  it("counts a typed array's storage once in heapAndExternal", () => {
    const bytes = 64 * 1024 * 1024;
    // a collection first where the host has one: Bun updates its figures then
    gc();
    const before = memoryUsage().heapAndExternal;
    const big = new Float64Array(bytes / 8);
    big[big.length - 1] = 1;
    gc();
    const grown = memoryUsage().heapAndExternal - before;
    assert.ok(
      grown > bytes * 0.9 && grown < bytes * 1.5,
      `a ${bytes} B array raised heapAndExternal by ${grown} B`,
    );
    assert.equal(big[big.length - 1], 1);
  });
});
