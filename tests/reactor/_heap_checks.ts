/**
 * Checks of the scheduler's internal invariants, shared by its tests: the
 * heap order of the key arrays, and the count of dead entries.
 */
import assert from "node:assert/strict";
import type { Scheduler } from "../../reactor/_scheduler.ts";

/** Checks the heap property over the key arrays. */
export function assertHeap(s: Scheduler): void {
  for (let i = 1; i < s.size; i++) {
    const p = (i - 1) >> 1;
    const ok = s.times[p]! < s.times[i]! ||
      (s.times[p] === s.times[i] && s.seqs[p]! < s.seqs[i]!);
    assert.ok(ok, `heap order broken between ${p} and ${i}`);
  }
}

/** Counts the entries in the heap and the FIFO whose call is not theirs. */
export function deadEntries(s: Scheduler): number {
  let dead = 0;
  for (let i = 0; i < s.size; i++) {
    if (s.calls[i]!._entry !== s.seqs[i]) dead++;
  }
  for (let j = s.aheadHead; j < s.aheadEnd; j++) {
    if (s.aheadCalls[j]!._entry !== s.aheadSeqs[j]) dead++;
  }
  return dead;
}
