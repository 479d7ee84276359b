/**
 * The message protocol between a pool's main thread and its Web Workers.
 *
 * The channel: each worker gets a private `MessagePort` at start (see
 * `host_worker.ts`), never the worker's global port, which task code can
 * reach. Task code that posts on its global port is heard as a stray
 * message and ignored; nothing it posts there is read as a record.
 *
 * How and why: throughput comes from coalescing. Each side keeps an
 * *outbox* — one flat array of records — and posts it once per tick (the
 * main side: at once for a worker with nothing in flight, else a microtask
 * after the first record; the worker: when it has run the batch it
 * received, or a microtask after a later outcome), so a burst of tasks or
 * results costs one `postMessage` and one structured clone per batch
 * instead of one per task. A record is an opcode followed by a fixed
 * number of fields (see {@linkcode Op}); a flat array of numbers, strings
 * and small arrays clones much faster than an array of objects. A task's
 * arguments are spread into its record rather than nested in an array of
 * their own: Bun clones a flat array of primitives on a fast path and a
 * nested one ~1 µs slower, which is most of a small task's round trip. A
 * task refers to its function by a small integer: the first use of a
 * `(module, export)` pair on a worker is preceded by a `DEFINE` record
 * naming it.
 *
 * Beside the messages, a shared-memory path (the pool's `sharedMemory`
 * option): two `SharedArrayBuffer` rings per worker (`ring.ts`), one per
 * direction, handed over in the same start message as the port and then
 * deleted from the worker's `workerData`, so task code cannot reach them.
 * A task whose arguments fit the ring's encoding (`ring_codec.ts`) and
 * that has no context and no function arguments is written into the
 * request ring in place; its outcome, if it fits, comes back the same way.
 * Nothing is cloned, and no message is posted while the reader is busy: a
 * reader that went idle is woken once, by an empty message (or an
 * `Atomics.notify` while it waits in `Atomics.wait` under `spinMicros`).
 * Order across the two paths is kept by counting: each ring record says
 * how many message records its writer had sent before it, and the reader
 * handles it only after handling that many, so a task's proxy calls
 * (messages) reach the main thread before its outcome (ring), and a
 * message-path task sent first is started first.
 *
 * Trust: the main thread does not trust what a worker sends. Every record
 * from a worker is checked (`records.ts`) — its shape, that the task it
 * names is in flight on that worker, that a function proxy it calls was
 * given to that task — and a record that fails the check ends that worker
 * with `WorkerDied` naming the reason. Ring records get the same checks
 * (and a record length that runs past what was published is one).
 *
 * Errors cross the boundary as plain records ({@linkcode ErrorRecord}):
 * name, message, stack, own simple properties and cause. The receiving side
 * rebuilds a built-in error class when the name is one (so `instanceof
 * TypeError` still works) and otherwise a subclass of `Error` named after
 * the remote class, so `Failure.check("MyError")` matches by name and the
 * Failure prints `MyError: …`.
 *
 * @module
 */

import { describeError } from "../../_util/describe.ts";

/**
 * Record opcodes. Main to worker:
 * - `DEFINE ref url exportName` — names function `ref` for later tasks.
 * - `TASK id ref ctx proxies argc arg…` — run function `ref` with the
 *   `argc` arguments that follow; `ctx` is the submitter's innermost
 *   context object or `0` (none); `proxies` is `0` (none) or a flat
 *   `[argIndex, token, …]` list of arguments that were functions (sent as
 *   `null`). The only record of variable length: see
 *   {@linkcode recordLength}. (`0` rather than `null` for "none": Bun
 *   clones an array of numbers only on a fast path, ~0.2 µs sooner.)
 * - `CANCEL id` — skip the task if not started, else abort its signal.
 * - `QUIT` — finish what is queued and running, say `BYE`, exit.
 *
 * Worker to main:
 * - `READY` — the entry module loaded.
 * - `OK id value` / `ERR id errorRecord` / `SKIPPED id` — a task's outcome.
 * - `CALL id token args` — task `id` called its function proxy `token`.
 * - `BLOCK id seq target args` — a blocking call (see `block.ts`): task
 *   `id` (0 when no task is running) asks the main thread to run `target`
 *   — a proxy token of that task, or `[url, exportName]` of a task the
 *   pool lets workers run on the main thread — and to answer call `seq`
 *   in the worker's control buffer.
 * - `BLOCK_MORE seq sab` — the answer to call `seq` did not fit: write it
 *   into `sab`.
 * - `HEAP bytes` — the worker's heap is over the pool's limit.
 * - `DYING reason errorRecord|null` — the worker is about to end (`close()`,
 *   `exit()`, an uncaught error).
 * - `LOG errorRecord why` — a problem that belongs to no task, for `log.err`.
 * - `BYE` — the worker finished after `QUIT` and exits.
 */
