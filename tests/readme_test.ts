/**
 * The README's commands are a contract: the set-up commands must be the ones
 * CI runs verbatim, and the plain forms must name tasks and files that exist.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readSource } from "./_source.ts";

function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  for (const m of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    blocks.push(m[1]!.split("\n").map((l) => l.trim()).filter((l) => l !== ""));
  }
  return blocks;
}

describe("README commands", () => {
  const readme = readSource("README.md");
  const ci = readSource(".ci/run").split("\n").map((l) => l.trim());
  const tasks = JSON.parse(readSource("deno.json")).tasks as Record<
    string,
    string
  >;
  const commands = shellBlocks(readme).flat();

  it("gives the two set-up commands for a fresh machine", () => {
    assert.ok(commands.includes("npm ci && npx deno task demo"));
    assert.ok(commands.includes("npm ci && npx deno task test"));
  });

  it("has CI run every npm-based set-up command verbatim", () => {
    for (const command of commands.filter((c) => c.startsWith("npm ci"))) {
      assert.ok(ci.includes(command), `.ci/run does not run: ${command}`);
    }
  });

  it("names only deno tasks that deno.json defines", () => {
    for (const command of commands) {
      for (const m of command.matchAll(/deno task ([\w:]+)/g)) {
        assert.ok(m[1]! in tasks, `README uses undefined task ${m[1]}`);
      }
    }
  });

  it("pins deno and bun exactly in package.json", () => {
    const pkg = JSON.parse(readSource("package.json"));
    assert.match(pkg.devDependencies.deno, /^\d+\.\d+\.\d+$/);
    assert.match(pkg.devDependencies.bun, /^\d+\.\d+\.\d+$/);
  });
});
