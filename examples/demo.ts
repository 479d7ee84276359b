/**
 * `deno task demo`: what twisted-ts does today, run for real.
 *
 * It fires a Deferred's callback chain (a value passing through callbacks,
 * a failure caught by an errback) and prints each step. The reactor and
 * thread seed programs join here as those layers land.
 *
 * @module
 */
import { Deferred, type Failure } from "../mod.ts";

/** Runs the demo, writing its lines through `print`. */
export function demo(print: (line: string) => void = console.log): void {
  print("twisted-ts demo: a Deferred callback chain");
  const d = new Deferred<number>();
  d.addCallback((n) => n * 3)
    .addCallback((n) => `<p>${n}</p>`)
    .addCallback((html) => print(`Result: ${html}`));
  d.callback(4);

  const failing = new Deferred<number>();
  failing.addCallback((n) => {
    if (n % 2 === 1) throw new RangeError("You used an odd number!");
    return n;
  }).addErrback((f: Failure) => print(`Caught: ${f.getErrorMessage()}`));
  failing.callback(3);
}

if (import.meta.main) demo();