export const Op = {
  DEFINE: 1,
  TASK: 2,
  CANCEL: 3,
  QUIT: 4,
  READY: 10,
  OK: 11,
  ERR: 12,
  SKIPPED: 13,
  CALL: 14,
  BLOCK: 15,
  BLOCK_MORE: 16,
  DYING: 17,
  BYE: 18,
  LOG: 19,
  HEAP: 20,
} as const;

/**
 * The number of fields after the opcode, per opcode (for `TASK`, the fixed
 * ones before its arguments).
 */
export const FIELDS: Readonly<Record<number, number>> = {
  [Op.DEFINE]: 3,
  [Op.TASK]: 5,
  [Op.CANCEL]: 1,
  [Op.QUIT]: 0,
  [Op.READY]: 0,
  [Op.OK]: 2,
  [Op.ERR]: 2,
  [Op.SKIPPED]: 1,
  [Op.CALL]: 3,
  [Op.BLOCK]: 4,
  [Op.BLOCK_MORE]: 2,
  [Op.DYING]: 2,
  [Op.BYE]: 0,
  [Op.LOG]: 2,
  [Op.HEAP]: 1,
};

/** Index in a `TASK` record of its argument count (after the opcode). */
export const TASK_ARGC = 5;

/** The length of the record starting at `batch[i]`, opcode included. */
export function recordLength(batch: readonly unknown[], i: number): number {
  const op = batch[i] as number;
  if (op === Op.TASK) return 1 + FIELDS[op]! + (batch[i + TASK_ARGC] as number);
  return 1 + FIELDS[op]!;
}

/**
 * The worker's control buffer, a `SharedArrayBuffer` the main thread makes
 * and hands over with the private port: `Int32Array` words, then the
 * answer area of blocking calls from byte {@linkcode Ctrl.DATA} on.
 * - `PROGRESS`: the id of the last task the worker started (wrapping at
 *   2^31); with `STOP`, how the main thread tells started tasks from ones
 *   still queued when it terminates a worker.
 * - `STOP`: set by the main thread before it terminates the worker; the
 *   worker starts no task once it is set. The worker writes `PROGRESS`
 *   then reads `STOP`; the main thread writes `STOP` then reads
 *   `PROGRESS` (both sequentially consistent), so no task is both counted
 *   as not started and run.
 * - `STATE`, `SEQ`, `LENGTH`: a blocking call's answer (see `block.ts`).
 * - `SENT`: how many batches the worker has posted to the main thread (it
 *   counts each once posted), so that when the host says the worker
 *   ended, the main thread knows whether batches are still on their way.
 */
export const Ctrl = {
  PROGRESS: 0,
  STOP: 1,
  STATE: 2,
  SEQ: 3,
  LENGTH: 4,
  SENT: 5,
  /** Bytes before the answer area. */
  DATA: 32,
  /** Bytes of the answer area. */
  ANSWER_BYTES: 64 * 1024,
} as const;

/** A blocking call's `STATE`. */
export const Answer = {
  WAITING: 0,
  OK: 1,
  ERR: 2,
  /** The answer needs `LENGTH` bytes: the worker sends `BLOCK_MORE`. */
  TOO_BIG: 3,
} as const;

/** Whether task `id` had started, given the worker's `PROGRESS` word. */
export function startedBy(progress: number, id: number): boolean {
  return ((progress - (id | 0)) | 0) >= 0;
}

/** A thrown value, made safe to structured-clone. */
export interface ErrorRecord {
  /** `true` when the thrown value was an `Error` (else `value` holds it). */
  readonly isError: boolean;
  /** The error's `name`. */
  readonly name: string;
  /** The error's `message`. */
  readonly message: string;
  /** The error's `stack` as the thrower saw it. */
  readonly stack: string;
  /** Own enumerable properties with simple values (`code`, `errno`, …). */
  readonly props: Record<string, string | number | boolean | null> | null;
  /** `cause`, when it is itself an error. */
  readonly cause: ErrorRecord | null;
  /** The thrown non-Error value, when it could be cloned. */
  readonly value?: unknown;
}

