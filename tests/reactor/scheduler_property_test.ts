/**
 * Seeded property test: random programs of `callLater`, `cancel`, `reset`,
 * `delay` and time steps — some made from inside running calls — run
 * against the real scheduler and against a naive model (a plain list,
 * searched for the minimum each time). Both must produce the same trace:
 * which call ran, when, and what was pending after each step.
 *
 * The ordering rule being checked: a call runs once its time has come, in
 * order of (time, sequence), where each callLater/reset/delay takes a new
 * sequence number.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Clock,
  type DelayedCall,
  type IReactorTime,
  Reactor,
} from "../../reactor/mod.ts";
import { randomInt, seededRandom } from "../_random.ts";
import { deadEntries } from "./_heap_checks.ts";

/** What a program can do to a scheduler, by call number. */
interface World {
  now(): number;
  callLater(delay: number, fn: () => void): number;
  cancel(id: number): void;
  reset(id: number, seconds: number): void;
  delay(id: number, seconds: number): void;
  /** Moves time forward and runs what is due (the world's own rule). */
  advance(amount: number): void;
  /** Pending call numbers in firing order. */
  pending(): number[];
}

/** The real thing, through its `IReactorTime` and a way to move time. */
abstract class RealWorld implements World {
  calls: DelayedCall[] = [];
  ids = new Map<DelayedCall, number>();
  abstract time: IReactorTime;
  abstract advance(amount: number): void;
  now() {
    return this.time.seconds();
  }
  callLater(delay: number, fn: () => void): number {
    const call = this.time.callLater(delay, fn) as DelayedCall;
    this.ids.set(call, this.calls.length);
    return this.calls.push(call) - 1;
  }
  cancel(id: number) {
    this.calls[id]!.cancel();
  }
  reset(id: number, s: number) {
    this.calls[id]!.reset(s);
  }
  delay(id: number, s: number) {
    this.calls[id]!.delay(s);
  }
  pending() {
    return (this.time.getDelayedCalls() as DelayedCall[]).map((c) =>
      this.ids.get(c)!
    );
  }
}

/** A `Clock`: `advance` runs everything due, including calls made meanwhile. */
class ClockWorld extends RealWorld {
  clock = new Clock();
  time = this.clock;
  advance(amount: number) {
    this.clock.advance(amount);
  }
}

/**
 * A `Reactor` on a fake clock: `advance` is one `runUntilCurrent` pass.
 * `stageLimit` lowers how many calls made outside a pass wait in the
 * staging list before entering the heap (1024 by default: more than these
 * programs make), so that early entry is exercised too.
 */
class ReactorWorld extends RealWorld {
  t = 0;
  reactor = new Reactor({
    seconds: () => this.t,
    installSignalHandlers: false,
  });
  time = this.reactor;
  constructor(stageLimit?: number) {
    super();
    if (stageLimit !== undefined) {
      this.reactor._scheduler.stageLimit = stageLimit;
    }
  }
  advance(amount: number) {
    this.t += amount;
    this.reactor.runUntilCurrent();
  }
}

interface ModelCall {
  time: number;
  seq: number;
  state: "pending" | "called" | "cancelled";
  fn: () => void;
  /** Whether a pass has taken it in (calls made during a pass wait). */
  taken: boolean;
}

/**
 * The model: a list, and "find the smallest (time, seq) that is due". With
 * `passes` (the Reactor's rule), `advance` is one pass: it takes in the
 * calls made so far, fixes the time limit, and runs due calls among those
 * taken in; calls made during the pass wait for the next one.
 */
