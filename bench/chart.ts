/**
 * Draws `bench/results/latest.json` as `bench/results/chart.svg`: one group
 * of horizontal bars per workload — ours and the native alternative on
 * Deno, the same on Bun, and Twisted — for the time per operation on a
 * logarithmic axis (the figures span from nanoseconds to tens of
 * microseconds), with a legend and a caption giving the date, the machine
 * and the runtime versions. Hand-written SVG, no dependencies.
 *
 * ```sh
 * deno run -A bench/chart.ts [results.json] [out.svg]
 * ```
 *
 * `bench/all.ts` calls {@linkcode renderChart} itself after a run.
 *
 * @module
 */
import type { Results, WorkloadResult } from "./_results.ts";
import { formatRatio, formatTime } from "./_format.ts";

/** One bar series: which figure of a workload it draws, and how. */
export interface Series {
  label: string;
  color: string;
  /** The figure (ns per op) of `w`, or null when absent. */
  value(w: WorkloadResult): number | null;
  /** Whether this series is ours (drawn solid and labelled plainly). */
  ours: boolean;
}

const nativeOf = (w: WorkloadResult, rt: "deno" | "bun") =>
  w.runtimes[rt].alternatives[0]?.figure?.value ?? null;

/** The series drawn for each workload, top to bottom. */
export const SERIES: Series[] = [
  {
    label: "twisted-ts on Deno",
    color: "#0f766e",
    ours: true,
    value: (w) => w.runtimes.deno.ours?.value ?? null,
  },
  {
    label: "native alternative on Deno",
    color: "#99d5cf",
    ours: false,
    value: (w) => nativeOf(w, "deno"),
  },
  {
    label: "twisted-ts on Bun",
    color: "#c2410c",
    ours: true,
    value: (w) => w.runtimes.bun.ours?.value ?? null,
  },
  {
    label: "native alternative on Bun",
    color: "#f8c4a4",
    ours: false,
    value: (w) => nativeOf(w, "bun"),
  },
  {
    label: "Twisted 22.4 (CPython)",
    color: "#6b7280",
    ours: false,
    value: (w) => w.twisted?.value ?? null,
  },
];

/** Escapes text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) =>
      ({
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        '"': "&quot;",
        "'": "&apos;",
      })[
        c
      ]!,
  );
}

/** The decades [10^lo, 10^hi] that hold every value (at least one decade). */
export function logRange(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [0, 1];
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  let hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi <= lo) hi = lo + 1;
  return [lo, hi];
}

/** Splits `text` into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** An axis tick's label: `1 ns`, `10 µs`, `100 B`. */
export function tickLabel(value: number, unit: string): string {
  if (unit !== "ns") return `${value.toLocaleString("en-US")} ${unit}`;
  const units: [number, string][] = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"]];
  for (const [scale, name] of units) {
    if (value >= scale) {
      return `${Number((value / scale).toPrecision(3))} ${name}`;
    }
  }
  return `${Number(value.toPrecision(3))} ns`;
}

/** "1,000" ticks of a linear axis from 0 to just above `max`. */
export function linearTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const step0 = 10 ** Math.floor(Math.log10(max));
  const step = max / step0 > 5
    ? step0 * 2
    : max / step0 > 2
    ? step0
    : step0 / 2;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 0.999; t += step) ticks.push(t);
  return ticks;
}

const WIDTH = 1000;
const LEFT = 290;
const RIGHT = 190;
const BAR_H = 13;
const BAR_GAP = 3;
const GROUP_GAP = 18;

/** Roughly how wide `text` is at 11px in a sans-serif font. */
export function textWidth(text: string): number {
  return [...text].length * 6.1;
}

/** Why series `j` of `w` has no bar. */
function whyMissing(w: WorkloadResult, j: number): string {
  if (j === 4) return w.twistedAbsent ?? "not measured";
  const rt = j < 2 ? "deno" : "bun";
  if (j % 2 === 1 && w.runtimes[rt].alternatives.length === 0) {
    return "no native equivalent";
  }
  return "not measured";
}

function formatIn(v: number, unit: string): string {
  return unit === "ns" ? formatTime(v) : `${Number(v.toPrecision(3))} ${unit}`;
}

