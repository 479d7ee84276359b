/** Cancelling gatherResults cancels its members; the result is FirstError wrapping the first member's CancelledError. */
import { Deferred, type FirstError, gatherResults } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>(() => emit("a cancelled"));
  const b = new Deferred<string>(() => emit("b cancelled"));
  const g = gatherResults([a, b], true);
  g.addErrback((f) => {
    const e = f.value as FirstError;
    emit("gathered", f, e.index, e.subFailure);
  });
  g.cancel();
  emit("members", a.called, b.called);

  const x = new Deferred<string>((d) => d.callback("x value"));
  const y = new Deferred<string>((d) => d.callback("y value"));
  const ok = gatherResults([x, y]);
  ok.addCallback((r) => emit("cancellers called back", r));
  ok.cancel();
}
