/**
 * The API reference is complete: every export of every entry point has a
 * JSDoc summary and at least one runnable ```ts example (which
 * `deno test --doc` runs), and `deno doc --lint` is clean. Read from
 * `deno doc --json`, so this runs on Deno only.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const ENTRY_POINTS = [
  "mod.ts",
  "defer/mod.ts",
  "reactor/mod.ts",
  "threads/mod.ts",
  "net/mod.ts",
  "testing/mod.ts",
];

interface DocTag {
  kind: string;
  doc?: string;
}

interface Declaration {
  kind: string;
  location?: { filename?: string };
  jsDoc?: { doc?: string; tags?: DocTag[] };
}

interface DocSymbol {
  name: string;
  declarations: Declaration[];
}

/** One export as the reference shows it. */
export interface ExportDoc {
  /** `file:Symbol`, the file relative to the repository. */
  id: string;
  kind: string;
  summary: string;
  /** The code of its ```ts examples (in `@example` tags or the text). */
  examples: string[];
}

function run(
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (c) => out += c);
    child.stderr!.on("data", (c) => err += c);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** The ```ts blocks in a JSDoc text. */
export function tsExamples(text: string): string[] {
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Every export of the entry points, once each, from `deno doc --json`. */
export function exportsOf(json: string): ExportDoc[] {
  const parsed = JSON.parse(json) as {
    nodes: Record<string, { symbols: DocSymbol[] }>;
  };
  const seen = new Map<string, ExportDoc>();
  for (const node of Object.values(parsed.nodes)) {
    for (const symbol of node.symbols) {
      // a layer's re-export is a reference to the declaration that the
      // root module (which re-exports every layer) lists in full
      const decl = symbol.declarations.find((d) => d.kind !== "reference");
      if (decl === undefined) continue;
      const file = (decl.location?.filename ?? "").replace(
        /^file:\/\/.*?\/(?=(defer|reactor|threads|net)\/|mod\.ts)/,
        "",
      );
      const id = `${file}:${symbol.name}`;
      if (seen.has(id)) continue;
      const doc = decl.jsDoc?.doc ?? "";
      const tagged = (decl.jsDoc?.tags ?? [])
        .filter((t) => t.kind === "example")
        .flatMap((t) => tsExamples(t.doc ?? ""));
      seen.set(id, {
        id,
        kind: decl.kind,
        summary: doc.split("\n\n")[0]!.trim(),
        examples: [...tagged, ...tsExamples(doc)],
      });
    }
  }
  return [...seen.values()];
}

const skip = IS_DENO ? false : "reads deno doc --json; Deno only";

describe("API reference", { skip }, () => {
  let exports: ExportDoc[] = [];

  it("is read from deno doc for the six entry points", async () => {
    const r = await run(["doc", "--json", ...ENTRY_POINTS]);
    assert.equal(r.code, 0, r.err);
    exports = exportsOf(r.out);
    assert.ok(exports.length >= 80, `only ${exports.length} exports`);
    assert.ok(exports.some((e) => e.id === "defer/deferred.ts:Deferred"));
  });

  it("gives every export a summary", () => {
    assert.ok(exports.length > 0);
    assert.deepEqual(
      exports.filter((e) => e.summary === "").map((e) => e.id),
      [],
    );
  });

  it("gives every export a runnable ts example", () => {
    assert.ok(exports.length > 0);
    assert.deepEqual(
      exports.filter((e) => e.examples.length === 0).map((e) => e.id),
      [],
    );
  });

  it("imports the package by its published name in every example", () => {
    const local = exports.filter((e) =>
      e.examples.some((code) => /from ["']\.\.?\//.test(code))
    ).map((e) => e.id);
    assert.deepEqual(local, []);
  });

  it("passes deno doc --lint", async () => {
    const r = await run(["doc", "--lint", ...ENTRY_POINTS]);
    assert.equal(r.code, 0, r.err + r.out);
  });
});

describe("API reference reader", () => {
  it("finds ts examples in text and ignores other languages", () => {
    const text =
      "Intro.\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n```ts\nb();\n```\n";
    assert.deepEqual(tsExamples(text), ["const a = 1;\n", "b();\n"]);
  });

  it("takes each symbol once, from its declaration, with its summary and tagged or inline examples", () => {
    const json = JSON.stringify({
      nodes: {
        "file:///x/mod.ts": {
          symbols: [
            {
              name: "A",
              declarations: [{
                kind: "class",
                location: { filename: "file:///x/defer/a.ts" },
                jsDoc: {
                  doc: "An A.\n\nMore.",
                  tags: [{ kind: "example", doc: "```ts\nnew A();\n```" }],
                },
              }],
            },
            {
              name: "B",
              declarations: [{
                kind: "typeAlias",
                location: { filename: "file:///x/reactor/b.ts" },
                jsDoc: { doc: "" },
              }],
            },
          ],
        },
        "file:///x/defer/mod.ts": {
          symbols: [{
            name: "A",
            declarations: [{
              kind: "reference",
              location: { filename: "file:///x/defer/mod.ts" },
            }],
          }],
        },
      },
    });
    assert.deepEqual(exportsOf(json), [
      {
        id: "defer/a.ts:A",
        kind: "class",
        summary: "An A.",
        examples: ["new A();\n"],
      },
      { id: "reactor/b.ts:B", kind: "typeAlias", summary: "", examples: [] },
    ]);
  });
});
