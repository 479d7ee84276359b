/**
 * The README's generated sections, and the script that refreshes them.
 *
 * Two parts of `README.md` are rendered from the project's data rather than
 * written by hand, so they cannot drift from it:
 * - between `<!-- differences:start -->` and `<!-- differences:end -->`:
 *   the declared behaviour differences from Twisted, rendered by
 *   `tests/differential/differences.ts` (`migrationTable`);
 * - between `<!-- bench:start -->` and `<!-- bench:end -->`: the
 *   performance summary, from `bench/results/latest.json` (written by
 *   `deno task bench:all`), with the chart `bench/results/chart.svg`.
 *
 * `tests/readme_test.ts` fails when either section is out of date.
 *
 * ```sh
 * deno run --allow-read --allow-write tools/readme_sync.ts          # refresh
 * deno run --allow-read tools/readme_sync.ts --check               # exit 1 if stale
 * ```
 *
 * @module
 */
import { migrationTable } from "../tests/differential/differences.ts";
import {
  compareText,
  formatValue,
  type Results,
  type WorkloadResult,
} from "../bench/_results.ts";

/** A generated section: its marker name and its content. */
export interface Section {
  readonly name: string;
  readonly content: string;
}

/** The declared behaviour differences, as the README's table. */
export function differencesSection(): Section {
  return { name: "differences", content: migrationTable() };
}

function value(w: WorkloadResult, v: number): string {
  return formatValue(v, w.unit);
}

/** "5.20x faster" / "1.14x slower" (less/more for memory and CPU, higher/lower for throughput). */
function compare(w: WorkloadResult, theirs: number, ours: number): string {
  return compareText(w.unit, theirs, ours);
}

function runtimeCell(w: WorkloadResult, runtime: "deno" | "bun"): string {
  const side = w.runtimes[runtime];
  if (side.ours === null) return "not measured";
  const ours = side.ours.value;
  const parts = [`**${value(w, ours)}**`];
  const shown = w.listAlternatives
    ? side.alternatives
    : side.alternatives.slice(0, 1);
  for (const alt of shown) {
    if (alt.figure === null) continue;
    parts.push(
      `${compare(w, alt.figure.value, ours)} than ${alt.label} (${
        value(w, alt.figure.value)
      })`,
    );
  }
  return parts.join("<br>");
}

function twistedCell(w: WorkloadResult): string {
  if (w.twisted === null) return "—";
  const parts = [value(w, w.twisted.value)];
  for (const [runtime, label] of [["deno", "Deno"], ["bun", "Bun"]] as const) {
    const ours = w.runtimes[runtime].ours;
    if (ours !== null) {
      parts.push(`${label}: ${compare(w, w.twisted.value, ours.value)}`);
    }
  }
  return parts.join("<br>");
}

/** The performance summary: where and when, a table, the chart. */
export function benchSection(r: Results): Section {
  const verdicts = r.workloads.flatMap((w) => w.verdicts);
  const count = (met: boolean | null) =>
    verdicts.filter((v) => v.met === met).length;
  const lines = [
    `Measured ${
      r.date.slice(0, 10)
    } on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}; ${
      Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")
    }. Medians, per operation; "5x faster" means ours takes a fifth of the time. Targets: ${
      count(true)
    } met, ${count(false)} missed, ${
      count(null)
    } not measured — every figure, alternative and target is in [bench/results/latest.md](bench/results/latest.md). Re-measure with \`deno task bench:all\`.`,
    "",
    "| Workload | Deno | Bun | Twisted 22.4 (CPython) |",
    "|---|---|---|---|",
  ];
  for (const w of r.workloads) {
    const cells = [
      `${w.title} (per ${w.per})`,
      runtimeCell(w, "deno"),
      runtimeCell(w, "bun"),
      twistedCell(w),
    ].map((c) => c.replaceAll("|", "\\|"));
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push(
    "",
    "![twisted-ts vs native JavaScript vs Twisted: time per operation](bench/results/chart.svg)",
  );
  return { name: "bench", content: lines.join("\n") };
}

/** `readme` with each section's markers enclosing its content. */
export function fillSections(
  readme: string,
  sections: readonly Section[],
): string {
  let out = readme;
  for (const { name, content } of sections) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) {
      throw new Error(`README.md has no ${start} … ${end} markers`);
    }
    out = `${out.slice(0, i + start.length)}\n${content}\n${out.slice(j)}`;
  }
  return out;
}

/** The content between a section's markers, or `undefined`. */
export function sectionOf(readme: string, name: string): string | undefined {
  const m = new RegExp(
    `<!-- ${name}:start -->\\n([\\s\\S]*?)\\n?<!-- ${name}:end -->`,
  ).exec(readme);
  return m?.[1];
}

async function main(args: string[]): Promise<number> {
  const root = new URL("../", import.meta.url);
  const readmeUrl = new URL("README.md", root);
  const readme = await Deno.readTextFile(readmeUrl);
  const results = JSON.parse(
    await Deno.readTextFile(new URL("bench/results/latest.json", root)),
  ) as Results;
  const next = fillSections(readme, [
    differencesSection(),
    benchSection(results),
  ]);
  if (args.includes("--check")) {
    if (next === readme) return 0;
    console.error(
      "README.md is out of date: run deno run --allow-read --allow-write tools/readme_sync.ts",
    );
    return 1;
  }
  if (next !== readme) await Deno.writeTextFile(readmeUrl, next);
  console.log(
    next === readme ? "README.md is up to date" : "README.md updated",
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
