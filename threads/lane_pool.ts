/**
 * `pool`: Twisted's `_threads.pool` — the `Team` a `ThreadPool` runs on —
 * and its *lanes*.
 *
 * How and why — lanes. Twisted's Team gives each worker one task at a time;
 * with a real Worker that caps a thread at one round trip per task. So the
 * Team's workers here are *lanes*, each one task in flight, and a thread
 * may carry several lanes:
 * - The first `currentLimit()` lanes each bring their own thread, exactly
 *   like Twisted's one thread per Team worker: N concurrent tasks get N
 *   threads (up to the limit), so blocking or CPU-heavy tasks never queue
 *   behind each other while a thread could still be started.
 * - Past that, the Team may make up to `lanesPerThread` (default 16) lanes
 *   per allowed thread; these share the threads. A lane handed a task sends
 *   it to the live thread holding the fewest tasks, so up to
 *   `lanesPerThread` tasks are in flight per thread, and the tasks handed
 *   out in one turn travel in one message (the throughput lever).
 * - Team `statistics()` therefore counts lanes (idle, busy) and the backlog
 *   (tasks no lane has taken yet). Live threads = `min(lanes, limit)`: when
 *   the Team quits lanes (shrinking, quitting) or the limit drops, the
 *   surplus threads holding the fewest tasks quit — they stop taking tasks,
 *   finish what they hold, and exit. Lanes are not tied to a thread, so a
 *   shrink retires whole threads rather than thinning them.
 * - Adaptive depth (`maxLanesPerThread` above `lanesPerThread`): the
 *   Team may make up to `maxLanesPerThread` lanes per thread, but a thread
 *   holds at most the *depth* — between the two, set every
 *   {@linkcode SAMPLE_EVERY} tasks from the threads' busy time per
 *   finished task (see `_lane_depth.ts`): tiny tasks get deep threads
 *   that stay fed across message latency, long ones keep the floor.
 * - Parking. A lane handed a task while every thread is at the depth —
 *   adaptive, or fixed at `lanesPerThread`, which lanes can outnumber
 *   for a while once the limit drops (the Team quits busy lanes only when
 *   its backlog is empty, as Twisted's does) — *parks* it here (FIFO); a
 *   thread whose tasks leave takes parked ones up to the depth.
 *   A parked task has not reached a worker: the pool still counts it as
 *   waiting (backlog, `maxQueue`) and cancelling it costs nothing.
 *
 * @module
 */
import { describeValue, requireFunction } from "../_util/describe.ts";
import { log } from "../defer/log.ts";
import { LaneDepth } from "./_lane_depth.ts";
import { Quit } from "./_quit.ts";
import type { IWorker, Work } from "./interfaces.ts";
import { LockWorker } from "./lock_worker.ts";
import { Team } from "./team.ts";
import { ThreadWorker } from "./thread_worker.ts";

/**
 * Twisted's `_threads.pool`: a `Team` whose coordinator is a `LockWorker`
 * and whose workers are lanes onto threads from `threadFactory` (see the
 * module doc): one thread per lane up to `currentLimit()` threads, then up
 * to `lanesPerThread` lanes per thread sharing them; past that,
 * `createWorker` returns `null` and tasks wait in the backlog. Task
 * exceptions go to `log.err`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pool, ThreadWorker } from "@twisted-ts/core/threads";
 * const threads: ThreadWorker[] = [];
 * const team = pool(() => 2, () => {
 *   const t = new ThreadWorker({ inProcess: true });
 *   threads.push(t);
 *   return t;
 * }, 2);
 * for (let i = 0; i < 5; i++) team.do(() => new Promise(() => {}));
 * const stats = team.statistics();
 * assert.equal(threads.length, 2);
 * assert.equal(stats.busyWorkerCount, 4);
 * assert.equal(stats.backloggedWorkCount, 1);
 * ```
 */
