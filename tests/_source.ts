/**
 * Test helper: the project's source files and the module specifiers they
 * import, read with `node:fs` so the same code runs on Deno and Bun.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The project root (the folder holding `deno.json`). */
export const ROOT: string = fileURLToPath(new URL("..", import.meta.url));

/** Every `.ts` file below `dir` (relative to the root), tests included. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(ROOT + rel).sort()) {
      const path = `${rel}/${name}`;
      if (statSync(ROOT + path).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** The contents of a file below the root. */
export function readSource(path: string): string {
  return readFileSync(ROOT + path, "utf8");
}

/**
 * The module specifiers a file imports or re-exports (static, dynamic and
 * `new URL(…, import.meta.url)` references), comments excluded. Static
 * imports count only at the start of a line, so a message string that
 * mentions `import "x"` is not mistaken for one.
 */
export function importsOf(source: string): string[] {
  return specifiers(source, [...MODULE_IMPORTS, URL_REFERENCE]);
}

/**
 * The module specifiers a file imports or re-exports, statically or
 * dynamically (type-only imports included): the edges of the import graph.
 * Unlike {@linkcode importsOf}, a `new URL(…, import.meta.url)` reference (a
 * worker's entry module, say) is not one.
 */
export function moduleImportsOf(source: string): string[] {
  return specifiers(source, MODULE_IMPORTS);
}

const MODULE_IMPORTS: readonly RegExp[] = [
  /^\s*(?:import|export)\s[^'"`;]*?\sfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /\bimport\s*\(\s*["']([^"']+)["']/g,
];
const URL_REFERENCE =
  /\bnew\s+URL\s*\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url/g;

function specifiers(source: string, patterns: readonly RegExp[]): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const specs: string[] = [];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) specs.push(m[1]!);
  }
  return specs;
}
