/**
 * The library type-checks under a consumer's looser settings too: a Deno
 * program that vendors it, or imports it by path, checks it with its own
 * `compilerOptions` — `"strict": false` among them, where TypeScript
 * narrows less. Deno only: it runs `deno check` in a scratch project.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("the library under a consumer's compiler options", () => {
  it("type-checks with strict: false", {
    skip: !isDeno,
    timeout: 180000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-loose-"));
    try {
      writeFileSync(
        join(dir, "deno.json"),
        JSON.stringify({ compilerOptions: { strict: false } }),
      );
      const config = JSON.parse(
        readFileSync(join(ROOT, "deno.json"), "utf8"),
      ) as { exports: Record<string, string> };
      const entries = Object.values(config.exports);
      writeFileSync(
        join(dir, "consumer.ts"),
        entries.map((path, i) =>
          `import * as m${i} from ${
            JSON.stringify(pathToFileURL(join(ROOT, path)).href)
          };\n`
        ).join("") +
          `console.log(${entries.map((_, i) => `m${i}`).join(", ")});\n`,
      );
      const check = spawnSync(
        process.execPath,
        ["check", "--quiet", "--config", join(dir, "deno.json"), "consumer.ts"],
        {
          cwd: dir,
          encoding: "utf8",
          timeout: 170000,
          env: { ...process.env, NO_COLOR: "1" },
        },
      );
      assert.equal(check.status, 0, check.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
