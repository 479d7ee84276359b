/**
 * `WorkerLink`: the main thread's end of one worker — it sends jobs,
 * receives their outcomes, serves the worker's function-proxy calls and
 * blocking calls, ends the worker when it must, and notices when it dies.
 *
 * How and why (see `protocol.ts` for the records):
 * - Batching: jobs sent in one turn are coalesced into one `postMessage`
 *   (flushed by a microtask), and their outcomes come back coalesced the
 *   same way, so the cost per task is a few array slots rather than a
 *   message. A job sent to an idle worker goes at once, so a lone task
 *   does not wait for the microtask; the tasks that follow it in the same
 *   turn batch behind it.
 * - Waking: tasks whose values fit take the shared-memory ring (`ring.ts`),
 *   and a side that has gone back to its event loop is woken once per idle
 *   period — by an empty message, or, where the host does that faster
 *   (Deno; `host_worker.ts`), by `Atomics.notify` on the `Atomics.waitAsync`
 *   both sides keep pending on their incoming ring. With notify wakes a
 *   lone task takes the ring too: no clone, no message, no event dispatch
 *   either way. In-flight jobs are kept in id order
 *   (`in_flight.ts`: O(1) for the oldest, the usual case). One message's
 *   outcomes reach each reactor through one `callFromThread`
 *   (`deliver.ts`). A batch that cannot be cloned is re-posted record by
 *   record so only the job with the unclonable argument fails.
 * - Trust: everything the worker sends is checked before it is acted on
 *   (`records.ts`): a record of the wrong shape, an outcome for a task not
 *   in flight here, a call of a proxy given to another task, a second
 *   blocking call before the first is answered — each ends this worker
 *   with `WorkerDied` naming the violation, and touches nothing else.
 *   From a worker, the main thread runs only the function proxies of the
 *   calling task and the tasks its pool lets workers call
 *   (`mainThreadTasks`); module loads are refused. What task code posts on
 *   the worker's global port is logged once and ignored.
 * - Ending a worker: `kill(reason)` sets the control buffer's `STOP` word,
 *   reads `PROGRESS`, and terminates the worker: the jobs it had started
 *   fail with `WorkerDied`; the ones still queued in it are handed back to
 *   the owner to run elsewhere. A worker that dies by itself is treated
 *   the same way, once it had started; one that failed to start fails
 *   everything it held (so a broken entry cannot loop). A cancelled job
 *   that is still running after the owner's grace period ends its worker.
 * - Keeping the process alive: the worker holds it only while jobs are in
 *   flight.
 *
 * @module
 */
import { describeError } from "../../_util/describe.ts";
import { CancelledError } from "../../defer/errors.ts";
import { isFailure } from "../../defer/failure.ts";
import { log } from "../../defer/log.ts";
import { maybeDeferred } from "../../defer/succeed.ts";
import type { After } from "../_timers.ts";
import { type Job, type JobRunner, STARTED } from "../_job.ts";
import { WorkerCallRefused, WorkerDied } from "../errors.ts";
import type { CallFromThread } from "../interfaces.ts";
import type { ThreadTask } from "../thread_task.ts";
import { transferablesOf } from "../transfer.ts";
import { encodeAnswer, type EncodedAnswer, writeAnswer } from "./block.ts";
import { callWith, deliver, deliveringBatch } from "./deliver.ts";
import {
  type HostWorker,
  startWorker,
  type ThreadPermissions,
} from "./host_worker.ts";
import { InFlight } from "./in_flight.ts";
import { BAD, OK_HEAD, readEnd, readValue, writeTask } from "./ring_codec.ts";
import { loadTask, type TaskFn } from "./load_task.ts";
import {
  Ctrl,
  type ErrorRecord,
  FIELDS,
  Op,
  recordLength,
  reviveError,
  startedBy,
  TASK_ARGC,
} from "./protocol.ts";
import { checkBatch, describeRecord } from "./records.ts";
import { Reader, Ring, ringBuffer } from "./ring.ts";

