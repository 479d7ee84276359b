/**
 * `WorkerLink`: the main thread's end of one Web Worker — it sends jobs,
 * receives their outcomes, serves the worker's function-proxy calls and
 * blocking calls, and notices when the worker dies.
 *
 * How and why (see `_protocol.ts` for the records): jobs sent in one turn
 * are coalesced into one `postMessage` (flushed by a microtask), and their
 * outcomes come back coalesced the same way, so the cost per task is a few
 * array slots rather than a message. A job sent to an idle worker goes at
 * once, so a lone task does not wait for the microtask; the tasks that
 * follow it in the same turn batch behind it. In-flight jobs are kept in
 * id order (`_in_flight.ts`: O(1) for the oldest, the usual case). One
 * message's outcomes reach each reactor through one `callFromThread`
 * (`_deliver.ts`). A batch that cannot be cloned is re-posted record by
 * record so only the job with the unclonable argument fails. A worker that
 * dies fails every job it held with a `WorkerDied` naming the job and the
 * cause — nothing it held is left unsettled.
 *
 * @module
 */
import { describeError } from "../../_util/describe.ts";
import { CancelledError } from "../../defer/errors.ts";
import { Failure } from "../../defer/failure.ts";
import { log } from "../../defer/log.ts";
import { maybeDeferred } from "../../defer/succeed.ts";
import { encode } from "./codec.ts";
import { callWith, deliver, deliveringBatch } from "./deliver.ts";
import {
  type HostWorker,
  startWorker,
  type ThreadPermissions,
} from "./host_worker.ts";
import { type Job, type JobRunner, STARTED } from "../_job.ts";
import type { CallFromThread } from "../interfaces.ts";
import { InFlight } from "./in_flight.ts";
import { loadTask, type TaskFn } from "./load_task.ts";
import {
  Block,
  type ErrorRecord,
  FIELDS,
  Op,
  recordLength,
  reviveError,
  TASK_ARGC,
} from "./protocol.ts";
import { transferablesOf } from "../transfer.ts";
import { WorkerDied } from "../errors.ts";

/** What a link tells the thread that owns it. */
export interface LinkOwner {
  /** The thread's name, for messages. */
  readonly name: string;
  /** Where blocking calls of thread tasks run. */
  readonly reactor: CallFromThread;
  /** The link's worker ended: after `BYE` (`clean`) or by dying. */
  linkEnded(link: WorkerLink, clean: boolean): void;
}

interface Proxy {
  fn: TaskFn;
  job: Job;
}

/** The main thread's end of one Web Worker. */
export class WorkerLink implements JobRunner {
  readonly #owner: LinkOwner;
  readonly #host: HostWorker;
  #ended = false;
  #ready = false;
  #jobs = new InFlight<Job>();
  #defined = new Map<string, number>();
  #proxies = new Map<number, Proxy>();
  #nextId = 0;
  #nextToken = 0;
  #outbox: unknown[] = [];
  #transfer: Transferable[] = [];
  #flushQueued = false;
  #oversized = new Map<number, { state: number; bytes: Uint8Array }>();
  readonly #flush = () => this.#flushNow();