/**
 * One panel of bar groups, starting at `top`; returns its SVG and height.
 * `log`: logarithmic axis (time); otherwise linear from zero.
 */
function panel(
  heading: string,
  workloads: readonly WorkloadResult[],
  unit: string,
  log: boolean,
  top: number,
): { svg: string[]; height: number } {
  const plotW = WIDTH - LEFT - RIGHT;
  const values = workloads.flatMap((w) => SERIES.map((s) => s.value(w)))
    .filter((v): v is number => v !== null);
  let x: (v: number) => number;
  let ticks: number[];
  if (log) {
    const [lo, hi] = logRange(values);
    x = (v) => LEFT + ((Math.log10(v) - lo) / (hi - lo)) * plotW;
    ticks = [];
    for (let d = lo; d <= hi; d++) ticks.push(10 ** d);
  } else {
    ticks = linearTicks(Math.max(0, ...values));
    const max = ticks[ticks.length - 1]!;
    x = (v) => LEFT + (v / max) * plotW;
  }
  const svg: string[] = [];
  svg.push(
    `<text x="24" y="${
      num(top)
    }" font-size="14" font-weight="600" fill="#111827">${
      escapeXml(heading)
    }</text>`,
  );
  const plotTop = top + 18;
  const groupH = SERIES.length * (BAR_H + BAR_GAP) - BAR_GAP;
  const plotH = workloads.length * (groupH + GROUP_GAP);
  for (const t of ticks) {
    const gx = num(x(t));
    svg.push(
      `<line x1="${gx}" y1="${num(plotTop - 4)}" x2="${gx}" y2="${
        num(plotTop + plotH - GROUP_GAP + 4)
      }" stroke="#e5e7eb"/>`,
      `<text x="${gx}" y="${
        num(plotTop + plotH - GROUP_GAP + 20)
      }" text-anchor="middle" fill="#6b7280">${
        escapeXml(tickLabel(t, unit))
      }</text>`,
    );
  }
  workloads.forEach((w, i) => {
    const gy = plotTop + i * (groupH + GROUP_GAP);
    const lines = wrap(w.title, 44);
    const ly = gy + groupH / 2 - ((lines.length - 1) * 14) / 2 + 4;
    svg.push(
      `<text x="${LEFT - 12}" y="${num(ly)}" text-anchor="end" fill="#111827">${
        lines.map((l, j) =>
          `<tspan x="${LEFT - 12}" dy="${j === 0 ? 0 : 14}">${
            escapeXml(l)
          }</tspan>`
        ).join("")
      }</text>`,
    );
    if (i > 0) {
      svg.push(
        `<line x1="24" y1="${num(gy - GROUP_GAP / 2)}" x2="${WIDTH - 24}" y2="${
          num(gy - GROUP_GAP / 2)
        }" stroke="#f3f4f6"/>`,
      );
    }
    SERIES.forEach((s, j) => {
      const by = gy + j * (BAR_H + BAR_GAP);
      const v = s.value(w);
      if (v === null) {
        svg.push(
          `<text x="${LEFT + 4}" y="${
            num(by + BAR_H - 3)
          }" fill="#9ca3af" font-size="11">${
            escapeXml(`${s.label}: ${whyMissing(w, j)}`)
          }</text>`,
        );
        return;
      }
      const bw = Math.max(1, x(v) - LEFT);
      let label = formatIn(v, unit);
      const rt = j === 1 ? "deno" : j === 3 ? "bun" : null;
      if (rt !== null) {
        const alt = w.runtimes[rt].alternatives[0]?.label;
        const ours = w.runtimes[rt].ours?.value ?? null;
        if (alt !== undefined) label += ` ${alt}`;
        if (ours !== null && ours > 0) {
          const r = v / ours;
          const [more, less] = unit === "ns"
            ? ["faster", "slower"]
            : ["less", "more"];
          label += r >= 1
            ? ` · ours ${formatRatio(r)} ${more}`
            : ` · ours ${formatRatio(1 / r)} ${less}`;
        }
      }
      if (j === 4 && w.twisted?.note) label += ` (${w.twisted.note})`;
      if (j === 4 && w.twistedGrowth !== null) {
        label += ` · grows as n^${w.twistedGrowth.exponent.toFixed(1)}`;
      }
      // A label that would run off the right edge goes inside its bar.
      const inside = LEFT + bw + 5 + textWidth(label) > WIDTH - 8;
      const textX = inside ? LEFT + bw - 5 : LEFT + bw + 5;
      const textFill = inside
        ? (s.ours || j === 4 ? "#ffffff" : "#111827")
        : s.ours
        ? "#111827"
        : "#4b5563";
      svg.push(
        `<rect class="bar" x="${LEFT}" y="${num(by)}" width="${
          num(bw)
        }" height="${BAR_H}" rx="2" fill="${s.color}"><title>${
          escapeXml(`${w.title}: ${s.label}: ${formatIn(v, unit)} per ${w.per}`)
        }</title></rect>`,
        `<text x="${num(textX)}" y="${
          num(by + BAR_H - 3)
        }" font-size="11" fill="${textFill}"${
          inside ? ' text-anchor="end"' : ""
        }${s.ours ? ' font-weight="600"' : ""}>${escapeXml(label)}</text>`,
      );
    });
  });
  return { svg, height: 18 + plotH - GROUP_GAP + 30 };
}