/** What a link needs from the thread that owns it. */
export interface LinkOwner {
  /** The thread's name, for messages. */
  readonly name: string;
  /** Where calls of tasks the pool lets workers run on the main thread run. */
  readonly reactor: CallFromThread;
  /** Seconds a cancelled job may keep running before its worker is ended. */
  readonly cancelGrace: number;
  /** Timers for the grace period. */
  readonly after: After;
  /**
   * The task a worker may run on the main thread under this name, or
   * `undefined` (refused).
   */
  mainThreadTask(moduleUrl: string, exportName: string): ThreadTask | undefined;
  /** The link's worker ended: after `BYE` (`clean`) or otherwise. */
  linkEnded(link: WorkerLink, clean: boolean): void;
  /**
   * Jobs the ended worker held but never started: run them elsewhere (it
   * ended because it `what`).
   */
  requeue(jobs: Job[], what: string): void;
  /** The worker's heap passed the limit: stop sending it jobs. */
  retire(link: WorkerLink, heapBytes: number): void;
  /** Jobs left the link (once per turn in which some did). */
  tasksLeft(): void;
}

/** How to start a link's worker. */
export interface LinkOptions {
  /** The entry module. */
  readonly entry: URL;
  /** Deno permissions (see `host_worker.ts`). */
  readonly permissions: ThreadPermissions | undefined;
  /** Heap bytes past which the worker asks to be retired (0: never). */
  readonly heapLimit: number;
  /**
   * Microseconds each side may wait for the other's next ring records
   * before going back to its event loop (0: never wait).
   */
  readonly spinMicros: number;
  /** Whether tasks that fit go through the ring (else all by message). */
  readonly ring: boolean;
  /**
   * Whether both sides sleep on their incoming ring and wake each other by
   * `Atomics.notify` (else by message); see `host_worker.ts`.
   */
  readonly atomicWake: boolean;
}

/** Data words of each ring (256 KiB). */
const RING_WORDS = 1 << 16;

interface Proxy {
  fn: TaskFn;
  job: Job;
}

