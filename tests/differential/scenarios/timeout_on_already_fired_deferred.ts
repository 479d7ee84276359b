/** addTimeout on a Deferred that already has a result leaves the result alone and cancels its timer at once. */
import { Clock, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const d = succeed("already");
  d.addTimeout(5, clock);
  emit("timer pending", clock.getDelayedCalls().length);
  d.addCallback((r) => emit("result", r));
  clock.advance(10);
}