/** The chart of `results` as an SVG document. */
export function renderChart(results: Results): string {
  const timed = results.workloads.filter((w) => w.chart && w.unit === "ns");
  const memory = results.workloads.filter((w) => w.chart && w.unit === "B");
  const body: string[] = [];
  let y = 104;
  if (timed.length > 0) {
    const p = panel(
      "Time per operation (step, timer, call, task) — logarithmic axis, shorter is faster",
      timed,
      "ns",
      true,
      y,
    );
    body.push(...p.svg);
    y += p.height + 24;
  }
  if (memory.length > 0) {
    const p = panel("Memory — smaller is better", memory, "B", false, y);
    body.push(...p.svg);
    y += p.height + 24;
  }
  const height = y + 56;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${
      num(height)
    }" viewBox="0 0 ${WIDTH} ${
      num(height)
    }" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>twisted-ts benchmarks: ours vs native vs Twisted</title>`,
    `<rect width="${WIDTH}" height="${num(height)}" fill="#ffffff"/>`,
    `<text x="24" y="32" font-size="18" font-weight="600" fill="#111827">twisted-ts vs native JavaScript vs Twisted</text>`,
    `<text x="24" y="52" fill="#4b5563">Medians; each bar is one runtime's figure for one workload (details and targets in bench/results/latest.md).</text>`,
  );
  let lx = 24;
  for (const s of SERIES) {
    out.push(
      `<rect x="${lx}" y="66" width="12" height="12" rx="2" fill="${s.color}"/>`,
      `<text x="${lx + 17}" y="76" fill="#374151">${escapeXml(s.label)}</text>`,
    );
    lx += 30 + s.label.length * 6.4;
  }
  out.push(...body);
  const m = results.machine;
  const versions = Object.entries(results.versions).map(([k, v]) => `${k} ${v}`)
    .join(" · ");
  out.push(
    `<text x="24" y="${num(y)}" fill="#374151">${
      escapeXml(
        `Measured ${
          results.date.slice(0, 10)
        } on ${m.cpu}, ${m.cores} cores, ${m.os}` +
          (m.memoryGiB !== null ? `, ${m.memoryGiB} GiB` : "") +
          (results.source ? `; code at commit ${results.source.commit}` : "") +
          (results.source?.modified.length ? " + uncommitted changes" : ""),
      )
    }</text>`,
    `<text x="24" y="${num(y + 18)}" fill="#374151">${
      escapeXml(versions)
    }</text>`,
    `<text x="24" y="${num(y + 36)}" fill="#6b7280">${
      escapeXml(
        "Medians from one run of `deno task bench:all` (bench/all.ts) on a shared machine: read ratios, not absolute times.",
      )
    }</text>`,
    `</svg>`,
  );
  return out.join("\n") + "\n";
}

if (import.meta.main) {
  const [
    input = "bench/results/latest.json",
    output = "bench/results/chart.svg",
  ] = Deno.args;
  const results = JSON.parse(await Deno.readTextFile(input)) as Results;
  await Deno.writeTextFile(output, renderChart(results));
  console.log(`wrote ${output}`);
}
