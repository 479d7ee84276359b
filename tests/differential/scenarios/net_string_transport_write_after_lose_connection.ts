/** A write after loseConnection: Twisted's StringTransport records it; ours refuses it, unless a producer is registered. */
import { StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Producer {
  resumeProducing() {}
  stopProducing() {}
}

export function main(): void {
  const t = new StringTransport();
  t.write("bye");
  t.loseConnection();
  try {
    t.write(" late");
    emit("late write accepted");
  } catch {
    emit("late write refused");
  }
  emit("value", t.value());
  const u = new StringTransport();
  u.registerProducer(new Producer(), false);
  u.loseConnection();
  u.write("producer finishing");
  emit("with a producer", u.value());
}
