/** DeferredList delivers (success, result) pairs in input order, whatever order the members fire in; members' own chains go on unchanged. */
import { Deferred, DeferredList, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = succeed("b already");
  const c = new Deferred<string>();
  const dl = new DeferredList([a, b, c]);
  dl.addCallback((r) => emit("list fired", r));
  c.errback(new RangeError("c failed"));
  emit("not yet", dl.called);
  a.callback("a late");
  a.addCallback((r) => emit("a's own chain", r));
  c.addErrback((f) => emit("c's own chain", f));
}
