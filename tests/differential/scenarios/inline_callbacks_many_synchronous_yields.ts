/** 100,000 yields of already-fired Deferreds run in a loop, without growing the stack. */
import { inlineCallbacks, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const count = inlineCallbacks(function* () {
    let total = 0;
    for (let i = 0; i < 100000; i++) total += (yield succeed(1)) as number;
    return total;
  });
  count().addCallback((r) => emit("total", r));
}
