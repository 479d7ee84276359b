/**
 * Test helpers: read a Deferred's current outcome synchronously, as Twisted's
 * trial does with `successResultOf`, `failureResultOf` and `assertNoResult`.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Deferred, Failure } from "../../defer/mod.ts";
import type { ErrorClass } from "../../defer/failure.ts";

type Outcome =
  | { kind: "none" }
  | { kind: "value"; value: unknown }
  | { kind: "failure"; failure: Failure };

/**
 * What `d` holds right now. A value stays in the chain; a failure is
 * consumed (the chain continues with `undefined`) when `consume` is set.
 */
function outcomeOf(d: Deferred<unknown>, consume: boolean): Outcome {
  let outcome: Outcome = { kind: "none" };
  d.addCallbacks(
    (value: unknown) => {
      outcome = { kind: "value", value };
      return value;
    },
    (failure: Failure) => {
      outcome = { kind: "failure", failure };
      return consume ? undefined : failure;
    },
  );
  return outcome;
}

/** The value `d` holds now (left in its chain); fails the test otherwise. */
export function resultOf<T>(d: Deferred<T>): T {
  const outcome = outcomeOf(d as Deferred<unknown>, true);
  if (outcome.kind === "failure") {
    assert.fail(`expected a result, got ${outcome.failure}`);
  }
  if (outcome.kind === "none") assert.fail(`expected a result, got none: ${d}`);
  return outcome.value as T;
}

/**
 * The failure `d` holds now, consumed (the chain continues with
 * `undefined`, so nothing is reported as unhandled). With `types`, it must
 * match one of them.
 */
export function failureOf(
  d: Deferred<unknown>,
  ...types: ErrorClass[]
): Failure {
  const outcome = outcomeOf(d, true);
  if (outcome.kind === "value") {
    assert.fail(`expected a failure, got the result ${String(outcome.value)}`);
  }
  if (outcome.kind === "none") {
    assert.fail(`expected a failure, got no result: ${d}`);
  }
  if (types.length > 0 && outcome.failure.check(...types) === undefined) {
    assert.fail(
      `expected a failure of ${
        types.map((t) => t.name).join(" or ")
      }, got ${outcome.failure}`,
    );
  }
  return outcome.failure;
}

/** Fails the test if `d` has a result now (it adds a pass-through pair). */
export function assertNoResult(d: Deferred<unknown>): void {
  const outcome = outcomeOf(d, false);
  if (outcome.kind !== "none") {
    assert.fail(
      `expected no result, got ${
        outcome.kind === "value" ? String(outcome.value) : outcome.failure
      }`,
    );
  }
}

/** Consumes any failure `d` holds now or later, so it is not reported as unhandled. */
export function quiet<T>(d: Deferred<T>): Deferred<T> {
  d.addErrback(() => undefined);
  return d;
}
