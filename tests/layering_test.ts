import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importsOf, readSource, sourceFiles } from "./_source.ts";

const LIBRARY_DIRS = ["_util", "defer", "reactor", "threads", "net"] as const;
/**
 * What each layer may import from, besides itself. `_util/` is the shared
 * ground floor: every layer may import it, and it imports nothing.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  _util: [],
  defer: ["_util"],
  reactor: ["_util", "defer"],
  threads: ["_util", "defer", "reactor"],
  // the reactor's I/O half: never the thread team
  net: ["_util", "defer", "reactor"],
};

function libraryFiles(): string[] {
  return LIBRARY_DIRS.flatMap((dir) => sourceFiles(dir)).filter((f) =>
    !f.endsWith("_test.ts")
  );
}

/** The path (from the root) a relative import from `file` lands on. */
function resolve(file: string, spec: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** The layer a relative import from `file` lands in. */
function layerOf(file: string, spec: string): string {
  return resolve(file, spec).split("/")[0] ?? "";
}

describe("layering", () => {
  it("finds the library's source files", () => {
    const files = libraryFiles();
    assert.ok(
      files.includes("defer/deferred.ts"),
      `defer/deferred.ts missing from ${files}`,
    );
    assert.ok(files.length >= 5);
  });

  it("reads static, dynamic and worker-URL imports from source text", () => {
    const specs = importsOf(`
      import { a } from "./a.ts";
      export { b } from "../reactor/b.ts";
      import "npm:left-pad";
      const m = await import("jsr:@std/path");
      const w = new URL("./worker.ts", import.meta.url);
      // import { c } from "./commented.ts";
      throw new Error('import "@twisted-ts/core/threads" first');
    `);
    assert.deepEqual(specs, [
      "./a.ts",
      "../reactor/b.ts",
      "npm:left-pad",
      "jsr:@std/path",
      "./worker.ts",
    ]);
  });

  for (const layer of LIBRARY_DIRS) {
    it(`keeps ${layer}/ to its own layer and ${MAY_IMPORT[layer]!.join(", ") || "nothing else"}`, () => {
      const allowed = new Set([layer, ...MAY_IMPORT[layer]!]);
      const violations: string[] = [];
      for (
        const file of sourceFiles(layer).filter((f) => !f.endsWith("_test.ts"))
      ) {
        for (const spec of importsOf(readSource(file))) {
          if (!spec.startsWith(".")) continue;
          const target = layerOf(file, spec);
          if (!allowed.has(target)) {
            violations.push(`${file} imports ${spec} (layer ${target})`);
          }
        }
      }
      assert.deepEqual(violations, []);
    });
  }

  it("lets no library file import net/ (only the root mod.ts re-exports it)", () => {
    const violations: string[] = [];
    for (const file of libraryFiles()) {
      if (file.startsWith("net/")) continue;
      for (const spec of importsOf(readSource(file))) {
        if (spec.startsWith(".") && layerOf(file, spec) === "net") {
          violations.push(`${file} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(violations, []);
    assert.ok(
      importsOf(readSource("mod.ts")).includes("./net/mod.ts"),
      "mod.ts re-exports net/",
    );
  });

  it("imports an underscore module only from its own folder, or from _util/", () => {
    const violations: string[] = [];
    for (const file of libraryFiles()) {
      const folder = file.split("/").slice(0, -1).join("/");
      for (const spec of importsOf(readSource(file))) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(file, spec);
        if (target.startsWith("_util/")) continue;
        const parts = target.split("/");
        const privateAt = parts.findIndex((p) => p.startsWith("_"));
        if (privateAt < 0) continue;
        // a private file or folder is visible inside the folder holding it
        const owner = parts.slice(0, privateAt).join("/");
        if (
          folder !== owner && !folder.startsWith(`${owner}/`) || owner === ""
        ) {
          violations.push(`${file} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(violations, []);
  });

  it("imports nothing outside the package: no npm:, jsr:, node: or URL specifiers", () => {
    const files = [...libraryFiles(), "mod.ts"];
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(readSource(file))) {
        if (!spec.startsWith("./") && !spec.startsWith("../")) {
          violations.push(`${file} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(violations, []);
  });
});
