/**
 * Test helpers for type-level tests, which `deno check` runs before the
 * tests: `expectType<Equal<A, B>>()` compiles only when `A` and `B` are the
 * same type.
 *
 * @module
 */

/** Type-level equality: `true` only when `A` and `B` are the same type. */
export type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends
  (<X>() => X extends B ? 1 : 2) ? true : false;

/** Compiles only for `true`; does nothing when run. */
export function expectType<T extends true>(_proof?: T): void {}
