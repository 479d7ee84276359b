/** gatherResults gives plain values in input order, or FirstError for the first failure in firing order. */
import {
  Deferred,
  type FirstError,
  gatherResults,
  succeed,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<number | null>();
  const g = gatherResults([a, succeed(2), succeed(null)]);
  g.addCallback((r) => emit("values", r));
  a.callback(1);

  const x = new Deferred<string>();
  const y = new Deferred<string>();
  const bad = gatherResults([x, y], true);
  bad.addErrback((f) => {
    const e = f.value as FirstError;
    emit("failed", f, e.index, e.subFailure);
  });
  y.errback(new RangeError("y first"));
  x.errback(new RangeError("x second"));
  emit("members", x.result, y.result);
}
