/** chainDeferred to an already-fired target: the source's result becomes an AlreadyCalledError Failure. */
import { Deferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const target = succeed("already");
  const source = new Deferred<string>();
  source.chainDeferred(target);
  source.addErrback((f) => {
    emit("source errback", f);
    return "handled";
  });
  source.callback("late");
  emit("target result", target.result);
}
