/** While a before-startup trigger's Deferred has not fired, Twisted's loop passes doIteration False (`running and timeout()`: it polls without sleeping) and twisted-ts passes the time to the next call (declared difference). */
import { Deferred } from "../../../mod.ts";
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

class Recording extends DeterministicReactor {
  iterations = 0;
  readonly startup = new Deferred<null>();

  override doIteration(delay: number | undefined): void {
    this.iterations++;
    emit("doIteration", delay, "running", this.running);
    if (this.iterations === 2) {
      emit("the startup Deferred fires");
      this.startup.callback(null);
    }
    super.doIteration(delay);
  }
}

export async function main(): Promise<void> {
  const r = new Recording();
  r.addSystemEventTrigger("before", "startup", () => r.startup);
  r.callWhenRunning(() => emit("running at", r.now));
  r.callLater(5, () => emit("timed call at", r.now));
  r.callLater(10, r.stop);
  await r.run();
  emit("run returned at", r.now);
}
