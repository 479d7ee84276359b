/** inlineCallbacks runs the generator during the call up to the first unfired yield, and resumes synchronously when it fires. */
import { Deferred, inlineCallbacks, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const later = new Deferred<number>();
  const work = inlineCallbacks(function* (x: number) {
    emit("started", x);
    const a = (yield succeed(x + 1)) as number;
    emit("fired one resumes at once", a);
    const b = yield "plain value";
    emit("plain value sent back", b);
    const c = (yield later) as number;
    emit("resumed by callback", c);
    return a + c;
  });
  const d = work(1);
  emit("call returned", d.called);
  d.addCallback((r) => emit("result", r));
  later.callback(40);
  emit("after firing", d.called);
  emit("the yielded Deferred now holds", later.result);
}
