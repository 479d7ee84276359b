/**
 * Every TypeScript block in the README runs, on the runtime running this
 * test (Deno under `deno test`, Bun under `bun test`), and prints what the
 * README says it prints.
 *
 * How a block is run:
 * - Its imports of the published package — `jsr:@twisted-ts/core` (Deno's
 *   form), `@twisted-ts/core` (the form after `bunx jsr add`), with or
 *   without a `/defer`, `/reactor`, `/threads`, `/net` or `/testing` subpath —
 *   are rewritten to
 *   this checkout's entry points, since the tests cannot reach JSR (and
 *   must test this code, not the last release). Nothing else is changed.
 * - A block whose first line is a comment naming a file (`// tasks.ts`) is
 *   written under that name, so other blocks can import it (`./tasks.ts`);
 *   the others are `block_<line>.ts`. All go in one temporary directory.
 * - A block that imports `node:test` is a test file: it runs with
 *   `deno test` / `bun test`, and must pass. Any other block runs as a
 *   program (`deno run -A` / `bun`) and must exit 0 and write nothing to
 *   stderr unless it calls `console.error` itself.
 * - A ```text block right after it (only blank lines between) is the
 *   block's expected stdout, compared exactly.
 * - The quick start (`quickstart.ts`) runs with the exact command the
 *   README gives for it (`deno run quickstart.ts`, no permissions), so the
 *   command is tested too.
 * - Under Deno, all blocks are also type-checked together with the
 *   project's compiler options.
 *
 * @module
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { readSource } from "./_source.ts";
import { DENO_NO_IMPLICIT_PERMISSIONS, IS_NODE } from "./_runtime.ts";

const ROOT = new URL("../", import.meta.url);
const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const EXEC_PATH = process.execPath;

/** One TypeScript block of the README. */
export interface Block {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The file it is written to. */
  readonly file: string;
  /** Its code, as in the README. */
  readonly code: string;
  /** The stdout the README shows for it, if any. */
  readonly output: string | undefined;
}

