import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tally } from "./test.ts";

const DENO_REPORT = `<testsuites>
  <testsuite name="./a_test.ts">
    <testcase name="add"><failure message="1 test step failed">x</failure></testcase>
  </testsuite>
  <testsuite name="ext:deno_node/testing.ts">
    <testcase name="add &gt; adds two numbers"></testcase>
    <testcase name="add &gt; fails deliberately"><failure message="m">x</failure></testcase>
    <testcase name="add &gt; nested"></testcase>
    <testcase name="add &gt; nested &gt; async works"></testcase>
  </testsuite>
  <testsuite name="./mod.ts$4-8.ts"><testcase name="file:///mod.ts$4-8.ts"></testcase></testsuite>
</testsuites>`;

const BUN_REPORT = `<testsuites>
  <testsuite name="a_test.ts"><testsuite name="add">
    <testcase name="adds two numbers" classname="add" />
    <testcase name="fails deliberately" classname="add"><failure type="AssertionError">x</failure></testcase>
    <testcase name="skipped one" classname="add"><skipped /></testcase>
  </testsuite></testsuite>
</testsuites>`;

describe("test task tally", () => {
  it("counts Deno's leaf tests and doc tests, not the describe groups that contain them", () => {
    const t = tally(DENO_REPORT, " > ");
    assert.deepEqual([t.passed, t.failed], [3, 1]);
    assert.deepEqual(t.names, ["add > fails deliberately"]);
  });

  it("counts Bun's test cases, leaving skipped ones out of the passed count", () => {
    const t = tally(BUN_REPORT, null);
    assert.deepEqual([t.passed, t.failed], [1, 1]);
  });

  it("reports nothing for an empty report", () => {
    assert.deepEqual(tally("<testsuites></testsuites>", " > "), {
      passed: 0,
      failed: 0,
      names: [],
    });
  });
});
