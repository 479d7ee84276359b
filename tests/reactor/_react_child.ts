/**
 * Run by `react_test.ts`: a program written around `react` on the default
 * reactor, ending in one of three ways (the first argument).
 *
 * - `ok`: `main` succeeds after a timed call: status 0.
 * - `exit-3`: `main` fails with `SystemExit(3)`: status 3, nothing logged.
 * - `fails`: `main` fails with an error, and an unhandled failure is left
 *   in a live Deferred: status 1; both are reported.
 *
 * @module
 */
import type { Deferred } from "../../defer/deferred.ts";
import { fail } from "../../defer/succeed.ts";
import { deferLater } from "../../reactor/defer_later.ts";
import { SystemExit } from "../../reactor/errors.ts";
import { react } from "../../reactor/react.ts";

const mode = (globalThis as { Deno?: { args: string[] } }).Deno?.args[0] ??
  (globalThis as unknown as { process: { argv: string[] } }).process.argv[2];

await react(async (reactor) => {
  await deferLater(reactor, 0.01);
  if (mode === "exit-3") throw new SystemExit(3);
  if (mode === "fails") {
    (globalThis as { kept?: Deferred<never> }).kept = fail(
      new RangeError("left unhandled"),
    );
    throw new TypeError("main went wrong");
  }
  console.log("main done");
});
console.log("never printed: react ended the program");
