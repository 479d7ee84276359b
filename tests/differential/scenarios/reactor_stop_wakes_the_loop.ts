/** stop() called from outside the loop while it waits: Twisted's stop() does not wake the loop, so shutdown waits for the next timed call; twisted-ts's stop() calls wakeUp(), so shutdown comes at once (declared difference). */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

class Recording extends DeterministicReactor {
  outside: (() => void) | undefined = undefined;
  woken = false;

  override wakeUp(): void {
    emit("wakeUp");
    this.woken = true;
    super.wakeUp();
  }

  override doIteration(delay: number | undefined): void {
    emit("doIteration", delay);
    const outside = this.outside;
    if (outside !== undefined) {
      // code outside the loop runs while the loop waits
      this.outside = undefined;
      outside();
    }
    if (this.woken) {
      this.woken = false;
      emit("the wait ends early, at", this.now);
      delay = 0;
    }
    super.doIteration(delay);
  }
}

export async function main(): Promise<void> {
  const r = new Recording();
  r.outside = () => {
    emit("stop() from outside the loop, at", r.now);
    r.stop();
  };
  r.callLater(100, () => emit("timed call at", r.now));
  r.addSystemEventTrigger(
    "during",
    "shutdown",
    () => emit("shutdown at", r.now),
  );
  await r.run();
  emit("run returned at", r.now);
}
