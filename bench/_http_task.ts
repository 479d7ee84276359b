/**
 * The work the HTTP servers of `server_bench.ts` do per request, shaped
 * for each pool: `slowHash(text, rounds)` (the example servers' hash,
 * `examples/servers/tasks.ts`) as a named export for our `threadTask`, and
 * as the default export taking one object, which is how piscina and
 * tinypool call a task.
 *
 * @module
 */
import { slowHash } from "../examples/servers/tasks.ts";

export { slowHash };

/** piscina's and tinypool's form: one argument, the default export. */
export default function hash(
  { text, rounds }: { text: string; rounds: number },
): string {
  return slowHash(text, rounds);
}