/** The main thread's end of one worker. */
export class WorkerLink implements JobRunner {
  readonly #owner: LinkOwner;
  readonly #host: HostWorker;
  readonly #ctrlBuffer = new SharedArrayBuffer(Ctrl.DATA + Ctrl.ANSWER_BYTES);
  readonly #ctrl = new Int32Array(this.#ctrlBuffer, 0, Ctrl.DATA / 4);
  readonly #requestBuffer = ringBuffer(RING_WORDS);
  readonly #responseBuffer = ringBuffer(RING_WORDS);
  /** The ring to the worker: tasks whose arguments fit (`ring_codec.ts`). */
  readonly #requests = new Ring(this.#requestBuffer, "writer");
  /** The ring from the worker: outcomes that fit. */
  readonly #responses = new Ring(this.#responseBuffer, "reader");
  /** Tasks written to `#requests` and not yet published. */
  #ringPending = false;
  /** Message records sent (or in the outbox) so far. */
  #recordsOut = 0;
  /** Message records from the worker handled so far. */
  #recordsIn = 0;
  /** Microseconds to spin for outcomes after sending tasks (opt-in). */
  readonly #spinMicros: number;
  readonly #entry: URL;
  #spinQueued = false;
  readonly #useRing: boolean;
  /** Whether this side sleeps on the outcome ring (see `LinkOptions`). */
  readonly #sleepOnRing: boolean;
  #ended = false;
  #endedCleanly = false;
  #ready = false;
  #jobs = new InFlight<Job>();
  #defined = new Map<string, number>();
  #proxies = new Map<number, Proxy>();
  #nextId = 0;
  #nextToken = 0;
  #sent = 0;
  #outbox: unknown[] = [];
  #transfer: Transferable[] = [];
  #flushQueued = false;
  /** The blocking call being served, by sequence number (one at a time). */
  #blockSeq: number | undefined = undefined;
  #oversized: { seq: number; answer: EncodedAnswer } | undefined = undefined;
  #graceTimers: Map<number, () => void> | null = null;
  #strays = 0;
  /** Batches received from the worker (see `Ctrl.SENT`). */
  #received = 0;
  /** The host said the worker ended, with this cause; still hearing it out. */
  #endedCause: string | undefined = undefined;
  #hearingOut: (() => void) | undefined = undefined;
  /** Time (ms) with jobs in flight, and since when it has had some. */
  #busy = 0;
  #busySince = 0;
  /** Jobs that left the in-flight set (finished, failed, given back). */
  #finished = 0;
  #leftQueued = false;
  readonly #tellLeft = () => {
    this.#leftQueued = false;
    this.#owner.tasksLeft();
  };
  readonly #flush = () => this.#flushNow();

  /** Starts a worker; throws what the host's constructor throws. */
  constructor(owner: LinkOwner, options: LinkOptions) {
    this.#owner = owner;
    this.#entry = options.entry;
    this.#spinMicros = options.spinMicros;
    this.#useRing = options.ring;
    this.#sleepOnRing = options.ring && options.atomicWake;
    this.#host = startWorker(
      options.entry,
      {
        name: owner.name,
        ctrl: this.#ctrlBuffer,
        requests: this.#requestBuffer,
        responses: this.#responseBuffer,
        spinMicros: options.spinMicros,
        ring: options.ring,
        atomicWake: this.#sleepOnRing,
        heapLimit: options.heapLimit,
      },
      options.permissions,
      {
        message: (data) => this.#receive(data),
        stray: (data) => this.#stray(data),
        death: (cause) => this.#die(cause),
        ended: (cause) => this.#hostSaysEnded(cause),
      },
    );
  }

  /** Jobs sent and not yet reported. */
  get size(): number {
    return this.#jobs.size;
  }

  /** Jobs sent over the link's life. */
  get sent(): number {
    return this.#sent;
  }

  /** Whether the worker has ended (cleanly or not). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Whether the worker ended by saying goodbye after `QUIT`. */
  get endedCleanly(): boolean {
    return this.#endedCleanly;
  }

  /** Jobs that have left the in-flight set, so far. */
  get finished(): number {
    return this.#finished;
  }

  /** Milliseconds this worker has had jobs in flight, so far. */
  busyTime(): number {
    return this.#jobs.size > 0
      ? this.#busy + performance.now() - this.#busySince
      : this.#busy;
  }

  /** Whether terminating this worker stops a task that never yields. */
  get killable(): boolean {
    return this.#host.killable;
  }

  /** Sends `job` (in this turn's batch). */
  submit(job: Job): void {
    const id = ++this.#nextId;
    job.id = id;
    job.runner = this;
    job.state = STARTED;
    this.#sent++;
    this.#jobs.add(job);
    if (this.#jobs.size === 1) {
      this.#host.hold(true);
      this.#busySince = performance.now();
    }
    const task = job.task;
    let ref = this.#defined.get(task.key);
    const args = job.args;
    if (
      ref !== undefined && job.ctx === null && this.#useRing &&
      // a lone task for an idle worker goes at once by message: the wake
      // would cost a message anyway, and the worker's fast path for a lone
      // task answers by message too (unless it waits in a spin, or the two
      // sides wake each other by notify)
      (this.#jobs.size > 1 || this.#spinMicros > 0 || this.#sleepOnRing) &&
      writeTask(this.#requests, this.#recordsOut, id, ref, args)
    ) {
      // the ring: no clone, and no message while the worker is reading
      this.#ringPending = true;
    } else {
      const out = this.#outbox;
      if (ref === undefined) {
        ref = this.#defined.size;
        this.#defined.set(task.key, ref);
        out.push(Op.DEFINE, ref, task.moduleUrl, task.exportName);
        this.#recordsOut++;
      }
      this.#outboxTask(job, id, ref, args, out);
    }
    if (this.#flushQueued) return;
    if (this.#jobs.size === 1) {
      // an idle worker: send at once (latency); the tasks that follow in
      // this turn, if any, batch behind it (throughput)
      this.#flushNow();
    } else {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  }

  /** `job` by message: its `TASK` record, into the outbox `out`. */
  #outboxTask(
    job: Job,
    id: number,
    ref: number,
    args: unknown[],
    out: unknown[],
  ): void {
    const n = args.length;
    // TASK id ref ctx proxies argc arg…, proxies patched in below if any
    const at = out.length;
    out.push(Op.TASK, id, ref, job.ctx ?? 0, 0, n);
    this.#recordsOut++;
    for (let i = 0; i < n; i++) {
      const a = args[i];
      if (typeof a === "function") {
        const token = ++this.#nextToken;
        this.#proxies.set(token, { fn: a as TaskFn, job });
        (job.tokens ??= []).push(token);
        if (out[at + 4] === 0) out[at + 4] = [];
        (out[at + 4] as number[]).push(i, token);
        out.push(null);
      } else {
        if (typeof a === "object" && a !== null) {
          const t = transferablesOf(a);
          if (t !== undefined) this.#transfer.push(...t);
        }
        out.push(a);
      }
    }
  }

  /**
   * Asks the worker to skip `job` if not started, else abort its signal;
   * a job still running after the owner's grace period ends the worker.
   */
  cancelJob(job: Job): void {
    if (this.#ended || job.runner !== this) return;
    this.#push(Op.CANCEL, job.id);
    const grace = this.#owner.cancelGrace;
    if (!(grace < Infinity)) return;
    const id = job.id;
    this.#graceTimers ??= new Map();
    if (this.#graceTimers.has(id)) return;
    this.#graceTimers.set(
      id,
      this.#owner.after(grace, () => {
        this.#graceTimers?.delete(id);
        if (job.runner === this && job.id === id) {
          this.kill(
            `task ${job.task.key} was still running ${grace} s after it was cancelled`,
          );
        }
      }),
    );
  }

  /** Asks the worker to finish what it holds and exit. */
  quit(): void {
    if (this.#ended) return;
    this.#push(Op.QUIT);
  }

  /**
   * Ends the worker now: the jobs it had started fail with `WorkerDied`
   * naming `reason`; those it had not started go back to the owner.
   */
  kill(reason: string): void {
    if (this.#ended) return;
    this.#end(false, `was terminated: ${reason}`, true);
  }

  #push(...record: unknown[]): void {
    this.#outbox.push(...record);
    this.#recordsOut++;
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  }

  #flushNow(): void {
    this.#flushQueued = false;
    if (this.#ended) return;
    let wake: number = Reader.ACTIVE;
    if (this.#ringPending) {
      this.#ringPending = false;
      this.#requests.publish();
      wake = this.#requests.takeWake();
      if (wake === Reader.SLEEPING) this.#requests.notify();
      if (this.#spinMicros > 0 && !this.#spinQueued) {
        this.#spinQueued = true;
        queueMicrotask(this.#spin);
      }
    }
    const batch = this.#outbox, transfer = this.#transfer;
    if (batch.length === 0) {
      // tasks in the ring only: wake the worker if it stopped reading
      if (wake === Reader.IDLE) this.#host.post([], undefined);
      return;
    }
    // a fresh outbox (truncating this one costs more on V8); jobs failed
    // below may submit more, which go there
    this.#outbox = [];
    if (transfer.length > 0) this.#transfer = [];
    try {
      this.#host.post(batch, transfer);
    } catch {
      this.#postOneByOne(batch);
    }
  }

  readonly #spin = () => this.#spinForOutcomes();

  /**
   * The opt-in spin (`spinMicros`): right after sending ring tasks, reads
   * the worker's ring in a loop — blocking this thread for up to
   * `spinMicros` — and takes the outcomes that come, instead of waiting
   * for the worker's message through the event loop. It stops at the
   * deadline whatever the ring holds, and at once when the next outcome
   * waits for a message record: only the event loop brings that, and
   * spinning on would never see it.
   */
  #spinForOutcomes(): void {
    this.#spinQueued = false;
    if (this.#ended || this.#jobs.size === 0) return;
    const ring = this.#responses;
    ring.goActive(); // the worker need not send a wake while this spins
    const deadline = performance.now() + this.#spinMicros / 1000;
    let left = this.#spinMicros / 1000;
    while (left > 0 && ring.poll(left)) {
      deliveringBatch(this.#ringReader, undefined);
      if (this.#ended || this.#jobs.size === 0 || this.#ringBlocked) break;
      left = deadline - performance.now();
    }
    this.#settleRing();
  }

  /** After a failed batch post: post records alone; fail the bad jobs. */
  #postOneByOne(batch: unknown[]): void {
    for (let i = 0; i < batch.length;) {
      const op = batch[i] as number;
      const n = recordLength(batch, i);
      const record = batch.slice(i, i + n);
      i += n;
      const transfer = op === Op.TASK
        ? record.slice(1 + TASK_ARGC).flatMap((a) => transferablesOf(a) ?? [])
        : undefined;
      try {
        this.#host.post(record, transfer);
      } catch (e) {
        // one record for one (a CANCEL of a task the worker does not know
        // is ignored there), so the ring's count of records holds
        try {
          this.#host.post(
            [Op.CANCEL, op === Op.TASK ? record[1] : 0],
            undefined,
          );
        } catch (e2) {
          log.err(
            e2,
            `thread ${this.#owner.name}: could not post to its worker`,
          );
        }
        if (op !== Op.TASK) {
          log.err(
            e,
            `thread ${this.#owner.name}: could not post to its worker`,
          );
          continue;
        }
        const job = this.#take(record[1] as number);
        job?.finish(
          false,
          new TypeError(
            `task ${job.task.key}: its arguments or context could not be sent to the worker (${
              describeError(e)
            })`,
          ),
        );
      }
    }
  }

  /** Removes job `id` from the in-flight set and drops its proxies. */
  #take(id: number): Job | undefined {
    const job = this.#jobs.take(id);
    if (job === undefined) return undefined;
    this.#finished++;
    if (!this.#leftQueued) {
      this.#leftQueued = true;
      queueMicrotask(this.#tellLeft);
    }
    this.#forget(job);
    if (this.#jobs.size === 0) {
      this.#host.hold(false);
      this.#busy += performance.now() - this.#busySince;
    }
    return job;
  }

  /** Drops `job`'s proxies and grace timer. */
  #forget(job: Job): void {
    if (job.tokens !== null) {
      for (const token of job.tokens) this.#proxies.delete(token);
      job.tokens = null;
    }
    const timers = this.#graceTimers;
    if (timers !== null) {
      timers.get(job.id)?.();
      timers.delete(job.id);
    }
  }

  readonly #reader = (batch: unknown[]) => this.#read(batch);

  readonly #ringReader = () => this.#readRing();

  #receive(data: unknown): void {
    if (this.#ended) return;
    this.#received++;
    if (Array.isArray(data) && data.length === 0) {
      // a wake: outcomes are waiting in the ring
      deliveringBatch(this.#ringReader, undefined);
    } else {
      const problem = checkBatch(data);
      if (problem !== undefined) {
        this.#violation(problem);
        return;
      }
      deliveringBatch(this.#reader, data as unknown[]);
    }
    if (!this.#ended) this.#settleRing();
    if (this.#endedCause !== undefined) this.#dieOnceHeardOut();
  }

  /**
   * Done reading for now: marks the ring idle (the worker wakes this side
   * with its next outcomes, by notify or message), reading on if some came
   * meanwhile.
   */
  #settleRing(): void {
    const ring = this.#responses;
    while (!this.#ended) {
      if (this.#ringBlocked) {
        ring.goIdle(); // the message record it waits for comes anyway
        return;
      }
      if (!this.#goIdle()) return;
      deliveringBatch(this.#ringReader, undefined);
    }
  }

  /** Marks the outcome ring idle; `true` if outcomes came (read them). */
  #goIdle(): boolean {
    return this.#sleepOnRing
      ? this.#responses.rest(this.#ringNotified)
      : this.#responses.goIdle();
  }

  /** The worker notified the sleeping outcome ring (or `#end` did). */
  readonly #ringNotified = () => {
    if (this.#ended) return;
    deliveringBatch(this.#ringReader, undefined);
    if (!this.#ended) this.#settleRing();
    if (this.#endedCause !== undefined) this.#dieOnceHeardOut();
  };

  /** The next ring record waits for a message record not yet arrived. */
  #ringBlocked = false;
  /** The worker broke the protocol (its ring is not read again). */
  #violated = false;
  /** `#end` is taking the last outcomes from the ring. */
  #ending = false;

  /**
   * Takes the outcomes in the ring whose turn has come: one written after
   * `n` message records waits until this side has handled that many. Every
   * record is checked: a malformed one, or one for a task not in flight
   * here, ends the worker.
   */
  #readRing(): void {
    const ring = this.#responses;
    this.#ringBlocked = false;
    while (!this.#ended) {
      const at = ring.next();
      if (at < 0) {
        if (at === -2) {
          this.#violation("its ring holds a record that runs past its end");
          return;
        }
        break;
      }
      const words = ring.words;
      if (((words[at + 1]! - this.#recordsIn) | 0) > 0) {
        this.#ringBlocked = true;
        break;
      }
      const header = words[at]!;
      const n = header >>> 8;
      const id = words[at + 2]!;
      if ((header & 0xff) !== Op.OK || n <= OK_HEAD) {
        this.#violation(`its ring holds a record with opcode ${header & 0xff}`);
        return;
      }
      const value = readValue(ring, at + OK_HEAD, at + n);
      if (value === BAD || readEnd !== at + n) {
        this.#violation(`its ring holds a malformed outcome for task ${id}`);
        return;
      }
      ring.advance(n);
      const job = this.#take(id);
      if (job === undefined) {
        this.#violation(`an outcome for task ${id}, which is not in flight`);
        return;
      }
      job.finish(true, value);
    }
    ring.release();
  }

  /**
   * The host says the worker ended: act on it once every batch the worker
   * posted has arrived (its last outcomes, its `DYING`), or after a safety
   * bound if one never does.
   */
  #hostSaysEnded(cause: string): void {
    if (this.#ended || this.#endedCause !== undefined) return;
    this.#endedCause = cause;
    this.#dieOnceHeardOut();
    if (!this.#ended) {
      this.#hearingOut = this.#owner.after(2, () => this.#die(cause));
    }
  }

  #dieOnceHeardOut(): void {
    if (this.#received >= Atomics.load(this.#ctrl, Ctrl.SENT)) {
      this.#die(this.#endedCause!);
    }
  }

  /** Task code posted on the worker's global port: logged once, ignored. */
  #stray(data: unknown): void {
    if (this.#strays++ > 0) return;
    log.err(
      new TypeError(
        `a task posted a message on its worker's global port (${
          typeof data === "object" ? describeRecord(data) : typeof data
        }); the library does not read that port, so it was ignored (later ones are ignored, and counted in one line when the worker ends)`,
      ),
      `thread ${this.#owner.name}:`,
    );
  }

  /** A record broke the protocol: end this worker, naming why. */
  #violation(problem: string): void {
    this.#violated = true;
    log.err(
      new TypeError(`its worker broke the protocol: ${problem}`),
      `thread ${this.#owner.name}:`,
    );
    this.kill(`it broke the protocol (${problem})`);
  }

  #read(batch: unknown[]): void {
    for (let i = 0; i < batch.length && !this.#ended;) {
      // ring outcomes written before this record go first
      if (this.#responses.hasRecords()) {
        this.#readRing();
        if (this.#ended) return;
      }
      this.#recordsIn++;
      const op = batch[i] as number;
      switch (op) {
        case Op.OK:
        case Op.ERR:
        case Op.SKIPPED: {
          const id = batch[i + 1] as number;
          const job = this.#take(id);
          if (job === undefined) {
            this.#violation(
              `an outcome for task ${id}, which is not in flight`,
            );
            return;
          }
          if (op === Op.OK) job.finish(true, batch[i + 2]);
          else if (op === Op.ERR) {
            job.finish(false, reviveError(batch[i + 2] as ErrorRecord));
          } else {
            job.finish(
              false,
              new CancelledError(
                `task ${job.task.key} was cancelled before it started`,
              ),
            );
          }
          break;
        }
        case Op.CALL:
          if (
            !this.#call(
              batch[i + 1] as number,
              batch[i + 2] as number,
              batch[i + 3] as unknown[],
            )
          ) return;
          break;
        case Op.BLOCK:
          if (
            !this.#block(
              batch[i + 1] as number,
              batch[i + 2] as number,
              batch[i + 3] as number | [string, string],
              batch[i + 4] as unknown[],
            )
          ) return;
          break;
        case Op.BLOCK_MORE:
          if (
            !this.#blockMore(
              batch[i + 1] as number,
              batch[i + 2] as SharedArrayBuffer,
            )
          ) return;
          break;
        case Op.LOG:
          log.err(
            reviveError(batch[i + 1] as ErrorRecord),
            `thread ${this.#owner.name}: ${batch[i + 2]}`,
          );
          break;
        case Op.HEAP:
          this.#owner.retire(this, batch[i + 1] as number);
          break;
        case Op.DYING: {
          const record = batch[i + 2] as ErrorRecord | null;
          this.#die(
            record === null
              ? String(batch[i + 1])
              : `${batch[i + 1]}: ${describeThrown(record)}`,
          );
          return;
        }
        case Op.READY:
          this.#ready = true;
          break;
        case Op.BYE:
          this.#end(true, "exited");
          return;
      }
      i += 1 + FIELDS[op]!;
    }
    if (!this.#ended && this.#responses.hasRecords()) this.#readRing();
  }

  /**
   * A `CALL` of proxy `token` by task `id`: run on its job's reactor. A
   * proxy whose task has finished is logged and dropped; one that was never
   * given out, or given to another task, is a violation (returns `false`).
   */
  #call(id: number, token: number, args: unknown[]): boolean {
    const proxy = this.#proxies.get(token);
    if (proxy === undefined) {
      if (token > this.#nextToken) {
        this.#violation(`a call of function proxy ${token}, never given out`);
        return false;
      }
      log.err(
        new Error(
          "a function proxy was called after its task had finished; the call was dropped",
        ),
        `thread ${this.#owner.name}:`,
      );
      return true;
    }
    if (proxy.job.id !== id) {
      this.#violation(
        `task ${id} called function proxy ${token}, which belongs to another task`,
      );
      return false;
    }
    try {
      deliver(proxy.job.reactor, callWith, proxy.fn, args);
    } catch (e) {
      log.err(e, `thread ${this.#owner.name}: could not run a proxy call:`);
    }
    return true;
  }

  #die(cause: string): void {
    if (this.#ended) return;
    this.#end(
      false,
      this.#ready
        ? `died (${cause})`
        : `failed to start (${cause})${this.#entryHint(cause)}`,
    );
  }

  /**
   * What to do when the cause of a failed start names the entry module
   * itself: a bundler or a copy left it behind.
   */
  #entryHint(cause: string): string {
    const entry = this.#entry;
    const path = entry.protocol === "file:"
      ? decodeURIComponent(entry.pathname)
      : entry.href;
    if (!cause.includes(path) && !cause.includes(entry.href)) return "";
    return `; the worker entry module ${entry.href} could not be loaded: where the library was bundled or moved, add its threads/_transport/entry module to the build and name it with setWorkerEntry()`;
  }

  /**
   * Ends the link: stops and terminates the worker (even after `BYE`, so a
   * worker that lied about leaving cannot linger), fails the jobs it had
   * started, and hands back the ones it had not (unless it never became
   * ready and was not ended on purpose: then they fail too, so a worker
   * that cannot start does not take them round in circles).
   */
  #end(clean: boolean, what: string, killed = false): void {
    if (this.#ended || this.#ending) return;
    // outcomes already in the ring are real: take them first (not after a
    // violation, which may be in the ring itself)
    this.#ending = true;
    if (!this.#violated) deliveringBatch(this.#ringReader, undefined);
    this.#ended = true;
    this.#endedCleanly = clean;
    // a pending sleep would keep the ring's memory for good: end it
    this.#responses.endSleep();
    this.#hearingOut?.();
    Atomics.store(this.#ctrl, Ctrl.STOP, 1);
    const progress = Atomics.load(this.#ctrl, Ctrl.PROGRESS);
    this.#busy = this.busyTime();
    this.#host.terminate();
    const unstarted: Job[] = [];
    for (const job of this.#jobs.drain()) {
      this.#forget(job);
      if ((this.#ready || killed) && !startedBy(progress, job.id)) {
        job.runner = null;
        unstarted.push(job);
        continue;
      }
      job.finish(
        false,
        new WorkerDied(
          `task ${job.task.key} failed: the worker of thread ${this.#owner.name} ${what}${
            this.#ready ? " while running it" : ""
          }`,
        ),
      );
    }
    this.#outbox = [];
    this.#transfer = [];
    this.#oversized = undefined;
    this.#blockSeq = undefined;
    if (this.#strays > 1) {
      log.msg(
        `thread ${this.#owner.name}: ${
          this.#strays - 1
        } more stray messages from tasks were ignored`,
      );
    }
    this.#owner.linkEnded(this, clean);
    if (unstarted.length > 0) this.#owner.requeue(unstarted, what);
  }

  // ---- blocking calls ------------------------------------------------------

  /**
   * A `BLOCK` record: task `id` asks for `target` to run here and for the
   * answer to call `seq`. Returns `false` after a violation.
   */
  #block(
    id: number,
    seq: number,
    target: number | [string, string],
    args: unknown[],
  ): boolean {
    if (this.#blockSeq !== undefined) {
      this.#violation(
        `blocking call ${seq} arrived while call ${this.#blockSeq} was unanswered`,
      );
      return false;
    }
    this.#blockSeq = seq;
    const answer = (ok: boolean, value: unknown) =>
      this.#answer(seq, ok, value);
    let fn: TaskFn | Promise<TaskFn>;
    let reactor: CallFromThread;
    if (typeof target === "number") {
      const proxy = this.#proxies.get(target);
      if (proxy === undefined) {
        if (target > this.#nextToken) {
          this.#violation(
            `a blocking call of function proxy ${target}, never given out`,
          );
          return false;
        }
        answer(
          false,
          new Error(
            "blockingCallFromThread: the function proxy's task has finished",
          ),
        );
        return true;
      }
      if (proxy.job.id !== id) {
        this.#violation(
          `task ${id} made a blocking call of function proxy ${target}, which belongs to another task`,
        );
        return false;
      }
      fn = proxy.fn;
      reactor = proxy.job.reactor;
    } else {
      const task = this.#owner.mainThreadTask(target[0], target[1]);
      if (task === undefined) {
        answer(
          false,
          new WorkerCallRefused(
            `blockingCallFromThread: a worker may not run task ${target[0]}#${
              target[1]
            } on the main thread: only the function proxies its task was given, and tasks listed in its pool's mainThreadTasks, may run there`,
          ),
        );
        return true;
      }
      try {
        fn = loadTask(task.moduleUrl, task.exportName, task.key);
      } catch (e) {
        answer(false, e);
        return true;
      }
      reactor = this.#owner.reactor;
    }
    const run = (f: TaskFn) => {
      try {
        reactor.callFromThread(() => {
          maybeDeferred(f, ...args).addBoth((result: unknown) => {
            if (isFailure(result)) answer(false, result.value);
            else answer(true, result);
          });
        });
      } catch (e) {
        answer(false, e);
      }
    };
    if (typeof fn === "function") run(fn);
    else fn.then(run, (e: unknown) => answer(false, e));
    return true;
  }

  #answer(seq: number, ok: boolean, value: unknown): void {
    if (this.#ended || this.#blockSeq !== seq) return;
    const answer = encodeAnswer(ok, value);
    if (writeAnswer(this.#ctrlBuffer, seq, answer)) this.#blockSeq = undefined;
    else this.#oversized = { seq, answer };
  }

  /** `BLOCK_MORE seq buffer`: the oversized answer, written into `buffer`. */
  #blockMore(seq: number, buffer: SharedArrayBuffer): boolean {
    const pending = this.#oversized;
    if (pending === undefined || pending.seq !== seq) {
      this.#violation(
        `a larger buffer for blocking call ${seq}, which has no oversized answer`,
      );
      return false;
    }
    if (buffer.byteLength < Ctrl.DATA + pending.answer.bytes.length) {
      this.#violation(
        `the larger buffer for blocking call ${seq} is too small`,
      );
      return false;
    }
    this.#oversized = undefined;
    this.#blockSeq = undefined;
    writeAnswer(buffer, seq, pending.answer);
    return true;
  }
}

function describeThrown(record: ErrorRecord): string {
  return record.isError ? `${record.name}: ${record.message}` : record.message;
}
