/** While a chained target's callbacks run, the source still holds its result (a target callback can read it, or take it by returning the source); a callback added to the source meanwhile runs afterwards with None. */
import { Deferred } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const source = new Deferred<string>();
  const target = new Deferred<string>();
  target.addCallback((r) => {
    emit("target got", r, "source holds", source.result);
    source.addCallback((s) => emit("source callback added meanwhile got", s));
    return r;
  });
  source.callback("hello");
  source.chainDeferred(target);
  emit("results", source.result, target.result);

  const source2 = new Deferred<string>();
  const target2 = new Deferred<string>();
  target2.addCallback(() => source2);
  source2.callback("taken");
  source2.chainDeferred(target2);
  emit("results", source2.result, target2.result);

  const source3 = new Deferred<string>();
  const target3 = new Deferred<string>();
  target3.addCallback((r) =>
    emit("chained first, target got", r, "source holds", source3.result)
  );
  source3.chainDeferred(target3);
  source3.addCallback((r) => emit("source's next callback got", r));
  source3.callback("later");
}
