/** More than 50 cancelled calls, and more than half the heap: runUntilCurrent drops them all, so timeout() sees the live call. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

function run(nCancelled: number): void {
  const r = new DeterministicReactor();
  const calls = Array.from(
    { length: nCancelled },
    () => r.callLater(5, () => {}),
  );
  r.callLater(10, () => {});
  r.runUntilCurrent();
  for (const c of calls) c.cancel();
  emit(
    `${nCancelled}`,
    "before the pass",
    r.timeout(),
    r.getDelayedCalls().length,
  );
  r.runUntilCurrent();
  emit(
    `${nCancelled}`,
    "after the pass",
    r.timeout(),
    r.getDelayedCalls().length,
  );
}

export function main(): void {
  run(40);
  run(60);
}
