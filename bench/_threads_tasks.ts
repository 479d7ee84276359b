/**
 * The task module the threads bench runs in its pool's workers.
 *
 * @module
 */

/** `a + b`: the trivial task of the throughput and round-trip benches. */
export function add(a: number, b: number): number {
  return a + b;
}

/** piscina's and tinypool's form of `add`: one argument, the default export. */
export default function addPair({ a, b }: { a: number; b: number }): number {
  return a + b;
}
