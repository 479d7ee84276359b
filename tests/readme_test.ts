/**
 * The README is a contract:
 * - its sections come in the order the user guide promises;
 * - every shell command in it is exercised somewhere, and this file says
 *   where (a command it does not know fails the test);
 * - the set-up commands are the ones CI runs verbatim, and the plain forms
 *   name tasks and files that exist;
 * - the migration map names every runtime export of the package;
 * - the generated sections (declared differences, performance summary) are
 *   what `tools/readme_sync.ts` renders from their sources today.
 *
 * Its TypeScript blocks are run by `readme_blocks_test.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { readSource } from "./_source.ts";
import { IS_NODE } from "./_runtime.ts";
import * as root from "../mod.ts";
import { DIFFERENCES, MIGRATION_HEADER } from "./differential/differences.ts";
import {
  benchSection,
  differencesSection,
  fillSections,
  sectionOf,
} from "../tools/readme_sync.ts";
import type { Results } from "../bench/_results.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  for (const m of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    blocks.push(m[1]!.split("\n").map((l) => l.trim()).filter((l) => l !== ""));
  }
  return blocks;
}

/** The text of a `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/**
 * Every shell command the README gives, and what exercises it. A command
 * missing here fails "knows how every shell command is exercised".
 */
const EXERCISED: Record<string, string> = {
  "npm ci && npx deno task demo": "CI (.ci/run runs it verbatim)",
  "npm ci && npx deno task test": "CI (.ci/run runs it verbatim)",
  "deno task demo":
    "CI runs it through npx; examples/demo_test.ts runs the same task with --fast",
  "deno task demo --fast":
    "examples/demo_test.ts runs it and checks its output",
  "deno task test": "CI runs it through npx",
  "bun test":
    "the test task's Bun half; this file checks that bun test finds no other test files",
  "deno run quickstart.ts":
    "readme_blocks_test.ts runs the quickstart.ts block with exactly this command",
  "bunx jsr add @twisted-ts/core":
    "needs JSR; this file checks the name is the package's, and deno task ok dry-runs its publication",
  "bun quickstart.ts":
    "readme_blocks_test.ts runs the quickstart.ts block on Bun",
  "deno run --allow-net echo.ts":
    "readme_blocks_test.ts runs the echo.ts block; tests/net/permissions_test.ts runs a TCP echo with exactly --allow-net",
  "bun echo.ts": "readme_blocks_test.ts runs the echo.ts block on Bun",
  "deno run --allow-read=tasks.ts fib.ts":
    "tests/threads/permissions_test.ts runs a task with the library imported over http (standing in for jsr.io) and read access to the task module only",
  "node_modules/deno/deno run --allow-net=127.0.0.1 --allow-read=. examples/servers/deno_server.ts 8000":
    "examples/servers/servers_test.ts runs the real Deno binary on deno_server.ts with these permissions (port 0) and sends it SIGTERM; examples/demo_test.ts checks that --help gives this line",
  "bun examples/servers/bun_server.ts 8000":
    "examples/servers/servers_test.ts runs it (port 0) and sends it SIGTERM",
  "bun build --compile ./app.ts ./tasks.ts ./node_modules/@twisted-ts/core/threads/_transport/entry.js --outfile app":
    "tests/threads/compile_test.ts builds such a binary (the library copied in, its entry named with setWorkerEntry) and runs a task in it",
};

const readme = readSource("README.md");
const commands = shellBlocks(readme).flat();
const tasks = JSON.parse(readSource("deno.json")).tasks as Record<
  string,
  string
>;