  /** Starts a worker on `entry`; throws what the host's `Worker` throws. */
  constructor(
    entry: URL,
    owner: LinkOwner,
    permissions: ThreadPermissions | undefined,
  ) {
    this.#owner = owner;
    this.#host = startWorker(entry, owner.name, permissions, {
      message: (data) => this.#receive(data as unknown[]),
      death: (cause) => this.#die(cause),
    });
    this.#push(Op.NAME, owner.name);
  }

  /** Jobs sent and not yet reported. */
  get size(): number {
    return this.#jobs.size;
  }

  /** Whether the worker has ended (cleanly or not). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Sends `job` (in this turn's batch). */
  submit(job: Job): void {
    const id = ++this.#nextId;
    job.id = id;
    job.runner = this;
    job.state = STARTED;
    this.#jobs.add(job);
    const task = job.task;
    let ref = this.#defined.get(task.key);
    const out = this.#outbox;
    if (ref === undefined) {
      ref = this.#defined.size;
      this.#defined.set(task.key, ref);
      out.push(Op.DEFINE, ref, task.moduleUrl, task.exportName);
    }
    const args = job.args;
    const n = args.length;
    // TASK id ref ctx proxies argc arg…, proxies patched in below if any
    const at = out.length;
    out.push(Op.TASK, id, ref, job.ctx ?? 0, 0, n);
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

  /** Asks the worker to skip `job` if not started, else abort its signal. */
  cancelJob(job: Job): void {
    if (this.#ended || job.runner !== this) return;
    this.#push(Op.CANCEL, job.id);
  }

  /** Asks the worker to finish what it holds and exit. */
  quit(): void {
    if (this.#ended) return;
    this.#push(Op.QUIT);
  }

  #push(...record: unknown[]): void {
    this.#outbox.push(...record);
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  }

  #flushNow(): void {
    this.#flushQueued = false;
    const batch = this.#outbox, transfer = this.#transfer;
    if (batch.length === 0 || this.#ended) return;
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
    if (job.tokens !== null) {
      for (const token of job.tokens) this.#proxies.delete(token);
      job.tokens = null;
    }
    return job;
  }

  readonly #reader = (batch: unknown[]) => this.#read(batch);

  #receive(batch: unknown[]): void {
    deliveringBatch(this.#reader, batch);
  }

  #read(batch: unknown[]): void {
    for (let i = 0; i < batch.length;) {
      const op = batch[i] as number;
      switch (op) {
        case Op.OK:
          this.#take(batch[i + 1] as number)?.finish(true, batch[i + 2]);
          break;
        case Op.ERR:
          this.#take(batch[i + 1] as number)?.finish(
            false,
            reviveError(batch[i + 2] as ErrorRecord),
          );
          break;
        case Op.SKIPPED: {
          const job = this.#take(batch[i + 1] as number);
          job?.finish(
            false,
            new CancelledError(
              `task ${job.task.key} was cancelled before it started`,
            ),
          );
          break;
        }
        case Op.CALL:
          this.#call(batch[i + 1] as number, batch[i + 2] as unknown[]);
          break;
        case Op.BLOCK:
          this.#block(
            batch[i + 1] as SharedArrayBuffer,
            batch[i + 2] as number,
            batch[i + 3] as number | [string, string],
            batch[i + 4] as unknown[],
          );
          break;
        case Op.BLOCK_MORE:
          this.#blockMore(
            batch[i + 1] as number,
            batch[i + 2] as SharedArrayBuffer,
          );
          break;
        case Op.LOG:
          log.err(
            reviveError(batch[i + 1] as ErrorRecord),
            `thread ${this.#owner.name}: ${batch[i + 2]}`,
          );
          break;
        case Op.DYING: {
          const record = batch[i + 2] as ErrorRecord | null;
          this.#die(
            record === null
              ? String(batch[i + 1])
              : `${batch[i + 1]}: ${describeRecord(record)}`,
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
  }

  #call(token: number, args: unknown[]): void {
    const proxy = this.#proxies.get(token);
    if (proxy === undefined) {
      log.err(
        new Error(
          "a function proxy was called after its task had finished; the call was dropped",
        ),
        `thread ${this.#owner.name}:`,
      );
      return;
    }
    try {
      deliver(proxy.job.reactor, callWith, proxy.fn, args);
    } catch (e) {
      log.err(e, `thread ${this.#owner.name}: could not run a proxy call:`);
    }
  }

  #die(cause: string): void {
    if (this.#ended) return;
    this.#end(
      false,
      this.#ready ? `died (${cause})` : `failed to start (${cause})`,
    );
  }

  #end(clean: boolean, what: string): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const job of this.#jobs.drain()) {
      if (job.tokens !== null) {
        for (const token of job.tokens) this.#proxies.delete(token);
        job.tokens = null;
      }
      job.finish(
        false,
        new WorkerDied(
          `task ${job.task.key} failed: the Web Worker of thread ${this.#owner.name} ${what} while holding it`,
        ),
      );
    }
    this.#outbox = [];
    this.#transfer = [];
    this.#oversized.clear();
    this.#owner.linkEnded(this, clean);
  }

  // ---- blocking calls ------------------------------------------------------

  #block(
    shared: SharedArrayBuffer,
    callId: number,
    where: number | [string, string],
    args: unknown[],
  ): void {
    const answer = (ok: boolean, value: unknown) =>
      this.#answer(shared, callId, ok, value);
    let reactor = this.#owner.reactor;
    let fn: TaskFn | Promise<TaskFn>;
    if (typeof where === "number") {
      const proxy = this.#proxies.get(where);
      if (proxy === undefined) {
        answer(
          false,
          new Error(
            "blockingCallFromThread: the function proxy's task has finished",
          ),
        );
        return;
      }
      fn = proxy.fn;
      reactor = proxy.job.reactor;
    } else {
      try {
        fn = loadTask(where[0], where[1]);
      } catch (e) {
        answer(false, e);
        return;
      }
    }
    const run = (f: TaskFn) => {
      try {
        reactor.callFromThread(() => {
          maybeDeferred(f, ...args).addBoth((result: unknown) => {
            if (result instanceof Failure) answer(false, result.value);
            else answer(true, result);
          });
        });
      } catch (e) {
        answer(false, e);
      }
    };
    if (typeof fn === "function") run(fn);
    else fn.then(run, (e: unknown) => answer(false, e));
  }

  #answer(
    shared: SharedArrayBuffer,
    callId: number,
    ok: boolean,
    value: unknown,
  ): void {
    let state: number = ok ? Block.OK : Block.ERR;
    let bytes: Uint8Array;
    try {
      bytes = encode(value);
    } catch (e) {
      state = Block.ERR;
      bytes = encode(
        new TypeError(
          `blockingCallFromThread: the ${
            ok ? "result" : "error"
          } could not be sent to the worker: ${describeError(e)}`,
        ),
      );
    }
    const header = new Int32Array(shared, 0, 2);
    if (bytes.length > shared.byteLength - Block.HEADER) {
      this.#oversized.set(callId, { state, bytes });
      Atomics.store(header, 1, bytes.length);
      Atomics.store(header, 0, Block.TOO_BIG);
    } else {
      new Uint8Array(shared, Block.HEADER, bytes.length).set(bytes);
      Atomics.store(header, 1, bytes.length);
      Atomics.store(header, 0, state);
    }
    Atomics.notify(header, 0);
  }

  #blockMore(callId: number, shared: SharedArrayBuffer): void {
    const answer = this.#oversized.get(callId);
    if (answer === undefined) return;
    this.#oversized.delete(callId);
    const header = new Int32Array(shared, 0, 2);
    new Uint8Array(shared, Block.HEADER, answer.bytes.length).set(answer.bytes);
    Atomics.store(header, 1, answer.bytes.length);
    Atomics.store(header, 0, answer.state);
    Atomics.notify(header, 0);
  }
}

function describeRecord(record: ErrorRecord): string {
  return record.isError ? `${record.name}: ${record.message}` : record.message;
}
