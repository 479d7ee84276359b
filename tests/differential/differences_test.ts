/**
 * The declared-differences list stays true to the scenarios and to the
 * README: every declaration names a real scenario pair, and the README's
 * migration table carries one row per declaration (rendered by
 * `migrationRows`). The runner (`deno task test:twisted`) checks the other
 * half: that each declared scenario really differs and nothing else does.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Difference,
  DIFFERENCES,
  MIGRATION_HEADER,
  migrationRows,
  migrationTable,
} from "./differences.ts";
import { SOURCE_TEST } from "../_runtime.ts";

const SCENARIOS = fileURLToPath(new URL("./scenarios/", import.meta.url));
const README = fileURLToPath(new URL("../../README.md", import.meta.url));

function scenarioFiles(): string[] {
  return readdirSync(SCENARIOS).filter((f) => !f.startsWith("_")).sort();
}

const readme = readFileSync(README, "utf8");
const readmeHasTable = readme.includes(MIGRATION_HEADER[0]!);

describe("declared differences from Twisted", () => {
  it("name only scenarios that have both a Python and a TypeScript side", {
    skip: SOURCE_TEST,
  }, () => {
    const missing = DIFFERENCES.map((d) => d.scenario).filter((name) =>
      !existsSync(SCENARIOS + name + ".py") ||
      !existsSync(SCENARIOS + name + ".ts")
    );
    assert.deepEqual(missing, []);
  });

  it("declare each scenario at most once", () => {
    const names = DIFFERENCES.map((d) => d.scenario);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
  });

  it("say for each one what Twisted does, what we do, and why", () => {
    for (const d of DIFFERENCES) {
      for (const key of ["api", "twisted", "ours", "why"] as const) {
        assert.ok(
          d[key].trim().length >= 3,
          `${d.scenario}: ${key} is empty`,
        );
      }
      assert.notEqual(d.twisted, d.ours, `${d.scenario}: no difference told`);
    }
  });

  it("render one escaped table row per declaration, in order", () => {
    const sample: Difference[] = [
      { scenario: "a", api: "`x | y`", twisted: "t", ours: "o", why: "w" },
      { scenario: "b", api: "b", twisted: "two\nlines", ours: "o", why: "w" },
    ];
    assert.deepEqual(migrationRows(sample), [
      "| `x \\| y` | t | o | w |",
      "| b | two lines | o | w |",
    ]);
    assert.equal(
      migrationTable(sample),
      [...MIGRATION_HEADER, ...migrationRows(sample)].join("\n"),
    );
    assert.equal(migrationRows().length, DIFFERENCES.length);
  });

  it(
    "all appear in the README's migration table",
    {
      skip: readmeHasTable
        ? false
        : "README.md has no migration table yet (print it with `deno run tests/differential/differences.ts`)",
    },
    () => {
      const lines = new Set(readme.split("\n").map((l) => l.trim()));
      const missing = migrationRows().filter((row) => !lines.has(row));
      assert.deepEqual(missing, []);
    },
  );
});

describe("differential scenarios", { skip: SOURCE_TEST }, () => {
  const files = scenarioFiles();
  const names = [...new Set(files.map((f) => f.replace(/\.(py|ts)$/, "")))];

  it("come in pairs: one Python and one TypeScript side per name", () => {
    const unpaired = names.filter((n) =>
      !files.includes(`${n}.py`) || !files.includes(`${n}.ts`)
    );
    assert.deepEqual(unpaired, []);
  });

  it("number at least 80, with snake_case names", () => {
    assert.ok(names.length >= 80, `only ${names.length} scenarios`);
    assert.deepEqual(names.filter((n) => !/^[a-z][a-z0-9_]*$/.test(n)), []);
  });

  it("open with a sentence saying which behaviour they pin", () => {
    const bare = files.filter((f) => {
      const text = readFileSync(SCENARIOS + f, "utf8");
      return f.endsWith(".py")
        ? !/^"""\S[^\n]*/.test(text)
        : !/^\/\*\* \S[^\n]*/.test(text);
    });
    assert.deepEqual(bare, []);
  });

  it("write their Python side here rather than import Twisted's own tests", () => {
    const borrowing = files.filter((f) =>
      f.endsWith(".py") &&
      /(^|\n)\s*(from|import)\s+twisted\.(test|trial|internet\.test|_threads\.test)\b/
        .test(readFileSync(SCENARIOS + f, "utf8"))
    );
    assert.deepEqual(borrowing, []);
  });
});
