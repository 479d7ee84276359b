/** fireOnOneCallback fires with (result, index) at the first success; later results are still recorded but fire nothing. */
import { Deferred, DeferredList } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<string>();
  const c = new Deferred<string>();
  const dl = new DeferredList([a, b, c], { fireOnOneCallback: true });
  dl.addCallback((r) => emit("fired", r));
  a.errback(new RangeError("a failed"));
  emit("a failure fires nothing", dl.called);
  b.callback("b wins");
  c.callback("c too late");
  emit("c's own result", c.result);
  a.addErrback(() => null);

  const x = new Deferred<string>();
  const y = new Deferred<string>();
  const allFail = new DeferredList([x, y], {
    fireOnOneCallback: true,
    consumeErrors: true,
  });
  allFail.addCallback((r) => emit("every member failed", r));
  x.errback(new TypeError("x"));
  y.errback(new TypeError("y"));
}
