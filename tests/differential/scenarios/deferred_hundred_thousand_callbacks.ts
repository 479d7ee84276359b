/** 100,000 callbacks on one Deferred, and 100,000 callbacks each returning a fired Deferred, run in order. */
import { Deferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

const N = 100000;

export function main(): void {
  const d = new Deferred<number>();
  for (let i = 0; i < N; i++) d.addCallback((r) => r + 1);
  d.callback(0);
  emit("plain", d.result);

  const d2 = new Deferred<number>();
  for (let i = 0; i < N; i++) d2.addCallback((r) => succeed(r + 2));
  d2.callback(0);
  emit("returning fired Deferreds", d2.result);
}
