/** An empty DeferredList fires [] at once, except with fireOnOneCallback, where it never fires; gatherResults([]) fires []. */
import { DeferredList, gatherResults } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const plain = new DeferredList([]);
  emit("plain", plain.called, plain.result);
  const errback = new DeferredList([], { fireOnOneErrback: true });
  emit("fireOnOneErrback", errback.called, errback.result);
  const callback = new DeferredList([], { fireOnOneCallback: true });
  emit("fireOnOneCallback", callback.called);
  const gathered = gatherResults([]);
  emit("gatherResults", gathered.called, gathered.result);
}
