/**
 * The shape check of what a worker sends: before the main thread acts on a
 * batch, every record in it must be a worker-to-main opcode followed by
 * fields of the right types. What the fields refer to (a task in flight on
 * that worker, a proxy of that task) is the link's check; this one makes
 * sure the link can read the batch without throwing.
 *
 * Cost: one pass of a few `typeof` tests per record, ~1–2 ns each.
 *
 * @module
 */
import { type ErrorRecord, FIELDS, Op } from "./protocol.ts";

/**
 * `undefined` when `data` is a well-formed batch from a worker, else what
 * is wrong with it, in words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkBatch } from "./records.ts";
 * import { Op } from "./protocol.ts";
 * assert.equal(checkBatch([Op.OK, 1, "result"]), undefined);
 * assert.match(checkBatch(null)!, /not a batch/);
 * assert.match(checkBatch([Op.OK, -1, 0])!, /task id/);
 * ```
 */
export function checkBatch(data: unknown): string | undefined {
  if (!Array.isArray(data) || data.length === 0) {
    return `not a batch of records: ${describeRecord(data)}`;
  }
  const batch = data as unknown[];
  for (let i = 0; i < batch.length;) {
    const op = batch[i];
    const fields = typeof op === "number" ? FIELDS[op] : undefined;
    if (fields === undefined || (op as number) < Op.READY) {
      return `record ${i}: unknown opcode ${describeRecord(op)}`;
    }
    if (i + fields >= batch.length) {
      return `record ${i}: opcode ${op} needs ${fields} fields`;
    }
    const problem = checkFields(op as number, batch, i);
    if (problem !== undefined) return `record ${i}: ${problem}`;
    i += 1 + fields;
  }
  return undefined;
}

function checkFields(
  op: number,
  batch: unknown[],
  i: number,
): string | undefined {
  const a = batch[i + 1], b = batch[i + 2];
  switch (op) {
    case Op.OK:
    case Op.SKIPPED:
      return isId(a) ? undefined : `bad task id ${describeRecord(a)}`;
    case Op.ERR:
      if (!isId(a)) return `bad task id ${describeRecord(a)}`;
      return isErrorRecord(b, 0) ? undefined : "a malformed error record";
    case Op.CALL:
      if (!isId(a)) return `bad task id ${describeRecord(a)}`;
      if (!isId(b)) return `bad proxy token ${describeRecord(b)}`;
      return Array.isArray(batch[i + 3]) ? undefined : "arguments not an array";
    case Op.BLOCK: {
      const target = batch[i + 3];
      if (!(a === 0 || isId(a))) return `bad task id ${describeRecord(a)}`;
      if (!isInt32(b)) return `bad call number ${describeRecord(b)}`;
      if (
        !isId(target) &&
        !(Array.isArray(target) && target.length === 2 &&
          typeof target[0] === "string" && typeof target[1] === "string")
      ) return "a blocking call of neither a proxy nor a task";
      return Array.isArray(batch[i + 4]) ? undefined : "arguments not an array";
    }
    case Op.BLOCK_MORE:
      if (!isInt32(a)) return `bad call number ${describeRecord(a)}`;
      return b instanceof SharedArrayBuffer
        ? undefined
        : "a larger answer buffer that is not a SharedArrayBuffer";
    case Op.HEAP:
      return typeof a === "number" && a >= 0
        ? undefined
        : `bad heap size ${describeRecord(a)}`;
    case Op.DYING:
      if (typeof a !== "string") return "a reason that is not a string";
      return b === null || isErrorRecord(b, 0)
        ? undefined
        : "a malformed error record";
    case Op.LOG:
      if (!isErrorRecord(a, 0)) return "a malformed error record";
      return typeof b === "string"
        ? undefined
        : "a reason that is not a string";
  }
  return undefined; // READY, BYE: no fields
}

function isId(v: unknown): v is number {
  return typeof v === "number" && v > 0 && Number.isSafeInteger(v);
}

function isInt32(v: unknown): v is number {
  return typeof v === "number" && (v | 0) === v;
}

/** Whether `v` has the shape of an {@linkcode ErrorRecord}. */
export function isErrorRecord(v: unknown, depth: number): v is ErrorRecord {
  if (typeof v !== "object" || v === null || depth > 8) return false;
  const r = v as Record<string, unknown>;
  if (
    typeof r.isError !== "boolean" || typeof r.name !== "string" ||
    typeof r.message !== "string" || typeof r.stack !== "string"
  ) return false;
  const props = r.props;
  if (props !== null) {
    if (typeof props !== "object" || Array.isArray(props)) return false;
    for (const key of Object.keys(props as object)) {
      const p = (props as Record<string, unknown>)[key];
      if (
        p !== null && typeof p !== "string" && typeof p !== "number" &&
        typeof p !== "boolean"
      ) return false;
    }
  }
  return r.cause === null || isErrorRecord(r.cause, depth + 1);
}

/** A few words on what `v` is, for a log line about a bad record. */
export function describeRecord(v: unknown): string {
  try {
    if (v === null) return "null";
    if (Array.isArray(v)) return `an array of length ${v.length}`;
    if (typeof v === "object") return "an object";
    if (typeof v === "string") return JSON.stringify(v.slice(0, 40));
    return String(v);
  } catch {
    return "an unprintable value";
  }
}
