/**
 * The package's exports reach every library module through imports. Tools
 * that follow imports decide what ships: JSR's npm build converts to `.js`
 * only the modules the exports reach, so a module reached another way (by
 * URL, like the worker entry) would be missing from the npm package.
 * Deno only: it asks `deno info` for the module graph, as JSR builds it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LIBRARY = ["_util", "defer", "reactor", "threads", "net", "testing"];

function libraryModules(): string[] {
  const found = ["mod.ts"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith(".ts") && !path.endsWith("_test.ts")) {
        found.push(path);
      }
    }
  };
  for (const dir of LIBRARY) walk(dir);
  return found.sort();
}

function reachedFrom(entry: string): string[] {
  const info = spawnSync(
    process.execPath,
    ["info", "--json", "--config", join(ROOT, "deno.json"), join(ROOT, entry)],
    { encoding: "utf8", timeout: 60000 },
  );
  assert.equal(info.status, 0, info.stderr);
  const graph = JSON.parse(info.stdout) as {
    modules: { specifier: string }[];
  };
  const base = pathToFileURL(ROOT).href;
  return graph.modules
    .map((m) => m.specifier)
    .filter((s) => s.startsWith(base))
    .map((s) => relative(ROOT, fileURLToPath(s)));
}

describe("the package's module graph", () => {
  it("reaches every library module from the exports", {
    skip: !isDeno,
    timeout: 120000,
  }, () => {
    const config = JSON.parse(
      readFileSync(join(ROOT, "deno.json"), "utf8"),
    ) as { exports: Record<string, string> };
    const reached = new Set<string>();
    for (const entry of Object.values(config.exports)) {
      for (const path of reachedFrom(entry)) reached.add(path);
    }
    const modules = libraryModules();
    assert.ok(modules.includes(join("threads", "_transport", "entry.ts")));
    assert.deepEqual(modules.filter((m) => !reached.has(m)), []);
  });
});