describe("README structure", () => {
  it("puts its sections in the user guide's order", () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const order = [
      "Set up",
      "Quick start",
      "Concepts",
      "Permissions",
      "Security",
      "Networking",
      "Servers and other runtimes",
      "Migration map from Twisted",
      "Performance",
      "Testing your own code",
      "API reference",
      "Credit",
      "License",
    ];
    assert.deepEqual(headings, order);
    // what it is and why, and the picture, come before the first section
    const intro = readme.slice(0, readme.indexOf("\n## "));
    assert.match(intro, /```text\n[\s\S]*reactor[\s\S]*Deferred[\s\S]*```/);
  });

  it("explains each concept under its own heading, each with an example", () => {
    const concepts = section(readme, "Concepts").split(/^### /m).slice(1);
    const titles = [
      /^Deferred/,
      /^The reactor/,
      /^Clock/,
      /^The thread team/,
      /^Observing a running program/,
    ];
    assert.equal(concepts.length, titles.length);
    for (const [i, text] of concepts.entries()) {
      assert.match(text, titles[i]!);
      assert.match(text, /```ts\n/);
    }
  });
});

describe("README commands", {
  skip: IS_NODE &&
    "checks the repository's scripts, tasks and sources, which Node's .js build does not have; Deno and Bun run it",
}, () => {
  it("gives the two set-up commands for a fresh machine", () => {
    assert.ok(commands.includes("npm ci && npx deno task demo"));
    assert.ok(commands.includes("npm ci && npx deno task test"));
  });

  it("knows how every shell command is exercised, and lists no stale one", () => {
    assert.deepEqual(commands.filter((c) => !(c in EXERCISED)), []);
    assert.deepEqual(
      Object.keys(EXERCISED).filter((c) => !commands.includes(c)),
      [],
    );
  });

  it("has CI run every npm-based set-up command verbatim", () => {
    const ci = readSource(".ci/run").split("\n").map((l) => l.trim());
    for (const command of commands.filter((c) => c.startsWith("npm ci"))) {
      assert.ok(ci.includes(command), `.ci/run does not run: ${command}`);
    }
  });

  it("names only deno tasks that deno.json defines, in the text too", () => {
    for (const m of readme.matchAll(/deno task ([\w:]+)/g)) {
      assert.ok(m[1]! in tasks, `README uses undefined task ${m[1]}`);
    }
  });

  it("runs the demo with the program the examples test", () => {
    assert.match(tasks.demo!, /^deno run [^|&;]*examples\/demo\.ts$/);
  });

  it("adds from JSR the package deno.json publishes", () => {
    const name = JSON.parse(readSource("deno.json")).name;
    assert.ok(commands.includes(`bunx jsr add ${name}`));
    assert.match(tasks.ok!, /deno task static/);
    assert.match(tasks.static!, /deno publish --dry-run/);
  });

  it("has bun test find exactly the test files the test task gives Bun", () => {
    const roots = [
      "defer",
      "reactor",
      "threads",
      "net",
      "tests",
      "examples",
      "tools",
    ];
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === "node_modules" || e.name.startsWith(".")) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/[._](test|spec)\.[cm]?[jt]sx?$/.test(e.name)) {
          found.push(relative(ROOT, path));
        }
      }
    };
    walk(ROOT);
    assert.deepEqual(
      found.filter((f) => !roots.includes(f.split("/")[0]!)),
      [],
    );
    assert.match(readSource("tools/test.ts"), /"examples",\n\s*"tools"/);
  });

  it("pins deno and bun exactly in package.json", () => {
    const pkg = JSON.parse(readSource("package.json"));
    assert.match(pkg.devDependencies.deno, /^\d+\.\d+\.\d+$/);
    assert.match(pkg.devDependencies.bun, /^\d+\.\d+\.\d+$/);
  });

  it("builds the HTML reference with deno task doc:html", {
    skip: IS_DENO ? false : "a Deno task",
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), "twisted-ts-doc-"));
    try {
      const task = tasks["doc:html"]!;
      assert.match(task, /--output=docs\/api /);
      const args = task.replace(/^deno /, "").replace(
        "--output=docs/api",
        `--output=${out}`,
      ).split(" ");
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, args, {
          cwd: ROOT,
          stdio: "ignore",
        });
        child.on("error", reject);
        child.on("close", resolve);
      });
      assert.equal(code, 0);
      const pages = readdirSync(out, { recursive: true }) as string[];
      assert.ok(pages.includes("index.html"));
      for (const name of ["Deferred", "Reactor", "Clock", "ThreadPool"]) {
        assert.ok(
          pages.some((p) => p.endsWith(`${name}.html`)),
          `no page for ${name}`,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("README migration map", () => {
  const map = section(readme, "Migration map from Twisted");

  it("names every runtime export of @twisted-ts/core in its Names table", () => {
    const names = map.split("### Differences in shape")[0]!;
    const missing = Object.keys(root).filter((name) =>
      !new RegExp("`(new )?" + name + "\\b").test(names)
    );
    assert.deepEqual(missing, []);
  });

  it("carries the declared differences table exactly as differences.ts renders it", () => {
    const table = sectionOf(readme, "differences");
    assert.equal(table, differencesSection().content);
    assert.ok(table!.startsWith(MIGRATION_HEADER[0]!));
    assert.equal(
      table!.split("\n").length,
      MIGRATION_HEADER.length + DIFFERENCES.length,
    );
    assert.ok(map.includes("<!-- differences:start -->"));
  });
});

describe("README performance summary", () => {
  it("is the summary of bench/results/latest.json, with the chart", () => {
    const results = JSON.parse(
      readSource("bench/results/latest.json"),
    ) as Results;
    const expected = benchSection(results).content;
    assert.equal(
      sectionOf(readme, "bench"),
      expected,
      "stale: run deno run --allow-read --allow-write tools/readme_sync.ts",
    );
    assert.match(expected, /!\[[^\]]+\]\(bench\/results\/chart\.svg\)/);
    assert.ok(expected.includes(results.versions.Deno!));
    readSource("bench/results/chart.svg");
  });
});

describe("README generated sections", () => {
  it("are filled between their markers and found again unchanged", () => {
    const doc = "a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n";
    const filled = fillSections(doc, [{ name: "x", content: "new\nrows" }]);
    assert.equal(filled, "a\n<!-- x:start -->\nnew\nrows\n<!-- x:end -->\nb\n");
    assert.equal(sectionOf(filled, "x"), "new\nrows");
    assert.equal(
      fillSections(filled, [{ name: "x", content: "new\nrows" }]),
      filled,
    );
    assert.throws(
      () => fillSections("no markers", [{ name: "x", content: "" }]),
      /no <!-- x:start -->/,
    );
  });
});
