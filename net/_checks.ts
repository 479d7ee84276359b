/**
 * Argument checks shared inside `net/`.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { IProtocol } from "../reactor/io_interfaces.ts";

/**
 * `value` if it is a protocol (an object with `makeConnection`,
 * `dataReceived` and `connectionLost` methods); a `TypeError` naming
 * `what` and the value otherwise. For what `buildProtocol` returned:
 * check `null`/`undefined` (a refused connection) first.
 */
export function requireProtocol(what: string, value: unknown): IProtocol {
  const p = value as Partial<IProtocol> | null;
  if (
    p === null || typeof p !== "object" ||
    typeof p.makeConnection !== "function" ||
    typeof p.dataReceived !== "function" ||
    typeof p.connectionLost !== "function"
  ) {
    throw new TypeError(
      `${what} must be a protocol (an object with makeConnection, dataReceived and connectionLost), got ${
        describeValue(value)
      }`,
    );
  }
  return p as IProtocol;
}
