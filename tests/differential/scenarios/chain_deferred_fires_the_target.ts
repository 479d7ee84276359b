/** d1.chainDeferred(d2): firing d1 fires d2 with the same result or Failure; d1 is left holding None. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const d1 = new Deferred<string>();
  const d2 = new Deferred<string>();
  d2.addCallback((r) => {
    emit("d2 got", r);
    return "d2 done";
  });
  d1.chainDeferred(d2);
  d1.addCallback((r) => emit("d1 after chaining", r));
  d1.callback("value");
  emit("results", d1.result, d2.result);

  const e1 = new Deferred<string>();
  const e2 = new Deferred<string>();
  e2.addErrback((f) => emit("e2 errback", f));
  e1.chainDeferred(e2);
  e1.addBoth((r) => emit("e1 after chaining", r));
  e1.errback(new RangeError("shared failure"));
}