export function pool(
  currentLimit: () => number,
  threadFactory: () => ThreadWorker = () => new ThreadWorker(),
  lanesPerThread = 16,
): Team {
  return lanePool(currentLimit, threadFactory, lanesPerThread).team;
}

/** Tasks handed out between two samples of the adaptive depth. */
export const SAMPLE_EVERY = 64;

/** A lane Team and its controls. */
export interface LanePool {
  /** The Team of lanes. */
  readonly team: Team;
  /** Live (not quit) threads. */
  threadCount(): number;
  /** Lanes (the Team's workers), idle or busy. */
  laneCount(): number;
  /** Work items handed to threads so far (to tell an idle pool). */
  handedOut(): number;
  /** Tasks in flight on the live threads. */
  inFlight(): number;
  /** Quits threads above `min(lanes, currentLimit())`, idlest first. */
  trim(): void;
  /** Starts threads until `min(n, lanes, currentLimit())` are live. */
  ensureThreads(n: number): void;
  /** The Team's `createWorker`: a new lane, or `null` past the limit. */
  lane(): IWorker | null;
  /** Tasks a thread may hold now (adaptive: see the module doc). */
  lanesPerThread(): number;
  /** Lanes' tasks waiting for a thread below the depth. */
  parkedCount(): number;
}

