/** Firing a Deferred again from inside its own callback raises AlreadyCalledError there, which becomes a Failure. */
import { AlreadyCalledError, Deferred } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const d = new Deferred<string>();
  d.addCallback(() => {
    try {
      d.callback("again");
    } catch (e) {
      if (!(e instanceof AlreadyCalledError)) throw e;
      emit("inner raise", kind(e));
    }
    d.errback(new RangeError("again"));
  });
  d.addErrback((f) => emit("errback", f));
  d.callback("once");
  try {
    d.callback("outside");
  } catch (e) {
    if (!(e instanceof AlreadyCalledError)) throw e;
    emit("outer raise", kind(e));
  }
}
