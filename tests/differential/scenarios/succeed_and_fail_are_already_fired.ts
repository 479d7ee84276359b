/** succeed() and fail() return Deferreds that have already fired; callbacks added run at once. */
import { fail, Failure, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const s = succeed({ b: 2, a: [1, 2.5] });
  emit("succeed", s.called, s.result);
  s.addCallback((r) => emit("callback", r));
  const f = fail(new RangeError("failed early"));
  emit("fail", f.called, f.result instanceof Failure);
  f.addErrback((x) => emit("errback", x));
  const n = succeed(null);
  n.addCallback((r) => emit("succeed(None)", r));
}