class ModelWorld implements World {
  t = 0;
  seq = 0;
  calls: ModelCall[] = [];
  constructor(readonly passes = false) {}
  now() {
    return this.t;
  }
  callLater(delay: number, fn: () => void): number {
    return this.calls.push({
      time: this.t + delay,
      seq: this.seq++,
      state: "pending",
      fn,
      taken: !this.passes,
    }) - 1;
  }
  check(id: number, action: string): ModelCall {
    const c = this.calls[id]!;
    if (c.state === "cancelled") {
      throw new Error(`Tried to ${action} an already-cancelled event.`);
    }
    if (c.state === "called") {
      throw new Error(`Tried to ${action} an already-called event.`);
    }
    return c;
  }
  cancel(id: number) {
    this.check(id, "cancel").state = "cancelled";
  }
  reset(id: number, s: number) {
    const c = this.check(id, "reset");
    c.time = this.t + s;
    c.seq = this.seq++;
  }
  delay(id: number, s: number) {
    const c = this.check(id, "delay");
    c.time = c.time + s;
    c.seq = this.seq++;
  }
  next(limit: number): ModelCall | undefined {
    let best: ModelCall | undefined;
    for (const c of this.calls) {
      if (c.state !== "pending" || !c.taken || c.time > limit) continue;
      if (
        !best || c.time < best.time ||
        (c.time === best.time && c.seq < best.seq)
      ) {
        best = c;
      }
    }
    return best;
  }
  advance(amount: number) {
    this.t += amount;
    if (this.passes) {
      for (const c of this.calls) c.taken = true;
      const limit = this.t;
      for (let c = this.next(limit); c; c = this.next(limit)) {
        c.state = "called";
        c.fn();
      }
      return;
    }
    for (let c = this.next(this.t); c; c = this.next(this.t)) {
      c.state = "called";
      c.fn();
    }
  }
  pending() {
    return this.calls
      .map((c, id) => ({ c, id }))
      .filter(({ c }) => c.state === "pending")
      .sort((a, b) => a.c.time - b.c.time || a.c.seq - b.c.seq)
      .map(({ id }) => id);
  }
}

/** A delay with many ties: small integers, halves, sometimes random. */
function pickDelay(random: () => number): number {
  const r = random();
  if (r < 0.6) return randomInt(random, 5);
  if (r < 0.9) return randomInt(random, 10) / 2;
  return random() * 5;
}

/**
 * Runs one random program on `world` and returns its trace. The program's
 * random choices come from `seed`, so two worlds that behave alike make
 * the same choices and produce the same trace.
 */
/** How a program is made: the share of each kind of step. */
interface Mix {
  /** Share of steps that schedule a call. */
  schedule: number;
  /** Share of steps that move time. */
  advance: number;
  /** Multiplier for the delays of new calls. */
  spread: number;
  /** Record the pending list every this many steps. */
  every: number;
}

const BALANCED: Mix = { schedule: 0.4, advance: 0.15, spread: 1, every: 1 };

function run(
  world: World,
  seed: number,
  steps: number,
  mix: Mix = BALANCED,
): string[] {
  const random = seededRandom(seed);
  const trace: string[] = [];
  let made = 0;
  const attempt = (what: string, f: () => void) => {
    try {
      f();
      trace.push(what);
    } catch (e) {
      trace.push(`${what} -> ${(e as Error).message}`);
    }
  };
  const act = (depth: number) => {
    const r = random();
    if (made === 0 || r < mix.schedule) {
      const id = made++;
      const delay = pickDelay(random) * mix.spread;
      const nested = depth < 3 && random() < 0.3;
      world.callLater(delay, () => {
        trace.push(`ran ${id} at ${world.now()}`);
        if (nested) act(depth + 1);
      });
      trace.push(`call ${id} in ${delay}`);
      return;
    }
    // mostly recent calls, which are more likely to be pending
    const id = random() < 0.8
      ? made - 1 - randomInt(random, Math.min(made, 30))
      : randomInt(random, made);
    const share = (1 - mix.schedule - mix.advance) / 3;
    if (r < mix.schedule + share) {
      attempt(`cancel ${id}`, () => world.cancel(id));
    } else if (r < mix.schedule + 2 * share) {
      const s = pickDelay(random) * mix.spread;
      attempt(`reset ${id} to ${s}`, () => world.reset(id, s));
    } else if (r < mix.schedule + 3 * share) {
      const s = pickDelay(random) - 2.5;
      attempt(`delay ${id} by ${s}`, () => world.delay(id, s));
    } else {
      const amount = random() < 0.3 ? 0 : pickDelay(random);
      trace.push(`advance ${amount}`);
      world.advance(amount);
    }
  };
  for (let i = 0; i < steps; i++) {
    act(0);
    if (i % mix.every === 0) trace.push(`pending ${world.pending().join(",")}`);
  }
  // a few passes, so that calls made by calls run too on a Reactor
  for (let i = 0; i < 5; i++) world.advance(i === 0 ? 1e6 : 0);
  trace.push(`finally pending ${world.pending().join(",")}`);
  return trace;
}

