/**
 * The module a pool's worker runs: it receives batches of records on its
 * private port (see `protocol.ts`), runs tasks, and sends their outcomes
 * back in batches.
 *
 * How and why:
 * - Tasks *start* in the order they arrive (FIFO). A task's module is
 *   imported on first use; while it loads, later tasks wait behind it, so
 *   order holds. Once loaded, a function is called synchronously, so a
 *   batch of synchronous tasks runs back to back in one turn.
 * - Before a task starts, its id goes into the control buffer's
 *   `PROGRESS` word and the `STOP` word is read: a worker the main thread
 *   is terminating starts nothing more, and the main thread can tell the
 *   tasks that started from those still queued (which it runs elsewhere).
 * - The round trip's fast path: a message holding one task, with nothing
 *   queued or waiting to be sent, no context and no function arguments,
 *   runs at once and — when it returns a primitive — posts `OK` straight
 *   back (no queue, no outbox, no argument array for up to three
 *   arguments). Anything else takes the general path below. Where the two
 *   threads wake each other by `Atomics.notify` (see `link.ts`), a lone
 *   task comes through the ring instead, and this worker idles with an
 *   `Atomics.waitAsync` pending on it.
 * - A task that returns a promise does not hold the worker: the next task
 *   starts while it waits, as in any event loop (the pool bounds how many
 *   tasks a worker holds at once). Its outcome is sent when it settles.
 * - Outcomes, and calls of function proxies, go into one outbox, so a
 *   batch of N tasks costs one `postMessage` back. The outbox is posted
 *   when the incoming batch has been run (synchronously, inside the
 *   `message` handler: a microtask would run only after the host's event
 *   dispatch has finished, ~0.7 µs later on Deno, on every round trip), or
 *   — for outcomes that arrive later (promises) — by a microtask after the
 *   first record. A record that cannot be cloned is caught by re-posting
 *   the batch record by record and replacing the bad one with an error, so
 *   one unclonable result fails one task.
 * - `CANCEL` skips a task that has not started and aborts the signal of one
 *   that is running.
 * - `blockingCallFromThread` flushes the outbox (to keep order), posts a
 *   `BLOCK` record and waits for its answer in the control buffer
 *   (`block.ts`).
 * - With a heap limit, the heap is measured each time outcomes are sent;
 *   past the limit, `HEAP` (ahead of the outcomes) asks the main thread to
 *   retire this worker (it sends no more tasks here; what it holds
 *   finishes).
 * - Before the worker ends by any other way than `QUIT` (`close()`, an
 *   exit, an uncaught error), the outbox is flushed and `DYING` says why, so
 *   finished tasks still report and the rest fail with that reason.
 *
 * @module
 */
import { describeError } from "../../_util/describe.ts";
import { context } from "../context.ts";
import { current, invoke, TaskRun } from "../_current.ts";
import { ThreadTask } from "../thread_task.ts";
import { transferablesOf } from "../transfer.ts";
import { followThen } from "../_then.ts";
import { awaitAnswer, expectAnswer, readAnswer } from "./block.ts";
import {
  connectToParent,
  heapUsed,
  nameThisWorker,
  type ParentPort,
} from "./host_worker.ts";
import { BAD, readTaskArgs, writeOk } from "./ring_codec.ts";
import { loadTask, type TaskFn } from "./load_task.ts";
import {
  Answer,
  Ctrl,
  FIELDS,
  Op,
  recordError,
  recordLength,
  TASK_ARGC,
} from "./protocol.ts";
import { Reader, Ring } from "./ring.ts";

class Definition {
  fn: TaskFn | undefined = undefined;
  error: unknown = undefined;
  loading = false;
  constructor(readonly url: string, readonly name: string) {}
}

class Task extends TaskRun {
  started = false;
  /** Whether it is in `running` (it returned a thenable). */
  pending = false;
  constructor(
    readonly id: number,
    readonly def: Definition,
    readonly args: unknown[],
    readonly ctx: object | null,
    readonly proxies: number[] | null,
  ) {
    super();
  }
}

