/**
 * The callback chain of one Deferred against a model of Twisted's rules
 * (its `_runCallbacks`, as `test_defer.py`'s DeferredTests pin them): every kind of entry (bare callback, callback with extra
 * arguments, errback, addBoth, addCallbacks with and without an errback),
 * every kind of outcome (a value, a throw, a returned `Failure`, a returned
 * fired Deferred holding a value or a failure), entries added by running
 * callbacks, and entries added before and after firing. The loop that runs
 * the chain has a fast path for bare callbacks and skips them in bulk after
 * a failure; this checks that it still picks the same side of every pair as
 * the plain rule does.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Deferred, fail, Failure, succeed } from "../../defer/mod.ts";
import { randomInt, seededRandom } from "../_random.ts";

/** What one side of an entry does with its input. */
type Act =
  | { kind: "add"; n: number } // returns input value + n (0 on a failure)
  | { kind: "throw"; message: string }
  | { kind: "returnFailure"; message: string }
  | { kind: "firedValue"; n: number } // returns succeed(input value + n)
  | { kind: "firedFailure"; message: string }; // returns fail(...)

interface Side {
  act: Act;
  /** An entry this side appends to its own Deferred when it runs. */
  appends?: Entry;
}

/** One chain entry, as it is added. */
interface Entry {
  id: number;
  how:
    | "addCallback"
    | "addCallbackArgs"
    | "addErrback"
    | "addErrbackArgs"
    | "addBoth"
    | "addCallbacks"
    | "addCallbacksNullErrback"
    | "addCallbacksArgsNullErrback";
  cb?: Side;
  eb?: Side;
}

/** A result as the model and the log see it. */
type State = { failed: false; value: number } | {
  failed: true;
  message: string;
};

function describeState(s: State): string {
  return s.failed ? `failure(${s.message})` : `value(${s.value})`;
}

function randomAct(random: () => number, id: number): Act {
  switch (randomInt(random, 8)) {
    case 0:
      return { kind: "throw", message: `thrown by ${id}` };
    case 1:
      return { kind: "returnFailure", message: `returned by ${id}` };
    case 2:
      return { kind: "firedValue", n: 100 + id };
    case 3:
      return { kind: "firedFailure", message: `fired by ${id}` };
    default:
      return { kind: "add", n: id };
  }
}

function randomEntry(
  random: () => number,
  next: { id: number },
  depth: number,
): Entry {
  const id = next.id++;
  const side = (): Side => {
    const s: Side = { act: randomAct(random, id) };
    if (depth < 2 && randomInt(random, 8) === 0) {
      s.appends = randomEntry(random, next, depth + 1);
    }
    return s;
  };
  const hows: Entry["how"][] = [
    "addCallback",
    "addCallback",
    "addCallback",
    "addCallbackArgs",
    "addErrback",
    "addErrbackArgs",
    "addBoth",
    "addCallbacks",
    "addCallbacksNullErrback",
    "addCallbacksArgsNullErrback",
  ];
  const how = hows[randomInt(random, hows.length)]!;
  switch (how) {
    case "addErrback":
    case "addErrbackArgs":
      return { id, how, eb: side() };
    case "addBoth": {
      const both = side();
      return { id, how, cb: both, eb: both };
    }
    case "addCallbacks":
      return { id, how, cb: side(), eb: side() };
    default:
      return { id, how, cb: side() };
  }
}

/**
 * Twisted's rule: `entries` added in order, the Deferred fired with
 * `initial` after the first `firedAfter` of them; each entry added to a
 * fired Deferred runs at once, and an entry added by a running callback
 * runs after the ones already there.
 */
function model(entries: Entry[], initial: State, firedAfter: number): {
  log: string[];
  final: State;
} {
  const log: string[] = [];
  const list: Entry[] = [];
  let next = 0;
  let state = initial;
  const run = () => {
    for (; next < list.length; next++) {
      const entry = list[next]!;
      const side = state.failed ? entry.eb : entry.cb;
      if (side === undefined) continue; // the pass-through side
      log.push(
        `${entry.id} ${state.failed ? "eb" : "cb"} ${describeState(state)}`,
      );
      if (side.appends !== undefined) list.push(side.appends);
      const base = state.failed ? 0 : state.value;
      const act = side.act;
      switch (act.kind) {
        case "add":
        case "firedValue":
          state = { failed: false, value: base + act.n };
          break;
        case "throw":
        case "returnFailure":
        case "firedFailure":
          state = { failed: true, message: act.message };
          break;
      }
    }
  };
  entries.slice(0, firedAfter).forEach((entry) => list.push(entry));
  run(); // fired
  entries.slice(firedAfter).forEach((entry) => {
    list.push(entry);
    run();
  });
  return { log, final: state };
}

