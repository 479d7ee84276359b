/** stop() on a reactor that is not running raises ReactorNotRunning; run() after a completed stop raises ReactorNotRestartable. */
import {
  ReactorAlreadyRunning,
  ReactorNotRestartable,
  ReactorNotRunning,
} from "../../../mod.ts";
import { DeterministicReactor } from "./_reactor.ts";
import { emit, kind } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  try {
    r.stop();
  } catch (e) {
    if (!(e instanceof ReactorNotRunning)) throw e;
    emit("stop before run", kind(e));
  }
  r.callWhenRunning(() => {
    try {
      void r.run();
    } catch (e) {
      if (!(e instanceof ReactorAlreadyRunning)) throw e;
      emit("run inside run", kind(e));
    }
    r.stop();
    try {
      r.stop();
    } catch (e) {
      if (!(e instanceof ReactorNotRunning)) throw e;
      emit("second stop", kind(e));
    }
  });
  await r.run();
  try {
    await r.run();
  } catch (e) {
    if (!(e instanceof ReactorNotRestartable)) throw e;
    emit("run after stop", kind(e));
  }
}
