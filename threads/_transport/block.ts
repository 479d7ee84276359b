/**
 * The blocking call's shared-memory answer, both sides: a worker that calls
 * `blockingCallFromThread` posts a `BLOCK` record and waits in
 * `Atomics.wait` on its control buffer (`protocol.ts`, `Ctrl`); the main
 * thread runs the call and writes the encoded answer there (`codec.ts`).
 *
 * Why a sequence number: a wake-up is not an answer. `Atomics.notify` for
 * one call can arrive after the worker has moved on to its next call (it
 * saw the answer before it slept, then slept again on the next one), and a
 * wait may end on a timeout or spuriously. So every answer carries the
 * sequence number of the call it answers, written before the state, and
 * the worker waits in a loop until the state is not `WAITING` *and* the
 * sequence number is its own — never reading bytes meant for another call.
 *
 * An answer too big for the area is announced (`TOO_BIG`, with its
 * length); the worker makes a buffer of that size and sends `BLOCK_MORE`
 * with it, and the main thread writes the answer there, under the same
 * rule.
 *
 * @module
 */
import { describeError } from "../../_util/describe.ts";
import { decode, encode } from "./codec.ts";
import { Answer, Ctrl } from "./protocol.ts";

/** Waits until `words` holds the answer to call `seq`; returns its state. */
export function awaitAnswer(words: Int32Array, seq: number): number {
  for (;;) {
    const state = Atomics.load(words, Ctrl.STATE);
    if (state !== Answer.WAITING && Atomics.load(words, Ctrl.SEQ) === seq) {
      return state;
    }
    // sleeps only while the state is still what was read: no lost wake-up
    Atomics.wait(words, Ctrl.STATE, state);
  }
}

/** Worker side: marks the buffer `words` as waiting for the next answer. */
export function expectAnswer(words: Int32Array): void {
  Atomics.store(words, Ctrl.STATE, Answer.WAITING);
}

/** Worker side: the answer in `buffer` (its `LENGTH` bytes from `DATA`). */
export function readAnswer(
  buffer: SharedArrayBuffer,
  words: Int32Array,
): unknown {
  const length = Atomics.load(words, Ctrl.LENGTH);
  return decode(new Uint8Array(buffer, Ctrl.DATA, length).slice());
}

/** An encoded answer, with the state it is written under. */
export interface EncodedAnswer {
  readonly state: number;
  readonly bytes: Uint8Array;
}

/**
 * Main side: `value` (a result when `ok`, else the error) encoded; a value
 * that cannot be encoded becomes a `TypeError` saying so.
 */
export function encodeAnswer(ok: boolean, value: unknown): EncodedAnswer {
  try {
    return { state: ok ? Answer.OK : Answer.ERR, bytes: encode(value) };
  } catch (e) {
    return {
      state: Answer.ERR,
      bytes: encode(
        new TypeError(
          `blockingCallFromThread: the ${
            ok ? "result" : "error"
          } could not be sent to the worker: ${describeError(e)}`,
        ),
      ),
    };
  }
}

/**
 * Main side: writes `answer` to call `seq` into `buffer` and wakes the
 * worker; returns `false` (having written `TOO_BIG` and the length) when
 * it does not fit.
 */
export function writeAnswer(
  buffer: SharedArrayBuffer,
  seq: number,
  answer: EncodedAnswer,
): boolean {
  const words = new Int32Array(buffer, 0, Ctrl.DATA / 4);
  const fits = answer.bytes.length <= buffer.byteLength - Ctrl.DATA;
  if (fits) new Uint8Array(buffer, Ctrl.DATA).set(answer.bytes);
  Atomics.store(words, Ctrl.LENGTH, answer.bytes.length);
  Atomics.store(words, Ctrl.SEQ, seq);
  Atomics.store(words, Ctrl.STATE, fits ? answer.state : Answer.TOO_BIG);
  Atomics.notify(words, Ctrl.STATE);
  return fits;
}
