import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  importsOf,
  moduleImportsOf,
  readSource,
  sourceFiles,
} from "./_source.ts";
import { SOURCE_TEST } from "./_runtime.ts";

const LIBRARY_DIRS = [
  "_util",
  "defer",
  "reactor",
  "threads",
  "net",
  "testing",
] as const;
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
  // the test doubles: on top of everything, and below nothing
  testing: ["_util", "defer", "reactor", "threads", "net"],
};

/**
 * Import circles that are known and being removed: each entry is one
 * circle's files, sorted. The check below fails on any other circle, and on
 * an entry here that is no longer a circle (then delete it).
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

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

/**
 * The circles of a directed graph: its strongly connected components of
 * more than one node (Tarjan's algorithm), each sorted, in sorted order.
 */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>) {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a.join().localeCompare(b.join()));
}

/** The layer a relative import from `file` lands in. */
function layerOf(file: string, spec: string): string {
  return resolve(file, spec).split("/")[0] ?? "";
}

describe("layering", { skip: SOURCE_TEST }, () => {
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

  it("lets no library file import net/ (only the root mod.ts re-exports it, and testing/ its doubles)", () => {
    const violations: string[] = [];
    for (const file of libraryFiles()) {
      if (file.startsWith("net/") || file.startsWith("testing/")) continue;
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

  it("lets nothing import testing/: not the library, not the root mod.ts", () => {
    const violations: string[] = [];
    for (const file of [...libraryFiles(), "mod.ts"]) {
      if (file.startsWith("testing/")) continue;
      for (const spec of importsOf(readSource(file))) {
        if (spec.startsWith(".") && layerOf(file, spec) === "testing") {
          violations.push(`${file} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(violations, []);
    assert.ok(
      sourceFiles("testing").includes("testing/mod.ts"),
      "testing/mod.ts exists",
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

  it("finds circles, and only circles, in an import graph", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", ["e"]],
      ["e", ["d"]],
      ["f", ["a"]],
      ["g", ["g"]],
    ]);
    assert.deepEqual(cyclesOf(graph), [["a", "b", "c"], ["d", "e"]]);
    assert.deepEqual(cyclesOf(new Map([["a", ["b"]], ["b", []]])), []);
  });

  it("has no circle of imports among the files of a layer (type imports count)", () => {
    const files = libraryFiles();
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const layer = file.split("/")[0];
      graph.set(
        file,
        moduleImportsOf(readSource(file))
          .filter((spec) => spec.startsWith("."))
          .map((spec) => resolve(file, spec))
          .filter((target) => target.split("/")[0] === layer),
      );
    }
    assert.deepEqual(cyclesOf(graph), KNOWN_CYCLES);
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
