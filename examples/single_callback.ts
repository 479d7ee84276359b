/**
 * Seed program 1, *a single callback*: Twisted's classic first Deferred
 * example, ported. `getDummyData(3)` returns a Deferred that the reactor
 * fires two seconds later with 9; its callback prints the result; the
 * reactor stops itself at four seconds. The Python original is
 * `examples/twisted/single_callback.py`; both print
 *
 * ```text
 * getDummyData called
 * Starting the reactor
 * Result received: 9
 * ```
 *
 * Run it: `deno run examples/single_callback.ts` or
 * `bun examples/single_callback.ts` (about 4 s, as in Twisted).
 *
 * @module
 */
import { Deferred, type Reactor, reactor as theReactor } from "../mod.ts";

/** Where a seed program writes its lines (stdout by default). */
export type Print = (line: string) => void;

/**
 * The program, on `reactor` (the default reactor when run as a script; the
 * demo's `--fast` mode passes one on virtual time). Resolves once the
 * reactor has stopped.
 */
export async function main(
  reactor: Reactor = theReactor,
  print: Print = console.log,
): Promise<void> {
  function getDummyData(inputData: number): Deferred<number> {
    print("getDummyData called");
    const deferred = new Deferred<number>();
    // `deferred.callback` is bound to its Deferred, so it can be passed
    // around as in Python
    reactor.callLater(2, deferred.callback, inputData * 3);
    return deferred;
  }

  function cbPrintData(result: number): void {
    print(`Result received: ${result}`);
  }

  const deferred = getDummyData(3);
  deferred.addCallback(cbPrintData);

  // reactor.stop is bound to its reactor, so it can be passed as in Python
  reactor.callLater(4, reactor.stop);
  print("Starting the reactor");
  await reactor.run(); // Twisted's run() blocks; ours returns a promise
}

if (import.meta.main) await main();