/** What a function proxy stands for: its token and the task it was given to. */
interface ProxyOf {
  readonly token: number;
  readonly id: number;
}

const defs: Definition[] = [];
const NO_ARGS: unknown[] = [];
/** Started tasks whose promise has not settled, by id (for `CANCEL`). */
const running = new Map<number, Task>();
let queue: Task[] = [];
let head = 0;
let quitting = false;
let ended = false;
/** The main thread is terminating this worker: start nothing more. */
let stopped = false;
/** The heap size reported as over the limit (0: not yet). */
let heapReported = 0;

let outbox: unknown[] = [];
let outTransfer: Transferable[] = [];
let flushQueued = false;
/** A batch is being read: it flushes the outbox itself when done. */
let receiving = false;

const proxies = new WeakMap<object, ProxyOf>();

let parent: ParentPort;
let ctrlBuffer: SharedArrayBuffer;
let ctrl: Int32Array;
let heapLimit = 0;
let nextCall = 0;

// The shared-memory ring (`ring.ts`, `ring_codec.ts`): tasks arrive in
// `requests`, outcomes that fit leave in `responses`; records sent by
// message are counted on both sides to keep the two paths in order.
let requests: Ring;
let responses: Ring;
/** Message records handled so far. */
let recordsIn = 0;
/** Message records sent (or in the outbox) so far. */
let recordsOut = 0;
/** Outcomes written to `responses` and not yet published. */
let ringPending = false;
/** The next ring record waits for a message record not yet arrived. */
let ringBlocked = false;
/** Milliseconds to wait for more ring tasks before idling (opt-in). */
let spinMs = 0;
/** Whether outcomes that fit go through the ring (the pool's `sharedMemory` option). */
let useRing = true;
/**
 * Whether this worker idles in `Atomics.waitAsync` on the task ring, so the
 * main thread wakes it with `Atomics.notify` rather than a message.
 */
let sleepOnRing = false;
/** How long one run of spinning may keep the event loop waiting (ms). */
const SPIN_BUDGET_MS = 2;

connectToParent({
  connected(port) {
    ctrlBuffer = port.settings.ctrl;
    ctrl = new Int32Array(ctrlBuffer, 0, Ctrl.DATA / 4);
    requests = new Ring(port.settings.requests, "reader");
    responses = new Ring(port.settings.responses, "writer");
    spinMs = port.settings.spinMicros / 1000;
    useRing = port.settings.ring;
    sleepOnRing = port.settings.ring && port.settings.atomicWake;
    // every message counted once posted: see `Ctrl.SENT`
    parent = {
      settings: port.settings,
      post(data, transfer) {
        port.post(data, transfer);
        Atomics.add(ctrl, Ctrl.SENT, 1);
      },
      exit: port.exit,
    };
    heapLimit = port.settings.heapLimit;
    nameThisWorker(port.settings.name);
    current.worker = { blockingCall };
    postRecords([Op.READY], 1);
  },
  message: receive,
  dying,
});

/**
 * Whether task `id` may start: records it as started, unless the main
 * thread has stopped this worker (see `Ctrl` in `protocol.ts`).
 */
function mayStart(id: number): boolean {
  Atomics.store(ctrl, Ctrl.PROGRESS, id | 0);
  if (Atomics.load(ctrl, Ctrl.STOP) === 0) return true;
  stopped = true;
  return false;
}

/** Posts `records` (`count` of them) now, counting them as sent. */
function postRecords(records: unknown[], count: number): void {
  parent.post(records);
  recordsOut += count;
}

