/** fireOnOneErrback fails with FirstError(subFailure, index) at the first failure; consumeErrors leaves members holding None. */
import { Deferred, DeferredList, FirstError } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<string>();
  const dl = new DeferredList([a, b], {
    fireOnOneErrback: true,
    consumeErrors: true,
  });
  dl.addErrback((f) => {
    emit("list failed", f, f.check(FirstError) === FirstError);
    const e = f.value as FirstError;
    emit("index and subFailure", e.index, e.subFailure);
    return "handled";
  });
  a.callback("a ok");
  emit("one success fires nothing", dl.called);
  b.errback(new RangeError("b failed"));
  emit("b consumed", b.result);
}
