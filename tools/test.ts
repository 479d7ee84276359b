/**
 * The test task: runs the whole suite on Deno (unit, integration and doc
 * tests), on Bun, and on Node (the `.js` build `tools/node_build.ts` makes
 * of it, as JSR's npm build gives a Node user), then prints one line
 * totalling the three runtimes: `N passed, N failed`. Exits non-zero if
 * anything failed or nothing ran.
 *
 * Counts come from each runtime's JUnit report, counting leaf tests only
 * (a `describe` group is not a test; a skipped test is not a pass). A
 * runtime that exits non-zero without reporting a failure (a file that
 * does not load, a type error) counts as one failure, so a broken run can
 * never look green.
 *
 * Usage: `deno task test [--deno-only|--bun-only|--node-only] [files or
 * folders…]`
 *
 * @module
 */

/**
 * Type checking is done once, up front, by `deno check --doc` (source, tests
 * and JSDoc examples); the tests then run with `--no-check`. Run under
 * `deno test`'s own checking, every Web Worker a test starts would be
 * type-checked again at start-up (0.6–1 s each instead of ~30 ms).
 */
const DENO_CHECK_FLAGS = ["check", "--doc", "--quiet"];

/**
 * `--parallel`: Deno runs the test files (and the modules' doc tests) side
 * by side, one isolate per file, as many at once as there are cores
 * (`DENO_JOBS` overrides). Every file allows it, so none is run apart:
 * no test shares state with another file (each file has its own module
 * instances, so its own default reactor, log observers and debug flag);
 * what is process-wide — signals, stdout, the demo and the doc tools — is
 * done in child processes, with temporary directories of their own; and
 * the tests that run on real time bound it generously (seconds for what
 * takes milliseconds), as they must anyway on a shared 2-core machine. A
 * file that ever needs the machine to itself would get a second, serial
 * `deno test` run here, listed and explained.
 */
const DENO_TEST_FLAGS = [
  "test",
  "--allow-all",
  "--doc",
  "--no-check",
  "--parallel",
  "--v8-flags=--expose-gc",
  "--reporter=dot",
];

/** Default test roots: every `*_test.ts` below these is run. */
const DEFAULT_ROOTS = [
  "_util",
  "defer",
  "reactor",
  "threads",
  "net",
  "testing",
  "tests",
  "examples",
  "tools",
  "mod.ts",
];

/**
 * Node: `node --test` on the build, one run per folder of test files (one
 * run of ~100 files printed only part of its report), each file in a
 * process of its own, as many at once as there are cores (Node's default
 * is one fewer). `--expose-gc` as on Deno; a test that has not finished
 * after two minutes fails (Node's runner has no limit of its own).
 */
const nodeTestFlags = () => [
  "--expose-gc",
  "--test",
  `--test-concurrency=${navigator.hardwareConcurrency}`,
  "--test-timeout=120000",
  "--test-reporter=dot",
  "--test-reporter-destination=stdout",
];

/** The oldest Node the package supports (the build targets it). */
const NODE_MAJOR = 20;

interface Tally {
  passed: number;
  failed: number;
  names: string[];
}

function decode(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp|#(\d+));/g,
    (_, name: string, code?: string) => {
      if (code) return String.fromCharCode(Number(code));
      return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[name] ?? "";
    },
  );
}

/** Leaf test cases of a JUnit report; a case that names a group is dropped. */
function tally(xml: string, groupSeparator: string | null): Tally {
  const cases: { name: string; failed: boolean; skipped: boolean }[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const attrs = m[1] ?? "";
    const body = m[3] ?? "";
    const name = decode(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? "");
    cases.push({
      name,
      failed: /<(failure|error)\b/.test(body),
      skipped: /<skipped\b/.test(body),
    });
  }
  let leaves = cases;
  if (groupSeparator !== null) {
    const prefixes = new Set<string>();
    for (const c of cases) {
      const parts = c.name.split(groupSeparator);
      for (let i = 1; i < parts.length; i++) {
        prefixes.add(parts.slice(0, i).join(groupSeparator));
      }
    }
    leaves = cases.filter((c) => !prefixes.has(c.name));
  }
  const failedNames = leaves.filter((c) => c.failed).map((c) => c.name);
  return {
    passed: leaves.filter((c) => !c.failed && !c.skipped).length,
    failed: failedNames.length,
    names: failedNames,
  };
}

/** Runs a command, passing its output through minus the progress dots. */
async function run(
  cmd: string,
  args: string[],
  cwd?: string,
): Promise<number> {
  const child = new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "inherit",
    ...(cwd === undefined ? {} : { cwd }),
  }).spawn();
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of child.stdout) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      // deno's dot reporter prints one dot per test when not on a terminal
      if (line.trim().replace(/\.+/g, "") !== "") console.log(line);
    }
  }
  if (pending.trim()) console.log(pending);
  return (await child.status).code;
}

