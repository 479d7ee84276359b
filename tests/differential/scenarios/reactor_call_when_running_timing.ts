/** callWhenRunning before run() waits for startup (in registration order); once running it calls at once and returns None. */
import { DeterministicReactor } from "./_reactor.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  const r = new DeterministicReactor();
  const first = r.callWhenRunning(emit, "first", 1);
  r.callWhenRunning(() => emit("second", r.running));
  emit("before run, registration id is returned", first !== undefined);
  r.callWhenRunning(() => {
    emit("immediate call returned", r.callWhenRunning(emit, "immediate"));
    r.stop();
  });
  await r.run();
}