function receive(data: unknown): void {
  if (stopped || !Array.isArray(data)) return;
  const batch = data as unknown[]; // empty: a wake for the ring
  const lone = batch[0] === Op.TASK && head === queue.length && !quitting &&
    recordLength(batch, 0) === batch.length && !requests.hasRecords();
  if (
    lone && outbox.length === 0 && !ringPending && !ended && runLone(batch)
  ) {
    idle();
    return;
  }
  receiving = true;
  try {
    // one task and nothing queued: start it at once
    if (lone) {
      recordsIn++;
      const task = taskAt(batch, 0);
      if (task.def.fn !== undefined) {
        start(task);
      } else {
        queue.push(task);
        pump();
      }
    } else {
      read(batch);
      readRing();
      pump();
    }
  } finally {
    receiving = false;
  }
  // the outcomes of the synchronous tasks: back before this event ends
  flush();
  idle();
}

/**
 * Done with what arrived: waits for more ring tasks first if the pool asked
 * for it (`spinMicros`), then marks the ring idle, so the main thread
 * wakes this worker when it sends more (by `Atomics.notify` when the worker
 * sleeps on the ring, else by message) — reading on if some came
 * meanwhile.
 */
function idle(): void {
  if (spinMs > 0) spin();
  while (!ended && !stopped) {
    if (ringBlocked) {
      // the message record it waits for will wake this worker
      requests.goIdle();
      return;
    }
    if (!goIdle()) return;
    takeRingTasks();
  }
}

/** Marks the task ring idle; `true` if tasks came meanwhile (read them). */
function goIdle(): boolean {
  return sleepOnRing ? requests.rest(ringNotified) : requests.goIdle();
}

/** The main thread notified the sleeping task ring: tasks came. */
function ringNotified(): void {
  if (ended || stopped) return;
  takeRingTasks();
  idle();
}

/** Reads the ring's tasks, runs what can run, and sends the outcomes. */
function takeRingTasks(): void {
  receiving = true;
  try {
    readRing();
    pump();
  } finally {
    receiving = false;
  }
  flush();
}

/**
 * The opt-in spin: while this worker has nothing else to do, polls the
 * task ring (up to `spinMs` each time, `SPIN_BUDGET_MS` in all before the
 * event loop gets a turn) for the main thread to write more tasks, and
 * runs them as they come — no message, no wake, no event-loop round trip.
 */
function spin(): void {
  const deadline = performance.now() + SPIN_BUDGET_MS;
  while (
    !ended && !stopped && !ringBlocked && running.size === 0 &&
    head === queue.length && !quitting
  ) {
    if (!requests.poll(spinMs)) return;
    takeRingTasks();
    if (performance.now() > deadline) return;
  }
}

/**
 * Queues the ring's tasks whose turn has come: a ring record written after
 * `n` message records waits until this worker has handled that many.
 */
function readRing(): void {
  const ring = requests;
  ringBlocked = false;
  for (;;) {
    const at = ring.next();
    if (at < 0) {
      if (at === -2) throw new Error("the task ring is corrupt");
      break;
    }
    const words = ring.words;
    if (((words[at + 1]! - recordsIn) | 0) > 0) {
      ringBlocked = true;
      break;
    }
    const header = words[at]!;
    const n = header >>> 8;
    const def = defs[words[at + 3]!];
    const args = readTaskArgs(ring, at, n);
    if ((header & 0xff) !== Op.TASK || def === undefined || args === BAD) {
      throw new Error("the task ring holds a malformed record");
    }
    ring.advance(n);
    queue.push(new Task(words[at + 2]!, def, args, null, null));
  }
  ring.release();
}

function read(batch: unknown[]): void {
  for (let i = 0; i < batch.length;) {
    // ring tasks written before this record go first
    if (requests.hasRecords()) readRing();
    const op = batch[i] as number;
    switch (op) {
      case Op.DEFINE:
        defs[batch[i + 1] as number] = new Definition(
          batch[i + 2] as string,
          batch[i + 3] as string,
        );
        break;
      case Op.TASK:
        queue.push(taskAt(batch, i));
        break;
      case Op.CANCEL:
        find(batch[i + 1] as number)?.cancel();
        break;
      case Op.QUIT:
        quitting = true;
        break;
    }
    recordsIn++;
    i += recordLength(batch, i);
  }
}

