import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { demo } from "./demo.ts";

describe("demo", () => {
  it("prints the callback chain's result and the caught failure", () => {
    const lines: string[] = [];
    demo((line) => lines.push(line));
    assert.deepEqual(lines, [
      "twisted-ts demo: a Deferred callback chain",
      "Result: <p>12</p>",
      "Caught: You used an odd number!",
    ]);
  });
});