async function findBun(): Promise<string> {
  for (const candidate of ["node_modules/.bin/bun", Deno.env.get("BUN_BIN")]) {
    if (!candidate) continue;
    try {
      await Deno.stat(candidate);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  return "bun";
}

async function runDeno(targets: string[], report: string): Promise<Tally> {
  const checked = await run(Deno.execPath(), [...DENO_CHECK_FLAGS, ...targets]);
  if (checked !== 0) {
    console.log(
      "deno check --doc failed: type errors (above) count as one failure",
    );
  }
  const code = await run(Deno.execPath(), [
    ...DENO_TEST_FLAGS,
    `--junit-path=${report}`,
    ...targets,
  ]);
  const tally = await finish("deno", code, report, " > ");
  if (checked !== 0) {
    tally.failed += 1;
    tally.names.push("deno check --doc reported type errors");
  }
  return tally;
}

async function runBun(targets: string[], report: string): Promise<Tally> {
  const bun = await findBun();
  const code = await run(bun, [
    "test",
    "--only-failures",
    "--reporter=junit",
    `--reporter-outfile=${report}`,
    ...targets.map((
      t,
    ) => (t.startsWith("./") || t.startsWith("/") ? t : `./${t}`)),
  ]);
  return finish("bun", code, report, null);
}

/** The `*_test.ts` files below `root` (a folder or a file), sorted. */
async function testFiles(root: string): Promise<string[]> {
  const clean = root.replace(/\/+$/, "").replace(/^\.\//, "");
  const info = await Deno.stat(clean);
  if (!info.isDirectory) return /_test\.ts$/.test(clean) ? [clean] : [];
  const out: string[] = [];
  for await (const e of Deno.readDir(clean)) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const path = `${clean}/${e.name}`;
    if (e.isDirectory) out.push(...await testFiles(path));
    else if (/_test\.ts$/.test(e.name)) out.push(path);
  }
  return out.sort();
}

/** Node's version (`[major, minor]`), or `undefined` when it cannot run. */
async function nodeVersion(node: string): Promise<number[] | undefined> {
  try {
    const out = await new Deno.Command(node, { args: ["--version"] }).output();
    const m = /^v(\d+)\.(\d+)/.exec(new TextDecoder().decode(out.stdout));
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  } catch {
    return undefined;
  }
}

async function runNode(roots: string[], dir: string): Promise<Tally> {
  const node = Deno.env.get("NODE_BIN") ?? "node";
  const total: Tally = { passed: 0, failed: 0, names: [] };
  const broken = (why: string) => {
    total.failed += 1;
    total.names.push(why);
    console.log(`node: ${total.passed} passed, ${total.failed} failed`);
    return total;
  };
  const version = await nodeVersion(node);
  if (version === undefined) return broken(`node: ${node} cannot be run`);
  if (version[0]! < NODE_MAJOR) {
    return broken(
      `node: ${node} is ${version.join(".")}, not >= ${NODE_MAJOR}`,
    );
  }
  const build = `${dir}/node`;
  const built = await run(Deno.execPath(), [
    "run",
    "-A",
    "tools/node_build.ts",
    build,
  ]);
  if (built !== 0) return broken("node: tools/node_build.ts failed");
  // one run per folder, in the order the roots were given
  const batches = new Map<string, string[]>();
  for (const root of roots) {
    for (const file of await testFiles(root)) {
      const folder = file.includes("/") ? file.replace(/\/[^/]*$/, "") : ".";
      const batch = batches.get(folder) ?? [];
      if (!batch.includes(file)) batch.push(file);
      batches.set(folder, batch);
    }
  }
  for (const [folder, files] of batches) {
    const report = `${dir}/node-${folder.replaceAll("/", "_")}.xml`;
    const code = await run(node, [
      ...nodeTestFlags(),
      "--test-reporter=junit",
      `--test-reporter-destination=${report}`,
      ...files.map((f) => f.replace(/\.ts$/, ".js")),
    ], build);
    let result: Tally = { passed: 0, failed: 0, names: [] };
    try {
      result = tally(await Deno.readTextFile(report), null);
    } catch {
      // no report: node did not get as far as running tests
    }
    if (code !== 0 && result.failed === 0) {
      result.failed = 1;
      result.names.push(
        `exited with code ${code} without reporting a failing test`,
      );
    }
    total.passed += result.passed;
    total.failed += result.failed;
    total.names.push(...result.names.map((n) => `node ${folder}/: ${n}`));
  }
  console.log(`node: ${total.passed} passed, ${total.failed} failed`);
  return total;
}

async function finish(
  runtime: string,
  code: number,
  report: string,
  groupSeparator: string | null,
): Promise<Tally> {
  let result: Tally = { passed: 0, failed: 0, names: [] };
  try {
    result = tally(await Deno.readTextFile(report), groupSeparator);
  } catch {
    // no report: the runtime did not get as far as running tests
  }
  if (code !== 0 && result.failed === 0) {
    result.failed = 1;
    result.names.push(
      `${runtime} exited with code ${code} without reporting a failing test`,
    );
  }
  console.log(`${runtime}: ${result.passed} passed, ${result.failed} failed`);
  return result;
}

async function main(): Promise<number> {
  const args = [...Deno.args];
  const only = ["deno", "bun", "node"].filter((r) =>
    args.includes(`--${r}-only`)
  );
  const runsOn = (r: string) => only.length === 0 || only.includes(r);
  const targets = args.filter((a) => !a.startsWith("--"));
  const roots = targets.length > 0 ? targets : DEFAULT_ROOTS;
  const dir = await Deno.makeTempDir({ prefix: "twisted-ts-test-" });
  const totals: Tally = { passed: 0, failed: 0, names: [] };
  try {
    const runs: Tally[] = [];
    if (runsOn("deno")) runs.push(await runDeno(roots, `${dir}/deno.xml`));
    // Bun and Node only run test files; doc tests and the root module are
    // Deno's.
    const fileRoots = roots.filter((r) => r !== "mod.ts");
    if (runsOn("bun")) runs.push(await runBun(fileRoots, `${dir}/bun.xml`));
    if (runsOn("node")) runs.push(await runNode(fileRoots, dir));
    for (const r of runs) {
      totals.passed += r.passed;
      totals.failed += r.failed;
      totals.names.push(...r.names);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  for (const name of totals.names) console.log(`FAILED: ${name}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());

export { tally };