/** The task of the `TASK` record at `batch[i]`. */
function taskAt(batch: unknown[], i: number): Task {
  const from = i + 1 + TASK_ARGC;
  return new Task(
    batch[i + 1] as number,
    defs[batch[i + 2] as number]!,
    batch.slice(from, from + (batch[i + TASK_ARGC] as number)),
    batch[i + 3] === 0 ? null : batch[i + 3] as object,
    batch[i + 4] === 0 ? null : batch[i + 4] as number[],
  );
}

/** Task `id`, if it is queued or running (a rare lookup: `CANCEL`). */
function find(id: number): Task | undefined {
  const task = running.get(id);
  if (task !== undefined) return task;
  for (let k = head; k < queue.length; k++) {
    if (queue[k]!.id === id) return queue[k];
  }
  return undefined;
}

/** Starts queued tasks in order until one must wait for its module. */
function pump(): void {
  while (head < queue.length && !stopped) {
    const task = queue[head]!;
    if (task.cancelled) {
      head++;
      emit(Op.SKIPPED, task.id);
      continue;
    }
    const def = task.def;
    if (def.fn === undefined && def.error === undefined) {
      if (!def.loading) load(def);
      break;
    }
    head++;
    start(task);
  }
  if (head === queue.length && head > 0) {
    queue = [];
    head = 0;
  }
  maybeQuit();
}

function load(def: Definition): void {
  def.loading = true;
  let loaded: TaskFn | Promise<TaskFn>;
  try {
    loaded = loadTask(def.url, def.name);
  } catch (e) {
    def.error = e;
    def.loading = false;
    pump();
    return;
  }
  if (typeof loaded === "function") {
    def.fn = loaded;
    def.loading = false;
    pump();
    return;
  }
  loaded.then(
    (fn) => {
      def.fn = fn;
    },
    (e: unknown) => {
      def.error = e;
    },
  ).finally(() => {
    def.loading = false;
    pump();
  });
}

/**
 * The round trip's fast path: runs the lone `TASK` record's task at once
 * (its module loaded, no context, no function arguments) and, when it
 * returns a primitive, posts the outcome straight back — no queue, no
 * outbox, no argument array for up to three arguments. Returns `false`,
 * having done nothing, when the task needs the general path; any other
 * outcome goes through it after the call.
 */
function runLone(batch: unknown[]): boolean {
  const fn = defs[batch[2] as number]?.fn;
  if (fn === undefined || batch[3] !== 0 || batch[4] !== 0) return false;
  // counted like any message record: ring tasks written after it wait for
  // this count (it may be read before the ring that follows it is published)
  recordsIn++;
  const id = batch[1] as number;
  if (!mayStart(id)) return true;
  const task = new Task(id, defs[batch[2] as number]!, NO_ARGS, null, null);
  task.started = true;
  const previous = current.task;
  current.task = task;
  let result: unknown;
  let ok = true;
  try {
    result = callWithRecordArgs(fn, batch);
  } catch (e) {
    ok = false;
    result = e;
  } finally {
    current.task = previous;
  }
  if (
    ok && (typeof result !== "object" || result === null) &&
    typeof result !== "function"
  ) {
    try {
      if (heapLimit > 0 && overHeap()) {
        postRecords([Op.HEAP, heapReported, Op.OK, id, result], 2);
      } else postRecords([Op.OK, id, result], 1);
      return true;
    } catch {
      // a primitive that cannot be cloned? the general path reports it
    }
  }
  receiving = true;
  try {
    if (ok) settleResult(task, result);
    else finish(task, false, result);
  } finally {
    receiving = false;
  }
  flush();
  return true;
}

/** `fn` called with the arguments of the lone `TASK` record `batch`. */
function callWithRecordArgs(fn: TaskFn, batch: unknown[]): unknown {
  const at = 1 + TASK_ARGC;
  switch (batch[TASK_ARGC] as number) {
    case 0:
      return fn();
    case 1:
      return fn(batch[at]);
    case 2:
      return fn(batch[at], batch[at + 1]);
    case 3:
      return fn(batch[at], batch[at + 1], batch[at + 2]);
    default:
      return fn(...batch.slice(at));
  }
}

