/**
 * Builds the project for Node: every `.ts` file of the library, its tests
 * and examples, with its types stripped (esbuild, from npm), into a folder
 * of `.js` files that Node 20 runs as they are — what JSR's npm build gives
 * a Node user, and what `deno task test` runs Node's column on.
 *
 * How: each file is transpiled on its own (no bundling, so module
 * boundaries, `import.meta.url` and worker entry URLs stay as in the
 * source; `using` declarations are lowered for Node 20), and every relative
 * specifier ending in `.ts` — in `import`s and in
 * `new URL("./x.ts", import.meta.url)` strings alike — is rewritten to
 * `.js`. Other files (JSON, Python, fixtures) are copied.
 *
 * Usage: `deno run -A tools/node_build.ts <out dir> [roots…]` (or Bun)
 *
 * @module
 */
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEFAULT_ROOTS = [
  "_util",
  "defer",
  "reactor",
  "threads",
  "net",
  "tests",
  "examples",
  "bench",
  "mod.ts",
  "deno.json",
];

/** Relative `.ts` specifiers (in quotes) become `.js`. */
export function rewriteSpecifiers(code: string): string {
  return code.replace(
    /(["'`])(\.{1,2}\/[^"'`\s]*?)\.ts\1/g,
    (_, q: string, path: string) => `${q}${path}.js${q}`,
  );
}

function build(out: string, roots: string[]): number {
  let files = 0;
  const visit = (rel: string) => {
    const from = join(ROOT, rel);
    if (statSync(from).isDirectory()) {
      if (/(^|\/)(node_modules|\.git|api)$/.test(rel)) return;
      for (const name of readdirSync(from)) visit(join(rel, name));
      return;
    }
    const to = join(out, rel);
    mkdirSync(dirname(to), { recursive: true });
    if (rel.endsWith(".ts")) {
      const { code } = transformSync(readFileSync(from, "utf8"), {
        loader: "ts",
        format: "esm",
        target: "node20",
        sourcefile: rel,
      });
      writeFileSync(to.slice(0, -3) + ".js", rewriteSpecifiers(code));
      files++;
    } else cpSync(from, to);
  };
  for (const root of roots) visit(root);
  // Node reads these folders' .js files as ES modules
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  return files;
}

if (import.meta.main) {
  const [out, ...roots] = process.argv.slice(2);
  if (out === undefined) {
    console.error("usage: bun tools/node_build.ts <out dir> [roots…]");
    process.exit(2);
  }
  const n = build(out, roots.length > 0 ? roots : DEFAULT_ROOTS);
  console.log(`built ${n} files into ${relative(process.cwd(), out) || "."}`);
}