/** Adds `entry` to `d` for real, logging each call as the model does. */
function addEntry(d: Deferred<unknown>, entry: Entry, log: string[]): void {
  const EXTRA = "extra";
  const fnFor = (side: Side, which: "cb" | "eb", extra: boolean) => {
    return (input: unknown, ...rest: unknown[]): unknown => {
      assert.deepEqual(
        rest,
        extra ? [EXTRA] : [],
        `extra arguments of ${entry.id}`,
      );
      const state: State = input instanceof Failure
        ? { failed: true, message: input.getErrorMessage() }
        : { failed: false, value: input as number };
      const side2 = state.failed ? "eb" : "cb";
      log.push(
        `${entry.id} ${which === side2 ? which : `${which}?`} ${
          describeState(state)
        }`,
      );
      if (side.appends !== undefined) addEntry(d, side.appends, log);
      const base = state.failed ? 0 : state.value;
      const act = side.act;
      switch (act.kind) {
        case "add":
          return base + act.n;
        case "throw":
          throw new Error(act.message);
        case "returnFailure":
          return new Failure(new Error(act.message));
        case "firedValue":
          return succeed(base + act.n);
        case "firedFailure":
          return fail(new Error(act.message));
      }
    };
  };
  const args = { callbackArgs: [EXTRA] };
  switch (entry.how) {
    case "addCallback":
      d.addCallback(fnFor(entry.cb!, "cb", false));
      break;
    case "addCallbackArgs":
      d.addCallback(fnFor(entry.cb!, "cb", true), EXTRA);
      break;
    case "addErrback":
      d.addErrback(fnFor(entry.eb!, "eb", false));
      break;
    case "addErrbackArgs":
      d.addErrback(fnFor(entry.eb!, "eb", true), EXTRA);
      break;
    case "addBoth": {
      // one function for both sides: it logs the side its input selects
      const both = entry.cb!;
      d.addBoth((input: unknown) =>
        fnFor(both, input instanceof Failure ? "eb" : "cb", false)(input)
      );
      break;
    }
    case "addCallbacks":
      d.addCallbacks(
        fnFor(entry.cb!, "cb", false),
        fnFor(entry.eb!, "eb", false),
      );
      break;
    case "addCallbacksNullErrback":
      d.addCallbacks(fnFor(entry.cb!, "cb", false), null);
      break;
    case "addCallbacksArgsNullErrback":
      d.addCallbacks(fnFor(entry.cb!, "cb", true), null, args);
      break;
  }
}

describe("Deferred chain model", () => {
  it("runs the same sides with the same inputs as Twisted's rule over seeded random chains", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = seededRandom(seed);
      const next = { id: 0 };
      const count = randomInt(random, 25);
      const entries: Entry[] = [];
      for (let i = 0; i < count; i++) {
        entries.push(randomEntry(random, next, 0));
      }
      const initial: State = randomInt(random, 3) === 0
        ? { failed: true, message: "initial" }
        : { failed: false, value: 0 };
      const firedAfter = randomInt(random, count + 1);
      const expected = model(entries, initial, firedAfter);

      const log: string[] = [];
      const d = new Deferred<unknown>();
      entries.slice(0, firedAfter).forEach((e) => addEntry(d, e, log));
      if (initial.failed) d.errback(new Error(initial.message));
      else d.callback(initial.value);
      entries.slice(firedAfter).forEach((e) => addEntry(d, e, log));

      const context = `seed ${seed} (fired after ${firedAfter} of ${count})`;
      assert.deepEqual(log, expected.log, context);
      const result = d.result;
      const final: State = result instanceof Failure
        ? { failed: true, message: result.getErrorMessage() }
        : { failed: false, value: result as number };
      assert.deepEqual(final, expected.final, context);
      if (final.failed) d.addErrback(() => undefined); // handled: not logged
    }
  });

  it("passes a failure by bare callbacks that follow a callback with extra arguments", () => {
    const d = new Deferred<number>();
    const seen: string[] = [];
    d.addCallback((n: number, extra: string) => {
      seen.push(`with ${extra}`);
      return n;
    }, "x");
    d.addCallback((n) => {
      seen.push("bare");
      return n;
    });
    d.addErrback((f) => {
      seen.push(`errback ${f.getErrorMessage()}`);
    });
    d.errback(new Error("boom"));
    assert.deepEqual(seen, ["errback boom"]);
  });

  it("resumes bare callbacks after an errback recovers from a failure", () => {
    const d = new Deferred<number>();
    const seen: unknown[] = [];
    d.addCallback(() => {
      throw new Error("first");
    });
    d.addCallback(() => seen.push("skipped"));
    d.addCallback(() => seen.push("skipped too"));
    d.addErrback(() => 5);
    d.addCallback((n) => {
      seen.push(n);
      return n + 1;
    });
    d.callback(0);
    assert.deepEqual(seen, [5]);
    assert.equal(d.result, 6);
  });
});
