/** 10,000 Deferreds each waiting on the next unwind without recursion: the last callback runs at the same stack depth as with one. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return (new Error().stack ?? "").split("\n").length;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function depthOfFinalCallback(n: number) {
  const ds = Array.from({ length: n + 1 }, () => new Deferred<number>());
  for (let i = 0; i < n; i++) {
    const next = ds[i + 1]!;
    ds[i]!.addCallback(() => next).addCallback((r) => r + 1);
  }
  for (let i = 0; i < n; i++) ds[i]!.callback(0);
  const depths: number[] = [];
  ds[0]!.addCallback((r) => {
    depths.push(stackDepth());
    return r;
  });
  const paused = [ds[0]!.paused, ds[n - 1]!.paused];
  ds[n]!.callback(0);
  return {
    paused,
    result: ds[0]!.result,
    resumed: ds.every((d) => d.paused === 0),
    depth: depths[0],
  };
}

export function main(): void {
  const one = depthOfFinalCallback(1);
  emit("one level", one.paused, one.result);
  const many = depthOfFinalCallback(10000);
  emit("ten thousand levels", many.paused, many.result, many.resumed);
  emit("same stack depth as one level", many.depth === one.depth);
}