/** Asserts equal traces, naming the seed and the first difference. */
function assertSameTrace(seed: number, actual: string[], expected: string[]) {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      assert.fail(
        `seed ${seed}: traces differ at step ${i}:\n  real:  ${
          actual[i]
        }\n  model: ${expected[i]}\n  before: ${
          expected.slice(Math.max(0, i - 5), i).join(" | ")
        }`,
      );
    }
  }
}

const SEEDS = Array.from({ length: 100 }, (_, i) => 1000 + i * 7919);

describe("scheduler property: Clock matches the naive model", () => {
  it("produces the model's trace for 100 seeded random programs", () => {
    let ran = 0;
    for (const seed of SEEDS) {
      const world = new ClockWorld();
      const real = run(world, seed, 250);
      const model = run(new ModelWorld(), seed, 250);
      assertSameTrace(seed, real, model);
      ran += real.filter((line) => line.startsWith("ran ")).length;
      const scheduler = world.clock._scheduler;
      assert.equal(scheduler.dead, deadEntries(scheduler), `seed ${seed}`);
    }
    // the programs must actually exercise the scheduler
    assert.ok(ran > 100 * 50, `only ${ran} calls ran`);
  });

  it("produces the model's trace through heap compactions", () => {
    const crowded: Mix = {
      schedule: 0.45,
      advance: 0.02,
      spread: 40,
      every: 100,
    };
    for (const seed of [4242, 777, 31337]) {
      const world = new ClockWorld();
      const scheduler = world.clock._scheduler;
      const compact = scheduler.compact;
      let compactions = 0;
      scheduler.compact = function () {
        compactions++;
        compact.call(this);
      };
      const trace = run(world, seed, 2000, crowded);
      assertSameTrace(seed, trace, run(new ModelWorld(), seed, 2000, crowded));
      const cancels = trace.filter((l) => /^cancel \d+$/.test(l)).length;
      assert.ok(cancels > 150, `seed ${seed}: only ${cancels} cancels`);
      assert.ok(compactions > 0, `seed ${seed}: the heap was never compacted`);
    }
  });
});

describe("scheduler property: Reactor passes match the naive model", () => {
  it("produces the model's trace for 100 seeded random programs", () => {
    let ran = 0;
    for (const seed of SEEDS) {
      const world = new ReactorWorld();
      const real = run(world, seed, 250);
      const model = run(new ModelWorld(true), seed, 250);
      assertSameTrace(seed, real, model);
      ran += real.filter((line) => line.startsWith("ran ")).length;
      const scheduler = world.reactor._scheduler;
      assert.equal(scheduler.dead, deadEntries(scheduler), `seed ${seed}`);
    }
    assert.ok(ran > 100 * 50, `only ${ran} calls ran`);
  });

  it("produces the model's trace when calls made between passes enter the heap early", () => {
    for (const limit of [1, 2, 5]) {
      let early = 0;
      for (const seed of SEEDS) {
        const world = new ReactorWorld(limit);
        const scheduler = world.reactor._scheduler;
        const insert = scheduler.insertStaged;
        scheduler.insertStaged = function () {
          if (this.holding === 0 && this.staged.length >= limit) early++;
          insert.call(this);
        };
        const real = run(world, seed, 250);
        assertSameTrace(seed, real, run(new ModelWorld(true), seed, 250));
        assert.equal(scheduler.dead, deadEntries(scheduler), `seed ${seed}`);
      }
      assert.ok(early > 1000, `limit ${limit}: only ${early} early entries`);
    }
  });

  it("produces the model's trace through heap compactions", () => {
    // few, short passes and many cancels: cancelled calls pile up in the
    // heap until they outnumber the live ones
    const crowded: Mix = {
      schedule: 0.3,
      advance: 0.04,
      spread: 200,
      every: 100,
    };
    for (const seed of [4242, 777, 31337]) {
      const world = new ReactorWorld();
      const scheduler = world.reactor._scheduler;
      const compact = scheduler.compact;
      let compactions = 0;
      scheduler.compact = function () {
        compactions++;
        compact.call(this);
      };
      const trace = run(world, seed, 2000, crowded);
      assertSameTrace(
        seed,
        trace,
        run(new ModelWorld(true), seed, 2000, crowded),
      );
      assert.ok(compactions > 0, `seed ${seed}: the heap was never compacted`);
    }
  });
});
