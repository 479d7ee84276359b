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
 * `.js`, and `import.meta.main` (which Node 20 lacks) to a comparison of
 * the module's path with the script Node was started with. Other files
 * (JSON, Python, fixtures, the README) are copied.
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
  "testing",
  "tests",
  "examples",
  "bench",
  "tools",
  "mod.ts",
  "deno.json",
  "README.md",
  "LICENSE",
];

/**
 * `import.meta.main` as Node 20 can tell it (it has no such property):
 * whether the module is the file `node` was started with.
 */
const NODE_IS_MAIN =
  "(decodeURIComponent(new URL(import.meta.url).pathname) === globalThis.process?.argv?.[1])";

/**
 * Relative `.ts` specifiers (in quotes) become `.js`; `import.meta.main`
 * becomes {@linkcode NODE_IS_MAIN}.
 */
export function rewriteSpecifiers(code: string): string {
  return code.replace(
    /(["'`])(\.{1,2}\/[^"'`\s]*?)\.ts\1/g,
    (_, q: string, path: string) => `${q}${path}.js${q}`,
  ).replace(/\bimport\.meta\.main\b/g, NODE_IS_MAIN);
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
        // esbuild renames a function whose name another one in the module
        // uses; the library and its tests read `fn.name`
        keepNames: true,
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
