/** Clock.advance runs every call that is due, earliest first, and leaves later ones pending; seconds() moves with it. */
import { Clock } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  emit("starts at", clock.seconds());
  clock.callLater(3, emit, "three", 3);
  clock.callLater(1, emit, "one");
  clock.callLater(2.5, () => emit("two and a half", clock.seconds()));
  clock.callLater(10, emit, "ten");
  emit("pending", clock.getDelayedCalls().map((c) => c.getTime()));
  clock.advance(3);
  emit(
    "now",
    clock.seconds(),
    clock.getDelayedCalls().map((c) => c.getTime()),
  );
  clock.advance(6.5);
  emit("now", clock.seconds());
  clock.pump([0.25, 0.25]);
  emit("now", clock.seconds(), clock.getDelayedCalls().length);
}