function start(task: Task): void {
  if (!mayStart(task.id)) return;
  task.started = true;
  const def = task.def;
  if (def.fn === undefined) {
    finish(task, false, def.error);
    return;
  }
  const args = task.args; // this task's own copy
  if (task.proxies !== null) {
    const p = task.proxies;
    for (let k = 0; k < p.length; k += 2) {
      args[p[k]!] = proxy(p[k + 1]!, task.id);
    }
  }
  let result: unknown;
  try {
    result = invoke(task, def.fn, args, task.ctx, context.call as never);
  } catch (e) {
    finish(task, false, e);
    return;
  }
  settleResult(task, result);
}

/**
 * Reports `result` now, or — a thenable — when it settles, as
 * `Promise.resolve(result)` would settle (see `_then.ts`): once, whatever
 * the thenable does.
 */
function settleResult(task: Task, result: unknown): void {
  if (
    (typeof result !== "object" || result === null) &&
    typeof result !== "function"
  ) {
    finish(task, true, result);
    return;
  }
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch (e) {
    finish(task, false, e); // as Promise.resolve: a throwing getter rejects
    return;
  }
  if (typeof then !== "function") {
    finish(task, true, result);
    return;
  }
  running.set(task.id, task);
  task.pending = true;
  followThen(
    result,
    then as (...args: never[]) => unknown,
    (v) => {
      if (!task.pending) return;
      finish(task, true, v);
      maybeQuit();
    },
    (e: unknown) => {
      if (!task.pending) return;
      finish(task, false, e);
      maybeQuit();
    },
  );
}

function finish(task: Task, ok: boolean, value: unknown): void {
  if (task.pending) {
    task.pending = false;
    running.delete(task.id);
  }
  if (ok) emit(Op.OK, task.id, value);
  else emit(Op.ERR, task.id, recordError(value, 0, "the task's error"));
}

function proxy(token: number, id: number): (...args: unknown[]) => void {
  const fn = (...args: unknown[]) => {
    for (const a of args) {
      const t = transferablesOf(a);
      if (t !== undefined) outTransfer.push(...t);
    }
    emit(Op.CALL, id, token, args);
  };
  proxies.set(fn, { token, id });
  return fn;
}

function emit(op: number, a: unknown, b?: unknown, c?: unknown): void {
  if (ended) return;
  if (op === Op.OK) {
    if (useRing && writeOk(responses, recordsOut, a as number, b)) {
      ringPending = true;
      if (!flushQueued && !receiving) {
        flushQueued = true;
        queueMicrotask(flush);
      }
      return;
    }
    const t = transferablesOf(b);
    if (t !== undefined) outTransfer.push(...t);
  }
  recordsOut++;
  switch (FIELDS[op]) {
    case 1:
      outbox.push(op, a);
      break;
    case 2:
      outbox.push(op, a, b);
      break;
    default:
      outbox.push(op, a, b, c);
  }
  if (!flushQueued && !receiving) {
    flushQueued = true;
    queueMicrotask(flush);
  }
}

function flush(): void {
  flushQueued = false;
  if (!ringPending && outbox.length === 0) return;
  // the heap, as outcomes leave: a message record after them
  if (heapLimit > 0 && overHeap()) {
    outbox.push(Op.HEAP, heapReported);
    recordsOut++;
  }
  let wake: number = Reader.ACTIVE;
  if (ringPending) {
    ringPending = false;
    responses.publish();
    wake = responses.takeWake();
  }
  if (outbox.length === 0) {
    // outcomes in the ring only: wake the main thread if it stopped reading
    if (wake === Reader.IDLE) parent.post([]);
    else if (wake === Reader.SLEEPING) responses.notify();
    return;
  }
  const batch = outbox;
  const transfer = outTransfer;
  outbox = []; // fresh: truncating the posted one costs more on V8
  if (transfer.length > 0) outTransfer = [];
  try {
    parent.post(batch, transfer);
  } catch {
    postOneByOne(batch);
  }
}

