/** timeout() never exceeds the host timer's limit, 2147483.647 seconds (declared difference: Twisted caps at 2147483). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const r = new DeterministicReactor();
  r.callLater(10 ** 9, () => {});
  emit("capped", r.timeout());
}
