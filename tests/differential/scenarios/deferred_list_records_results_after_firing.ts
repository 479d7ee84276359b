/** A DeferredList that already fired (fireOnOneErrback) still records later results, and still consumes later failures. */
import { Deferred, DeferredList, type FirstError } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<string>();
  const c = new Deferred<string>();
  const dl = new DeferredList([a, b, c], {
    fireOnOneErrback: true,
    consumeErrors: true,
  });
  dl.addErrback((f) => {
    emit("fired early", (f.value as FirstError).index);
    return null;
  });
  a.errback(new RangeError("a"));
  b.callback("b later");
  c.errback(new TypeError("c later"));
  emit("resultList", dl.resultList);
  emit("members hold", a.result, b.result, c.result);
}
