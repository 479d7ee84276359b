/** Cancelling an unfired DeferredList cancels every member; a member whose canceller calls back contributes its value. */
import { Deferred, DeferredList, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const a = new Deferred<string>();
  const b = new Deferred<string>((d) => d.callback("b from canceller"));
  const c = succeed("c already");
  const dl = new DeferredList([a, b, c], { consumeErrors: true });
  dl.addCallback((r) => emit("list", r));
  dl.cancel();
  emit("a", a.called);

  const x = new Deferred<number>(() =>
    emit("x canceller must not run after the list fired")
  );
  const fired = new DeferredList([x, succeed(1)], { fireOnOneCallback: true });
  fired.addCallback((r) => emit("fired early", r));
  fired.cancel();
  emit("x still unfired", x.called);
}
