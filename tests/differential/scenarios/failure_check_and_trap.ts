/** Failure.check returns the first matching class (or None); trap re-raises the original exception. */
import { Deferred, Failure } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Base extends Error {
  override name = "Base";
}
class Derived extends Base {
  override name = "Derived";
}

export function main(): void {
  const f = new Failure(new Derived("specific"));
  emit("check derived", f.check(Derived) === Derived);
  emit("check base", f.check(TypeError, Base) === Base);
  emit("check none", f.check(TypeError, RangeError) === undefined);
  emit("trap base", f.trap(Base) === Base);

  const original = new RangeError("not trapped");
  const d = new Deferred<unknown>();
  d.addErrback((g) => g.trap(TypeError));
  d.addErrback((g) => emit("after failed trap", g, g.value === original));
  d.errback(original);

  const d2 = new Deferred<unknown>();
  d2.addErrback((g) => {
    emit("trapped", g.trap(RangeError) === RangeError);
    return "handled";
  });
  d2.addCallback((r) => emit("callback after trap", r));
  d2.errback(new RangeError("trapped one"));
}