/** After a failed batch post: post each record alone, replacing bad ones. */
function postOneByOne(batch: unknown[]): void {
  for (let i = 0; i < batch.length;) {
    const op = batch[i] as number;
    const n = recordLength(batch, i);
    const record = batch.slice(i, i + n);
    i += n;
    const t = transferablesOf(op === Op.OK ? record[2] : undefined) ??
      (op === Op.CALL
        ? (record[3] as unknown[]).flatMap((a) => transferablesOf(a) ?? [])
        : undefined);
    try {
      parent.post(record, t);
    } catch (e) {
      if (op === Op.OK || op === Op.ERR) {
        const what = op === Op.OK ? "result" : "error";
        parent.post([
          Op.ERR,
          record[1],
          recordError(
            new TypeError(
              `the task's ${what} could not be sent to the main thread: ${
                describeError(e)
              }`,
            ),
          ),
        ]);
      } else if (op === Op.CALL) {
        parent.post([
          Op.LOG,
          recordError(new TypeError(describeError(e))),
          "a function proxy was called with arguments that could not be sent to the main thread; the call was dropped:",
        ]);
      } else {
        // one record for one, so the ring's order still holds
        parent.post([
          Op.LOG,
          recordError(new TypeError(describeError(e))),
          `a record (opcode ${op}) could not be sent to the main thread and was dropped:`,
        ]);
      }
    }
  }
}

/**
 * Whether the heap is past the limit for the first time (its size is then
 * in `heapReported`): the worker asks once to be retired.
 */
function overHeap(): boolean {
  if (heapReported !== 0) return false;
  const used = heapUsed();
  if (used <= heapLimit) return false;
  heapReported = used;
  return true;
}

function maybeQuit(): void {
  if (!quitting || ended || head < queue.length || running.size > 0) return;
  flush();
  ended = true;
  postRecords([Op.BYE], 1);
  parent.exit();
}

function dying(reason: string, error: unknown): void {
  if (ended || parent === undefined) return;
  flush();
  ended = true;
  postRecords([
    Op.DYING,
    reason,
    error === undefined ? null : recordError(error),
  ], 1);
}

// ---- blockingCallFromThread ----------------------------------------------

function blockingCall(target: unknown, args: unknown[]): unknown {
  let where: number | [string, string];
  let id: number;
  const of = typeof target === "function" ? proxies.get(target) : undefined;
  if (of !== undefined) {
    where = of.token;
    id = of.id;
  } else if (target instanceof ThreadTask) {
    where = [target.moduleUrl, target.exportName];
    id = (current.task as Task | null)?.id ?? 0;
  } else {
    throw new TypeError(
      `blockingCallFromThread: fn must be a function the task received as an argument (it runs on the reactor thread) or a ThreadTask the pool lets workers call; ${
        typeof target === "function"
          ? "a function made in the worker cannot run on the reactor thread"
          : "got a non-function"
      }`,
    );
  }
  flush();
  const seq = nextCall = (nextCall + 1) | 0;
  expectAnswer(ctrl);
  postRecords([Op.BLOCK, id, seq, where, args], 1);
  let state = awaitAnswer(ctrl, seq);
  let buffer = ctrlBuffer, words = ctrl;
  if (state === Answer.TOO_BIG) {
    const needed = Atomics.load(ctrl, Ctrl.LENGTH);
    buffer = new SharedArrayBuffer(Ctrl.DATA + needed);
    words = new Int32Array(buffer, 0, Ctrl.DATA / 4);
    postRecords([Op.BLOCK_MORE, seq, buffer], 1);
    state = awaitAnswer(words, seq);
  }
  const value = readAnswer(buffer, words);
  if (state === Answer.ERR) throw value;
  return value;
}
