/** log.err(exception or Failure, why) reaches observers as one error event with the Failure and the reason. */
import { Failure, log } from "../../../mod.ts";
import { captureLog, emit } from "../trace.ts";

export function main(): void {
  const capture = captureLog({ why: true });
  try {
    log.err(new RangeError("disk full"), "while saving");
    log.err(new Failure(new TypeError("bad type")));
  } finally {
    capture.stop();
  }
  emit("done");
}