/** {@linkcode pool}, with the controls a `ThreadPool` needs. */
export function lanePool(
  currentLimit: () => number,
  threadFactory: () => ThreadWorker,
  lanesPerThread: number,
  maxLanesPerThread: number = lanesPerThread,
  /** @internal tests: the depth, with a budget of their choosing */
  depth: LaneDepth = new LaneDepth(lanesPerThread, maxLanesPerThread),
): LanePool {
  requireFunction("pool: currentLimit", currentLimit);
  requireFunction("pool: threadFactory", threadFactory);
  if (!Number.isInteger(lanesPerThread) || lanesPerThread < 1) {
    throw new RangeError(
      `pool: lanesPerThread must be an integer >= 1, got ${
        describeValue(lanesPerThread)
      }`,
    );
  }
  if (!Number.isInteger(maxLanesPerThread) || maxLanesPerThread < 1) {
    throw new RangeError(
      `pool: maxLanesPerThread must be an integer >= 1, got ${
        describeValue(maxLanesPerThread)
      }`,
    );
  }
  const live: ThreadWorker[] = [];
  let lanes = 0;
  let handed = 0;
  let untilSample = SAMPLE_EVERY;

  /**
   * The index in `live` of the thread holding the fewest tasks (the first
   * among equals), among the accepting ones if `acceptingOnly`; -1 if none.
   */
  const fewest = (acceptingOnly: boolean): number => {
    let best = -1;
    let least = 0;
    for (let i = 0; i < live.length; i++) {
      const thread = live[i]!;
      if (acceptingOnly && !thread.accepting) continue;
      const held = thread.inFlight; // a getter: read once
      if (best < 0 || held < least) {
        best = i;
        least = held;
      }
    }
    fewestHeld = least;
    return best;
  };
  /** What the thread `fewest` found last holds (0 if none). */
  let fewestHeld = 0;

  /**
   * The thread for a lane's task: the one holding the fewest tasks, or a
   * new one while every thread is busy and fewer than `min(lanes, limit)`
   * live. Lanes outlive a burst, so without this a limit raised afterwards
   * would leave new concurrent tasks sharing the old threads.
   */
  const pick = (): ThreadWorker => {
    const i = fewest(false);
    if (
      i >= 0 &&
      (fewestHeld === 0 || live.length >= Math.min(lanes, currentLimit()))
    ) return live[i]!;
    fewestHeld = 0;
    return newThread();
  };

  /** Starts threads until `min(n, lanes, currentLimit())` are live. */
  const ensureThreads = (n: number) => {
    const target = Math.min(n, lanes, currentLimit());
    while (live.length < target) newThread();
  };

  const trim = () => {
    const limit = currentLimit();
    // once stopped (limit 0), threads follow the lanes still finishing
    const target = Math.min(lanes, limit > 0 ? limit : live.length);
    while (live.length > target) {
      const [thread] = live.splice(fewest(false), 1);
      thread!.quit();
    }
  };

  /** Lanes' work waiting for a thread below the depth, from `parkedHead`. */
  let parked: Work[] = [];
  let parkedHead = 0;

  /** The accepting thread holding the fewest tasks, if under the depth. */
  const roomiest = (): ThreadWorker | undefined => {
    // a quit or killed thread takes no more
    const i = fewest(true);
    return i >= 0 && live[i]!.inFlight < depth.current ? live[i] : undefined;
  };

  /**
   * Hands parked work to threads under the depth. Each parked item is
   * handed at most once per call: one whose task was cancelled meanwhile
   * adds nothing to the thread, and the next one goes too. Re-entrant: a
   * cancelled task ends inside `thread.do`, its lane takes the next task
   * and may drain from there, so the line is re-read on every turn.
   */
  const drain = () => {
    if (parkedHead === parked.length) return; // nothing parked
    for (let left = parked.length - parkedHead; left > 0; left--) {
      if (parkedHead === parked.length) break; // a nested drain emptied it
      const thread = roomiest();
      if (thread === undefined) break;
      const work = parked[parkedHead]!;
      parked[parkedHead++] = undefined as unknown as Work;
      thread.do(work);
    }
    if (parkedHead === parked.length) {
      parked = [];
      parkedHead = 0;
    } else if (parkedHead > 1024 && parkedHead * 2 > parked.length) {
      parked = parked.slice(parkedHead);
      parkedHead = 0;
    }
  };

  /** Resamples the adaptive depth; a deeper one takes parked work. */
  const adapt = () => {
    untilSample = SAMPLE_EVERY;
    let busy = 0, done = 0;
    for (const thread of live) {
      busy += thread._busyTime();
      done += thread._finished();
    }
    depth.sample(busy, done);
    if (parkedHead < parked.length) drain();
  };

  const newThread = (): ThreadWorker => {
    const thread = threadFactory();
    if (!(thread instanceof ThreadWorker)) {
      throw new TypeError(
        `pool: threadFactory must return a ThreadWorker, got ${
          describeValue(thread)
        }`,
      );
    }
    thread._tasksLeft = drain;
    live.push(thread);
    return thread;
  };

  const createWorker = (): IWorker | null => {
    const limit = currentLimit();
    if (lanes >= limit * maxLanesPerThread) return null;
    lanes++;
    if (live.length < Math.min(lanes, limit)) newThread();
    const quit = new Quit("pool lane");
    return {
      do(work: Work) {
        quit.check("lane.do");
        handed++;
        // a thread holds at most the depth, fixed or adaptive: lanes can
        // outnumber what the threads may hold when the limit just dropped
        // (the Team quits busy lanes only once its backlog is empty)
        const thread = pick();
        const room = fewestHeld < depth.current; // what `thread` holds
        if (room && parkedHead === parked.length) thread.do(work);
        else {
          parked.push(work);
          // a thread just started is under the depth while others park
          if (room) drain();
        }
        if (depth.adapts && --untilSample === 0) adapt();
      },
      quit() {
        quit.set("lane.quit");
        lanes--;
        trim();
      },
    };
  };
  const team = new Team(
    new LockWorker(),
    createWorker,
    (failure) => log.err(failure, "ThreadPool: a task raised an exception:"),
  );
  return {
    team,
    threadCount: () => live.length,
    laneCount: () => lanes,
    handedOut: () => handed,
    inFlight: () => live.reduce((n, t) => n + t.inFlight, 0),
    trim,
    ensureThreads,
    lane: createWorker,
    lanesPerThread: () => depth.current,
    parkedCount: () => parked.length - parkedHead,
  };
}
