/**
 * Seed program 2, *callbacks and errbacks*: a `Getter` whose
 * `getDummyData(x)` fires two seconds later with `x * 3` for an even `x`
 * and fails with `ValueError("You used an odd number!")` for an odd one; a
 * `_toHTML` callback formats the result, `cbPrintData` prints it and
 * `ebPrintError` prints a failure to stderr. Run for 3 and for 4. The
 * Python original is `examples/twisted/callbacks_errbacks.py`; both print
 * `Result: 12` to stdout and the failure for 3 to stderr — Twisted as
 * `[Failure instance: Traceback (failure with no frames): <class
 * 'ValueError'>: You used an odd number!\n]`, twisted-ts as
 * `[Failure instance: ValueError: You used an odd number!]`.
 *
 * Run it: `deno run examples/callbacks_errbacks.ts` or
 * `bun examples/callbacks_errbacks.ts` (about 4 s, as in Twisted).
 *
 * @module
 */
import {
  Deferred,
  type Failure,
  type Reactor,
  reactor as theReactor,
} from "../mod.ts";
import type { Print } from "./single_callback.ts";

/** Python's `ValueError`, so the failure names the same type. */
export class ValueError extends Error {
  override name = "ValueError";
}

/**
 * The program, on `reactor`, printing results with `print` and failures
 * with `printError` (stdout and stderr by default). Resolves once the
 * reactor has stopped.
 */
export async function main(
  reactor: Reactor = theReactor,
  print: Print = console.log,
  printError: Print = console.error,
): Promise<void> {
  class Getter {
    d: Deferred<number> | null = null;

    gotResults(x: number): void {
      if (this.d === null) {
        print("Nowhere to put results");
        return;
      }
      const d = this.d;
      this.d = null;
      if (x % 2 === 0) d.callback(x * 3);
      else d.errback(new ValueError("You used an odd number!"));
    }

    _toHTML(r: number): string {
      return `Result: ${r}`;
    }

    getDummyData(x: number): Deferred<string> {
      const d = this.d = new Deferred<number>();
      reactor.callLater(2, (n: number) => this.gotResults(n), x);
      // addCallback returns the same Deferred, retyped to what it now holds
      return d.addCallback((r) => this._toHTML(r));
    }
  }

  function cbPrintData(result: string): void {
    print(result);
  }

  function ebPrintError(failure: Failure): void {
    printError(String(failure));
  }

  // this series of callbacks and errbacks will print an error message
  let g = new Getter();
  let d = g.getDummyData(3);
  d.addCallback(cbPrintData);
  d.addErrback(ebPrintError);

  // this series of callbacks and errbacks will print "Result: 12"
  g = new Getter();
  d = g.getDummyData(4);
  d.addCallback(cbPrintData);
  d.addErrback(ebPrintError);

  reactor.callLater(4, reactor.stop);
  await reactor.run();
}

if (import.meta.main) await main();