const BUILTIN_ERRORS: Readonly<Record<string, new (m?: string) => Error>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * `value`, as an {@linkcode ErrorRecord} that survives `postMessage`. Never
 * throws: a value that cannot even be inspected (a revoked proxy, a proxy
 * whose `getPrototypeOf` trap throws) becomes a `TypeError` saying that
 * `what` could not be sent, and why.
 */
export function recordError(
  value: unknown,
  depth = 0,
  what = "a thrown value",
): ErrorRecord {
  let isError: boolean;
  try {
    isError = value instanceof Error; // runs a proxy's getPrototypeOf trap
  } catch (e) {
    return recordError(
      new TypeError(
        `${what} could not be sent to the main thread: ${describeError(e)}`,
      ),
    );
  }
  if (isError) {
    const error = value as Error;
    let cause: ErrorRecord | null = null;
    try {
      if (depth < 8 && error.cause instanceof Error) {
        cause = recordError(error.cause, depth + 1);
      }
    } catch {
      cause = null;
    }
    return {
      isError: true,
      name: safeString(() => error.name, "Error"),
      message: safeString(() => error.message, ""),
      stack: safeString(() => error.stack ?? "", ""),
      props: simpleProps(error),
      cause,
    };
  }
  let sent: unknown;
  try {
    sent = structuredClone(value);
  } catch {
    // an object that cannot be cloned (it holds a function, say): keep
    // what can be sent of it — message, name, code and the like
    sent = typeof value === "object" && value !== null
      ? simpleProps(value) ?? {}
      : safeString(() => String(value), "<unprintable value>");
  }
  const message = typeof value === "object" && value !== null
    ? safeString(() => {
      const m = (value as { message?: unknown }).message;
      return typeof m === "string" ? m : String(value);
    }, "<unprintable value>")
    : safeString(() => String(value), "<unprintable value>");
  return {
    isError: false,
    name: "",
    message,
    stack: "",
    props: null,
    cause: null,
    value: sent,
  };
}

/** Own enumerable properties of `value` with simple values, or `null`. */
function simpleProps(
  value: object,
): Record<string, string | number | boolean | null> | null {
  let props: Record<string, string | number | boolean | null> | null = null;
  try {
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (
        v === null || typeof v === "string" || typeof v === "number" ||
        typeof v === "boolean"
      ) {
        props ??= {};
        // a key named "__proto__" stays an own property
        Object.defineProperty(props, key, {
          value: v,
          writable: true,
          configurable: true,
          enumerable: true,
        });
      }
    }
  } catch {
    return props;
  }
  return props;
}

/**
 * The thrown value an {@linkcode ErrorRecord} describes: a built-in error
 * class when the name is one, else an `Error` subclass of that name;
 * message, stack, simple properties and cause restored. Properties are
 * defined, never assigned, so a key like `__proto__` cannot change the
 * error's prototype.
 */
export function reviveError(record: ErrorRecord): unknown {
  if (!record.isError) return record.value;
  const error = new (errorClassNamed(record.name))(record.message);
  const define = (key: string, value: unknown, enumerable: boolean) =>
    Object.defineProperty(error, key, {
      value,
      writable: true,
      configurable: true,
      enumerable,
    });
  if (record.stack) define("stack", record.stack, false);
  if (record.props) {
    for (const key of Object.keys(record.props)) {
      if (key !== "name" && key !== "message" && key !== "stack") {
        define(key, record.props[key], true);
      }
    }
  }
  if (record.cause) define("cause", reviveError(record.cause), false);
  return error;
}

const remoteClasses = new Map<string, new (m?: string) => Error>();

/**
 * A class for errors named `name`: the built-in one when there is one, else
 * a subclass of `Error` whose name is `name` (made once per name, so
 * `Failure` prints the remote class name and errors of one name share a
 * class).
 */
export function errorClassNamed(name: string): new (m?: string) => Error {
  if (Object.hasOwn(BUILTIN_ERRORS, name)) return BUILTIN_ERRORS[name]!;
  let C = remoteClasses.get(name);
  if (C === undefined) {
    const Named = class extends Error {};
    Object.defineProperty(Named, "name", { value: name });
    Object.defineProperty(Named.prototype, "name", {
      value: name,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    C = Named;
    if (remoteClasses.size < 1000) remoteClasses.set(name, C);
  }
  return C;
}

function safeString(get: () => unknown, fallback: string): string {
  try {
    const v = get();
    return typeof v === "string" ? v : String(v);
  } catch {
    return fallback;
  }
}
