/**
 * How the bench tools print figures: times with a unit, rates, ratios (as
 * `deno bench` does). Shared by the runner (`run.ts`), the results tables
 * (`_results.ts`), the chart and the README's generated section.
 *
 * @module
 */

/** Formats nanoseconds with a unit and three significant digits. */
export function formatTime(ns: number): string {
  const units: [number, string][] = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"]];
  for (const [scale, unit] of units) {
    if (Math.abs(ns) >= scale) return `${(ns / scale).toPrecision(3)} ${unit}`;
  }
  return `${ns.toPrecision(3)} ns`;
}

/** Formats a rate (per second): `1,234,567`, `12.3`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  if (perSecond >= 1000) return Math.round(perSecond).toLocaleString("en-US");
  return perSecond.toPrecision(3);
}

/** Formats a ratio like `deno bench`: `12.3x`, `1.04x`. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return `${r}x`;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
}
