/** addBoth's function runs on both paths, with the same extra arguments. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const both = (r: unknown, tag: string) => {
    emit("both", tag, r);
    return r;
  };

  const ok = new Deferred<number>();
  ok.addBoth(both, "ok");
  ok.callback(7);

  const bad = new Deferred<number>();
  bad.addBoth(both, "bad");
  bad.addErrback((f) => emit("errback still sees", f));
  bad.errback(new RangeError("nope"));
}