/** The ```ts blocks of `markdown`, with their names and expected output. */
export function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```\n?/gm;
  const all = [...markdown.matchAll(fence)];
  for (const [i, m] of all.entries()) {
    if (m[1] !== "ts") continue;
    const code = m[2]!;
    const line = markdown.slice(0, m.index).split("\n").length;
    const named = /^\/\/ ([\w.-]+\.ts)\b/.exec(code);
    const next = all[i + 1];
    let output: string | undefined;
    if (next !== undefined && next[1] === "text") {
      const between = markdown.slice(m.index! + m[0].length, next.index);
      if (between.trim() === "") output = next[2]!;
    }
    blocks.push({
      line,
      file: named ? named[1]! : `block_${line}.ts`,
      code,
      output,
    });
  }
  return blocks;
}

/** `code` with the package's specifiers pointed at this checkout. */
export function toLocal(code: string, root: URL = ROOT): string {
  return code.replace(
    /(["'])(?:jsr:)?@twisted-ts\/core(?:\/(defer|reactor|threads|net|testing))?\1/g,
    (_m, quote: string, layer?: string) =>
      `${quote}${
        new URL(layer ? `${layer}/mod.ts` : "mod.ts", root).href
      }${quote}`,
  );
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => stdout += c);
    child.stderr!.on("data", (c) => stderr += c);
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const readme = readSource("README.md");
const blocks = tsBlocks(readme);

/** How the README says to run the quick start on Deno: its permission flags. */
function quickstartDenoFlags(): string[] {
  const m = /^deno run((?: --?[\w-]+(?:=\S+)?)*) quickstart\.ts$/m.exec(readme);
  assert.ok(m, "the README gives no `deno run … quickstart.ts` command");
  return m[1]!.trim().split(/\s+/).filter((f) => f !== "");
}

function command(block: Block): [string, string[]] {
  const isTest = /from ["']node:test["']/.test(block.code);
  if (IS_DENO) {
    if (isTest) return [EXEC_PATH, ["test", "-A", "--no-check", block.file]];
    // the quick start with exactly the README's flags (and no more: see
    // DENO_NO_IMPLICIT_PERMISSIONS)
    const flags = block.file === "quickstart.ts"
      ? [DENO_NO_IMPLICIT_PERMISSIONS, ...quickstartDenoFlags()]
      : ["-A"];
    return [EXEC_PATH, ["run", ...flags, block.file]];
  }
  return isTest
    ? [EXEC_PATH, ["test", `./${block.file}`]]
    : [EXEC_PATH, [block.file]];
}

describe("README code blocks", () => {
  it("are found, each with a file name of its own", () => {
    assert.ok(blocks.length >= 8, `only ${blocks.length} ts blocks`);
    const files = blocks.map((b) => b.file);
    assert.deepEqual(files.filter((f, i) => files.indexOf(f) !== i), []);
  });

  it("import the package only by its published name", () => {
    for (const b of blocks) {
      assert.doesNotMatch(
        b.code,
        /from ["']\.\.?\/(mod|defer|reactor|threads|net)/,
      );
    }
  });

  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "twisted-ts-readme-"));
    for (const b of blocks) writeFileSync(join(dir, b.file), toLocal(b.code));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("type-check with the project's compiler options", {
    skip: IS_DENO ? false : "Deno type-checks them; Bun only runs them",
  }, async () => {
    const config = fileURLToPath(new URL("deno.json", ROOT));
    const checked = await exec(EXEC_PATH, [
      "check",
      `--config=${config}`,
      ...blocks.map((b) => b.file),
    ], dir);
    assert.equal(checked.code, 0, `type check failed:\n${checked.stderr}`);
  });

  it("run on this runtime and print what the README shows", {
    skip: IS_NODE &&
      "the blocks are TypeScript, which Node 20 cannot run; Deno and Bun run them",
  }, async () => {
    const failures: string[] = [];
    // a few at a time: the machine is shared
    const queue = [...blocks];
    const runNext = async () => {
      for (let b = queue.shift(); b !== undefined; b = queue.shift()) {
        const [cmd, args] = command(b);
        const r = await exec(cmd, args, dir);
        const where = `README.md:${b.line} (${b.file})`;
        if (r.code !== 0) {
          failures.push(`${where} exited ${r.code}:\n${r.stdout}${r.stderr}`);
        } else if (b.output !== undefined && r.stdout !== b.output) {
          failures.push(
            `${where} printed:\n${r.stdout}\ninstead of:\n${b.output}`,
          );
        } else if (
          !/node:test/.test(b.code) && !/console\.error/.test(b.code) &&
          r.stderr.trim() !== ""
        ) {
          failures.push(`${where} wrote to stderr:\n${r.stderr}`);
        }
      }
    };
    await Promise.all([runNext(), runNext(), runNext()]);
    assert.deepEqual(failures, []);
  });
});

describe("README block harness", () => {
  it("names blocks, pairs them with the output block that follows, and skips other languages", () => {
    const md = [
      "```ts",
      "// tasks.ts",
      "export const x = 1;",
      "```",
      "",
      "```ts",
      'console.log("hi");',
      "```",
      "",
      "```text",
      "hi",
      "```",
      "Some prose.",
      "```ts",
      "const y = 2;",
      "```",
      "prose",
      "```text",
      "not its output",
      "```",
      "```sh",
      "echo no",
      "```",
    ].join("\n");
    assert.deepEqual(tsBlocks(md), [
      {
        line: 1,
        file: "tasks.ts",
        code: "// tasks.ts\nexport const x = 1;\n",
        output: undefined,
      },
      {
        line: 6,
        file: "block_6.ts",
        code: 'console.log("hi");\n',
        output: "hi\n",
      },
      {
        line: 14,
        file: "block_14.ts",
        code: "const y = 2;\n",
        output: undefined,
      },
    ]);
  });

  it("points the package's specifiers, and only those, at the checkout", () => {
    const root = new URL("file:///repo/");
    const code = [
      'import { reactor } from "jsr:@twisted-ts/core";',
      "import { Deferred } from '@twisted-ts/core/defer';",
      'import type { Team } from "jsr:@twisted-ts/core/threads";',
      'import { x } from "./tasks.ts";',
      'import { y } from "@twisted-ts/core-extra";',
    ].join("\n");
    assert.equal(
      toLocal(code, root),
      [
        'import { reactor } from "file:///repo/mod.ts";',
        "import { Deferred } from 'file:///repo/defer/mod.ts';",
        'import type { Team } from "file:///repo/threads/mod.ts";',
        'import { x } from "./tasks.ts";',
        'import { y } from "@twisted-ts/core-extra";',
      ].join("\n"),
    );
  });
});
